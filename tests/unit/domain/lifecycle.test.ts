import { describe, expect, it } from 'vitest';
import { applyEvent, emptyFold, foldTicket, sortsAfter } from '../../../shared/domain';
import { createdData, MIN, stream, T0 } from './fixtures';

function fullLifecycle() {
  const s = stream();
  s.add('created', T0, createdData());
  s.add('updated', T0 + 1 * MIN, { title: '更新后的标题', faultLevel: 2 });
  s.add('preprocessed', T0 + 2 * MIN, { result: 'failed', segment: '接入段' });
  s.add('dispatched', T0 + 5 * MIN, { center: 'support', handler: '王工' });
  s.add('transferred', T0 + 10 * MIN, { center: 'cable', reason: '光缆' });
  s.add('accepted', T0 + 12 * MIN, { handler: '李工' });
  s.add('progress', T0 + 20 * MIN, { note: '已到现场' });
  s.add('suspended', T0 + 30 * MIN, { reason: '等待业主', approvedBy: 'group' });
  s.add('resumed', T0 + 50 * MIN, {});
  s.add('repaired', T0 + 90 * MIN, { cause: '光缆被挖断', resolution: '熔接' });
  s.add('confirmed', T0 + 95 * MIN, { by: '监控中心' });
  s.add('closed', T0 + 100 * MIN, {});
  s.add('report-filed', T0 + 200 * MIN, { kind: 'fault-report' });
  s.add('callback', T0 + 300 * MIN, { satisfaction: 'satisfied' });
  return s;
}

describe('lifecycle reducer', () => {
  it('applies every event type of a full lifecycle', () => {
    const { facts, history, rejected } = foldTicket(fullLifecycle().events);
    expect(rejected).toEqual([]);
    expect(facts).toMatchObject({
      incomplete: false,
      title: '更新后的标题',
      faultLevel: 2,
      stage: 'closed',
      center: 'cable',
      handler: '李工',
      createdAt: T0,
      repairedAt: T0 + 90 * MIN,
      confirmedAt: T0 + 95 * MIN,
      closedAt: T0 + 100 * MIN,
      cause: '光缆被挖断',
      satisfaction: 'satisfied',
      faultReportFiledAt: T0 + 200 * MIN,
      suspension: null,
      suspensions: [{ from: T0 + 30 * MIN, to: T0 + 50 * MIN, reason: '等待业主', approvedBy: 'group' }],
      transferCount: 1,
      lastEventSeq: 14,
    });
    expect(history).toMatchObject({
      firstDispatchAt: T0 + 5 * MIN,
      handoffs: [
        { at: T0 + 5 * MIN, seq: 4 },
        { at: T0 + 10 * MIN, seq: 5 },
      ],
      accepts: [{ at: T0 + 12 * MIN, seq: 6 }],
    });
  });

  it.each([
    ['stage after created', 1, 'accepted'],
    ['stage after failed pre-processing', 3, 'preprocessing'],
    ['stage after dispatch', 4, 'dispatched'],
    ['stage after accept', 6, 'inRepair'],
    ['stage after repair', 10, 'repaired'],
    ['stage after confirmation', 11, 'confirmed'],
  ])('%s', (_, count, stage) => {
    expect(foldTicket(fullLifecycle().events.slice(0, count)).facts.stage).toBe(stage);
  });

  it('resolved pre-processing goes straight to recovery confirmation', () => {
    const s = stream();
    s.add('created', T0, createdData());
    s.add('preprocessed', T0 + MIN, { result: 'resolved' });
    s.add('confirmed', T0 + 2 * MIN, {});
    const fold = foldTicket(s.events);
    expect(fold.rejected).toEqual([]);
    expect(fold.facts.stage).toBe('confirmed');
    expect(fold.history.firstDispatchAt).toBe(T0 + MIN);
  });

  it.each([
    ['accepted on a closed ticket', 'accepted', { handler: 'x' }, /closed/],
    ['dispatched on a closed ticket', 'dispatched', { center: 'support' }, /closed/],
    ['a second created', 'created', createdData(), /duplicate created/],
    ['reopened on an open ticket', 'reopened', { reason: 'x' }, /reopened while open/],
    ['resumed without suspension', 'resumed', {}, /without a suspension/],
  ] as const)('rejects %s', (_, type, data, reason) => {
    const s = stream();
    s.add('created', T0, createdData());
    if (type === 'accepted' || type === 'dispatched') s.add('closed', T0 + MIN, {});
    const bad = s.add(type, T0 + 2 * MIN, data as never);
    const fold = foldTicket(s.events);
    expect(fold.rejected).toEqual([{ event: bad, reason: expect.stringMatching(reason) }]);
  });

  it('rejects suspended while suspended and confirmed before any repair', () => {
    const s = stream();
    s.add('created', T0, createdData());
    const confirm = s.add('confirmed', T0 + MIN, {});
    s.add('suspended', T0 + 2 * MIN, { reason: 'a', approvedBy: 'group' });
    const again = s.add('suspended', T0 + 3 * MIN, { reason: 'b', approvedBy: 'province' });
    expect(foldTicket(s.events).rejected.map((r) => r.event)).toEqual([confirm, again]);
  });

  it('makes a placeholder for events before created and fills it when created comes', () => {
    const s = stream();
    const dispatched = s.add('dispatched', T0 + 5 * MIN, { center: 'support' });
    const placeholder = foldTicket([dispatched]);
    expect(placeholder.facts).toMatchObject({ incomplete: true, stage: 'dispatched', ticketId: 'JS-NJ-1', customer: null });
    s.add('created', T0, createdData());
    const filled = foldTicket(s.events);
    expect(filled.facts).toMatchObject({ incomplete: false, stage: 'dispatched', createdAt: T0, service: 'mpls-vpn' });
  });

  it('a rejection depends on (at, seq) order, not arrival: a late suspension makes a resume applicable', () => {
    const s = stream();
    s.add('created', T0, createdData());
    const resumed = s.add('resumed', T0 + 20 * MIN, {});
    expect(foldTicket(s.events).rejected.map((r) => r.event)).toEqual([resumed]);
    s.add('suspended', T0 + 10 * MIN, { reason: '等待', approvedBy: 'province' });
    expect(foldTicket(s.events).rejected).toEqual([]);
  });

  it('reopen returns a repaired ticket to repair and clears its closing facts', () => {
    const s = stream();
    s.add('created', T0, createdData());
    s.add('accepted', T0 + MIN, { handler: '王工' });
    s.add('repaired', T0 + 10 * MIN, { cause: 'c', resolution: 'r' });
    s.add('closed', T0 + 20 * MIN, {});
    s.add('reopened', T0 + 30 * MIN, { reason: '复发' });
    expect(foldTicket(s.events).facts).toMatchObject({ stage: 'inRepair', closedAt: null, repairedAt: null, reopenCount: 1 });
  });

  it('applyEvent after the last event equals a full fold and leaves the old fold untouched', () => {
    const { events } = fullLifecycle();
    let fold = emptyFold('JS-NJ-1');
    for (const event of events) {
      expect(sortsAfter(fold, event)).toBe(true);
      const before = structuredClone(fold);
      const next = applyEvent(fold, event);
      expect(fold).toEqual(before);
      fold = next;
    }
    expect(fold).toEqual(foldTicket(events));
  });

  it('sortsAfter is false for an event that sorts before the last one processed, rejected ones included', () => {
    const s = stream();
    s.add('created', T0, createdData());
    s.add('resumed', T0 + 20 * MIN, {});
    const fold = foldTicket(s.events);
    const late = s.add('suspended', T0 + 10 * MIN, { reason: 'x', approvedBy: 'group' });
    expect(sortsAfter(fold, late)).toBe(false);
    const sameAtLowerSeq = { ...late, at: s.events[1]!.at, seq: 1 };
    expect(sortsAfter(fold, sameAtLowerSeq)).toBe(false);
    expect(sortsAfter(fold, { ...late, at: s.events[1]!.at, seq: 99 })).toBe(true);
  });

  it('arrival order does not change the fold', () => {
    const { events } = fullLifecycle();
    expect(foldTicket([...events].reverse())).toEqual(foldTicket(events));
  });
});

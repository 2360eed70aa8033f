import { describe, expect, it } from 'vitest';
import {
  clocksAt,
  currentClocks,
  evaluate,
  foldTicket,
  loadDefaultPolicy,
  nextReportDue,
  type Clock,
  type ClockName,
  type Evaluation,
  type Policy,
} from '../../../shared/domain';
import type { CustomerTier } from '../../../shared/protocol';
import { createdData, HOUR, MIN, report, SEC, stream, T0 } from './fixtures';

const policy = loadDefaultPolicy();
const tierOf = (tier: CustomerTier) => createdData({ customer: { id: 'C', name: '客户', tier } });

function clock(evaluation: Evaluation, name: ClockName, index?: number): Clock {
  const found = evaluation.clocks.filter((c) => c.name === name && (index === undefined || c.index === index));
  const last = found[found.length - 1];
  if (!last) throw new Error(`no ${name} clock`);
  return last;
}

describe('dispatch clock (15 min): states and boundaries', () => {
  const running = stream();
  running.add('created', T0, createdData());
  it.each([
    ['ok before the warning share', 11 * MIN + 59 * SEC, 'ok'],
    ['warning at exactly 80%', 12 * MIN, 'warning'],
    ['warning at exactly the limit', 15 * MIN, 'warning'],
    ['breached one second past', 15 * MIN + SEC, 'breached'],
  ])('running: %s', (_, offset, state) => {
    const c = clock(evaluate(running.events, [], policy, T0 + offset), 'dispatch');
    expect(c).toMatchObject({ state, startedAt: T0, dueAt: T0 + 15 * MIN, warnAt: T0 + 12 * MIN, stoppedAt: null, elapsedMs: offset });
    expect(c.breachedAt).toBe(state === 'breached' ? T0 + 15 * MIN : null);
  });

  it.each([
    ['met when stopped exactly at the limit', 15 * MIN, 'met'],
    ['metLate one second later', 15 * MIN + SEC, 'metLate'],
    ['met by resolved pre-processing', 3 * MIN, 'met'],
  ])('%s', (name, offset, state) => {
    const s = stream();
    s.add('created', T0, createdData());
    if (name.includes('pre-processing')) s.add('preprocessed', T0 + offset, { result: 'resolved' });
    else s.add('dispatched', T0 + offset, { center: 'support' });
    const c = clock(evaluate(s.events, [], policy, T0 + HOUR), 'dispatch');
    expect(c).toMatchObject({ state, stoppedAt: T0 + offset, elapsedMs: offset, limitMs: 15 * MIN });
  });
});

describe('accept clock (30 min per dispatch or transfer)', () => {
  const s = stream();
  s.add('created', T0, createdData());
  s.add('dispatched', T0 + 5 * MIN, { center: 'support' });
  s.add('transferred', T0 + 40 * MIN, { center: 'cable' });
  s.add('accepted', T0 + 70 * MIN + SEC, { handler: '李工' });

  it('a transfer starts a new accept clock and keeps the first in the history', () => {
    const e = evaluate(s.events, [], policy, T0 + 2 * HOUR);
    expect(e.clocks.filter((c) => c.name === 'accept').map((c) => [c.index, c.state, c.startedAt, c.stoppedAt])).toEqual([
      [0, 'metLate', T0 + 5 * MIN, T0 + 40 * MIN],
      [1, 'metLate', T0 + 40 * MIN, T0 + 70 * MIN + SEC],
    ]);
    expect(currentClocks(e).find((c) => c.name === 'accept')?.index).toBe(1);
  });

  it('the current accept clock is breached before the late acceptance', () => {
    expect(clock(evaluate(s.events, [], policy, T0 + 70 * MIN + SEC / 2), 'accept')).toMatchObject({ index: 1, state: 'breached' });
  });
});

describe('repair clock (policy matrix; suspension excluded; reopen resumes)', () => {
  it('suspension in the middle pauses it and the paused time is kept', () => {
    const s = stream();
    s.add('created', T0, createdData()); // mpls-vpn, group: 4 h
    s.add('suspended', T0 + HOUR, { reason: '等待业主开门', approvedBy: 'group' });
    s.add('resumed', T0 + 3 * HOUR, {});
    s.add('repaired', T0 + 5 * HOUR, { cause: 'c', resolution: 'r' });
    expect(clock(evaluate(s.events, [], policy, T0 + 2 * HOUR), 'repair')).toMatchObject({
      state: 'ok',
      dueAt: null,
      warnAt: null,
      elapsedMs: HOUR,
      pausedMs: HOUR,
    });
    expect(clock(evaluate(s.events, [], policy, T0 + 4 * HOUR), 'repair')).toMatchObject({ elapsedMs: 2 * HOUR, dueAt: T0 + 6 * HOUR });
    expect(clock(evaluate(s.events, [], policy, T0 + 6 * HOUR), 'repair')).toMatchObject({
      state: 'met',
      elapsedMs: 3 * HOUR,
      pausedMs: 2 * HOUR,
      stoppedAt: T0 + 5 * HOUR,
      limit: { hours: 4 },
    });
  });

  it('suspension spanning National Day on a working-day limit (物流E通, 3 working days)', () => {
    const at = (text: string) => Date.parse(text);
    const s = stream();
    s.add('created', at('2026-09-30T10:00:00+08:00'), createdData({ service: 'logistics-e' }));
    s.add('suspended', at('2026-09-30T16:00:00+08:00'), { reason: '客户放假', approvedBy: 'province' });
    s.add('resumed', at('2026-10-09T08:00:00+08:00'), {});
    const c = clock(evaluate(s.events, [], policy, at('2026-10-10T10:00:00+08:00')), 'repair');
    // 6 h on 30 Sep, 16 h on 9 Oct, 10 h on Saturday 10 Oct (a make-up working day).
    expect(c).toMatchObject({ state: 'ok', elapsedMs: 32 * HOUR, limitMs: 72 * HOUR, limit: { workingDays: 3 } });
    expect(c.pausedMs).toBe(at('2026-10-09T08:00:00+08:00') - at('2026-09-30T16:00:00+08:00'));
    // 40 h left: 14 h on 10 Oct, Sunday off, 24 h Monday, 2 h Tuesday.
    expect(c.dueAt).toBe(at('2026-10-13T02:00:00+08:00'));
  });

  it('reopen resumes the clock from the reopen; the closed time does not count', () => {
    const s = stream();
    s.add('created', T0, createdData());
    s.add('repaired', T0 + HOUR, { cause: 'c', resolution: 'r' });
    s.add('closed', T0 + 2 * HOUR, {});
    s.add('reopened', T0 + 10 * HOUR, { reason: '复发' });
    s.add('repaired', T0 + 13 * HOUR + 30 * MIN, { cause: 'c', resolution: 'r' });
    expect(clock(evaluate(s.events, [], policy, T0 + 5 * HOUR), 'repair')).toMatchObject({ state: 'met', elapsedMs: HOUR });
    expect(clock(evaluate(s.events, [], policy, T0 + 12 * HOUR), 'repair')).toMatchObject({
      state: 'ok',
      stoppedAt: null,
      elapsedMs: 3 * HOUR,
      dueAt: T0 + 13 * HOUR,
    });
    expect(clock(evaluate(s.events, [], policy, T0 + 14 * HOUR), 'repair')).toMatchObject({ state: 'metLate', elapsedMs: 4.5 * HOUR, breachedAt: T0 + 13 * HOUR });
    // Each repair starts a confirm clock: the first stopped unconfirmed by the close.
    const confirms = evaluate(s.events, [], policy, T0 + 14 * HOUR).clocks.filter((c) => c.name === 'confirm');
    expect(confirms.map((c) => [c.index, c.state, c.startedAt, c.stoppedAt])).toEqual([
      [0, 'metLate', T0 + HOUR, T0 + 2 * HOUR],
      [1, 'breached', T0 + 13 * HOUR + 30 * MIN, null],
    ]);
  });
});

describe('confirm clock (15 min) and fault report (24 h)', () => {
  it.each([
    [15 * MIN, 'met'],
    [15 * MIN + SEC, 'metLate'],
  ])('confirmation %i ms after repair is %s', (offset, state) => {
    const s = stream();
    s.add('created', T0, createdData());
    s.add('repaired', T0 + HOUR, { cause: 'c', resolution: 'r' });
    s.add('confirmed', T0 + HOUR + offset, {});
    expect(clock(evaluate(s.events, [], policy, T0 + 3 * HOUR), 'confirm').state).toBe(state);
  });

  const confirmed = () => {
    const s = stream();
    s.add('created', T0, createdData());
    s.add('repaired', T0 + HOUR, { cause: 'c', resolution: 'r' });
    s.add('confirmed', T0 + 2 * HOUR, {});
    s.add('closed', T0 + 3 * HOUR, {});
    return s;
  };

  it.each([
    [24 * HOUR, 'met'],
    [24 * HOUR + SEC, 'metLate'],
  ])('a report filed %i ms after confirmation is %s', (offset, state) => {
    const s = confirmed();
    s.add('report-filed', T0 + 2 * HOUR + offset, { kind: 'fault-report' });
    expect(clock(evaluate(s.events, [], policy, T0 + 30 * HOUR), 'faultReport').state).toBe(state);
  });

  it('runs past the close, is stopped by an acknowledged fault report too, and is the next report due', () => {
    const s = confirmed();
    const open = evaluate(s.events, [], policy, T0 + 4 * HOUR);
    expect(clock(open, 'faultReport')).toMatchObject({ state: 'ok', dueAt: T0 + 26 * HOUR });
    expect(nextReportDue(open)).toEqual({ kind: 'fault-report', dueAt: T0 + 26 * HOUR });
    const done = evaluate(s.events, [report('fault-report', T0 + 5 * HOUR, T0 + 6 * HOUR)], policy, T0 + 7 * HOUR);
    expect(clock(done, 'faultReport')).toMatchObject({ state: 'met', stoppedAt: T0 + 5 * HOUR });
    expect(nextReportDue(done)).toBeNull();
  });
});

describe('cadences: upward progress (group) and stage feedback', () => {
  const s = stream();
  s.add('created', T0, createdData());

  it('cycles restart at each acknowledged report; the first counts from creation', () => {
    const reports = [report('progress', T0 + 20 * MIN), report('progress', T0 + 55 * MIN)];
    const e = evaluate(s.events, reports, policy, T0 + 100 * MIN);
    expect(e.clocks.filter((c) => c.name === 'upwardProgress').map((c) => [c.index, c.state, c.elapsedMs])).toEqual([
      [0, 'met', 20 * MIN],
      [1, 'metLate', 35 * MIN],
      [2, 'breached', 45 * MIN],
    ]);
    expect(clock(e, 'stageFeedback')).toMatchObject({ index: 0, state: 'breached', elapsedMs: 100 * MIN });
  });

  it('a report acknowledged after the breach turns the cycle met only from its acknowledgement', () => {
    const reports = [report('stage-feedback', T0 + 25 * MIN, T0 + 40 * MIN)];
    expect(clock(evaluate(s.events, reports, policy, T0 + 35 * MIN), 'stageFeedback')).toMatchObject({ index: 0, state: 'breached' });
    const after = evaluate(s.events, reports, policy, T0 + 40 * MIN);
    expect(clock(after, 'stageFeedback', 0)).toMatchObject({ state: 'met', stoppedAt: T0 + 25 * MIN });
    expect(clock(after, 'stageFeedback', 1)).toMatchObject({ state: 'ok', elapsedMs: 15 * MIN, dueAt: T0 + 55 * MIN });
  });

  it('a report created after the limit makes the cycle metLate', () => {
    const reports = [report('stage-feedback', T0 + 35 * MIN, T0 + 36 * MIN)];
    expect(clock(evaluate(s.events, reports, policy, T0 + 40 * MIN), 'stageFeedback', 0).state).toBe('metLate');
  });

  it('stops with the close and resumes on reopen', () => {
    const t = stream();
    t.add('created', T0, createdData());
    t.add('repaired', T0 + 10 * MIN, { cause: 'c', resolution: 'r' });
    t.add('closed', T0 + 20 * MIN, {});
    t.add('reopened', T0 + 2 * HOUR, { reason: '复发' });
    const e = evaluate(t.events, [], policy, T0 + 2 * HOUR + 10 * MIN);
    expect(e.clocks.filter((c) => c.name === 'upwardProgress').map((c) => [c.state, c.startedAt])).toEqual([
      ['met', T0],
      ['ok', T0 + 2 * HOUR],
    ]);
  });

  it('the next report due is the soonest running cadence', () => {
    const e = evaluate(s.events, [report('progress', T0 + 10 * MIN)], policy, T0 + 15 * MIN);
    expect(nextReportDue(e)).toEqual({ kind: 'stage-feedback', dueAt: T0 + 30 * MIN });
  });
});

describe('first escalation (5 min) and fault-level response (optional)', () => {
  it.each([
    [5 * MIN, 'met'],
    [5 * MIN + SEC, 'metLate'],
  ])('a first upward report %i ms after creation is %s', (offset, state) => {
    const s = stream();
    s.add('created', T0, createdData());
    expect(clock(evaluate(s.events, [report('progress', T0 + offset)], policy, T0 + HOUR), 'firstEscalation').state).toBe(state);
  });

  const enabled: Policy = { ...policy, clocks: { ...policy.clocks, faultLevelResponse: { ...policy.clocks.faultLevelResponse, enabled: true } } };
  it.each([
    [1, 10 * MIN, 'met'],
    [1, 10 * MIN + SEC, 'metLate'],
    [2, HOUR, 'met'],
    [3, 2 * HOUR + SEC, 'metLate'],
  ])('fault level %i accepted after %i ms is %s', (faultLevel, offset, state) => {
    const s = stream();
    s.add('created', T0, createdData({ faultLevel }));
    s.add('accepted', T0 + offset, { handler: '王工' });
    expect(clock(evaluate(s.events, [], enabled, T0 + 3 * HOUR), 'faultLevelResponse').state).toBe(state);
    expect(clock(evaluate(s.events, [], policy, T0 + 3 * HOUR), 'faultLevelResponse').state).toBe('notApplicable');
  });
});

describe('applicability, next deadline, closing', () => {
  it.each([
    ['localC', ['faultReport', 'upwardProgress', 'stageFeedback', 'firstEscalation', 'check']],
    // Checked are group-tier faults and major faults (an A circuit, no fault level, is not major).
    ['province', ['upwardProgress', 'check']],
    ['group', []],
  ] as const)('a %s ticket has notApplicable %j', (tier, names) => {
    const s = stream();
    s.add('created', T0, tierOf(tier));
    const e = evaluate(s.events, [], policy, T0 + MIN);
    const na = e.clocks.filter((c) => c.state === 'notApplicable' && c.name !== 'faultLevelResponse').map((c) => c.name);
    expect(na).toEqual(names);
  });

  it('nextDueAt is the soonest dueAt of a running clock', () => {
    const s = stream();
    s.add('created', T0, createdData());
    s.add('dispatched', T0 + MIN, { center: 'support' });
    const e = evaluate(s.events, [report('progress', T0 + 2 * MIN)], policy, T0 + 3 * MIN);
    // accept due T0+31, cadences T0+32 / T0+30, repair T0+4h: stage feedback wins.
    expect(e.nextDueAt).toBe(T0 + 30 * MIN);
    expect(e.policyVersion).toBe(policy.version);
  });

  it('clocksAt of a fold equals evaluate', () => {
    const s = stream();
    s.add('created', T0, createdData());
    s.add('dispatched', T0 + MIN, { center: 'support' });
    const reports = [report('progress', T0 + 2 * MIN)];
    expect(clocksAt(foldTicket(s.events), reports, policy, T0 + HOUR)).toEqual(evaluate(s.events, reports, policy, T0 + HOUR));
  });

  it('closing stops every clock but the fault report', () => {
    const s = stream();
    s.add('created', T0, createdData());
    s.add('dispatched', T0 + MIN, { center: 'support' });
    s.add('suspended', T0 + 2 * MIN, { reason: 'x', approvedBy: 'group' });
    s.add('closed', T0 + HOUR, {});
    const e = evaluate(s.events, [], policy, T0 + 2 * HOUR);
    expect(e.facts.suspension).toBeNull();
    expect(e.clocks.every((c) => c.stoppedAt !== null || c.state === 'notApplicable')).toBe(true);
    expect(e.nextDueAt).toBeNull();
  });
});

// Equal times keep their (at, seq) order (domain.md, clock rules): an event stops
// only a clock started before it in that order. Real logs are written to the
// minute, so an `accepted` and a later `transferred` often share their `at`.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyEvent,
  clocksAt,
  emptyFold,
  foldTicket,
  loadDefaultPolicy,
  sortsAfter,
  type Clock,
  type ClockName,
  type Evaluation,
  type TicketFold,
} from '../../../shared/domain';
import type { FeedEvent } from '../../../shared/protocol';
import { createdData, HOUR, iso, MIN, T0 } from './fixtures';

const policy = loadDefaultPolicy();
const DAY = 24 * HOUR;

function clock(evaluation: Evaluation, name: ClockName, index: number): Clock {
  const found = evaluation.clocks.find((c) => c.name === name && c.index === index);
  if (!found) throw new Error(`no ${name}#${index} clock`);
  return found;
}

/** An event with the seq the upstream log gave it. */
function event(seq: number, type: FeedEvent['type'], at: number, data: object = {}): FeedEvent {
  return { seq, id: `e-${seq}`, ticketId: 'JS-NJ-20261123-0001', type, at: iso(at), data } as FeedEvent;
}

describe('a stop belongs to the clock started before it in (at, seq) order', () => {
  // The hand-worked case of the issue: the handler accepts (seq 17641) and, in the same
  // minute, the ticket is transferred (seq 17642). The accept belongs to the dispatch;
  // the transfer's new accept clock keeps running, and breaches 30 min later.
  const handoff = T0 + 20 * MIN;
  const events = [
    event(17001, 'created', T0, createdData()),
    event(17002, 'dispatched', T0 + 5 * MIN, { center: 'support' }),
    event(17641, 'accepted', handoff, { handler: '王工' }),
    event(17642, 'transferred', handoff, { center: 'cable', reason: '光缆故障' }),
  ];

  it('an accepted in the same minute as a later transfer stops the dispatch’s accept clock, not the transfer’s', () => {
    const e = clocksAt(foldTicket(events), [], policy, handoff + 31 * MIN);
    expect(clock(e, 'accept', 0)).toMatchObject({ state: 'met', startedAt: T0 + 5 * MIN, stoppedAt: handoff, elapsedMs: 15 * MIN });
    expect(clock(e, 'accept', 1)).toMatchObject({ state: 'breached', startedAt: handoff, stoppedAt: null, elapsedMs: 31 * MIN });
    // It keeps running for as long as nobody accepts (weeks, in the log this case came from).
    expect(clock(clocksAt(foldTicket(events), [], policy, handoff + 21 * DAY), 'accept', 1)).toMatchObject({ state: 'breached', stoppedAt: null });
  });

  it('whatever order the two arrive in', () => {
    const late = [events[0]!, events[1]!, events[3]!, events[2]!];
    const incremental = late.reduce(
      (fold: TicketFold, e, i) => (sortsAfter(fold, e) ? applyEvent(fold, e) : foldTicket(late.slice(0, i + 1))),
      emptyFold(events[0]!.ticketId),
    );
    const at = handoff + 31 * MIN;
    expect(clocksAt(incremental, [], policy, at)).toEqual(clocksAt(foldTicket(events), [], policy, at));
  });

  it('a transfer followed by an accepted in the same minute is accepted at once', () => {
    const accepted = [...events.slice(0, 2), event(17641, 'transferred', handoff, { center: 'cable' }), event(17642, 'accepted', handoff, { handler: '李工' })];
    const e = clocksAt(foldTicket(accepted), [], policy, handoff + HOUR);
    expect(clock(e, 'accept', 0)).toMatchObject({ state: 'met', stoppedAt: handoff });
    expect(clock(e, 'accept', 1)).toMatchObject({ state: 'met', stoppedAt: handoff, elapsedMs: 0 });
  });

  it('a repair in the same minute as the reopen before it stops the repair clock again and starts a confirm clock that runs', () => {
    const repairedAt = T0 + HOUR;
    const reopenedAt = T0 + 2 * HOUR;
    const list = [
      event(1, 'created', T0, createdData()),
      event(2, 'repaired', repairedAt, { cause: '光缆', resolution: '熔接' }),
      event(3, 'reopened', reopenedAt, { reason: '复发' }),
      event(4, 'repaired', reopenedAt, { cause: '光缆', resolution: '更换' }),
    ];
    const e = clocksAt(foldTicket(list), [], policy, reopenedAt + 20 * MIN);
    // The second repair belongs to the reopened episode: the repair clock stops again.
    expect(clock(e, 'repair', 0)).toMatchObject({ stoppedAt: reopenedAt, elapsedMs: HOUR });
    // The reopen came before the second repair: it stopped the first confirm clock, not the second.
    expect(clock(e, 'confirm', 0)).toMatchObject({ state: 'metLate', stoppedAt: reopenedAt });
    expect(clock(e, 'confirm', 1)).toMatchObject({ state: 'breached', startedAt: reopenedAt, stoppedAt: null, elapsedMs: 20 * MIN });
  });

  it('a close and a reopen in the same minute, then a transfer: the close stops nothing started after the reopen', () => {
    const closedAt = T0 + 3 * HOUR;
    const list = [
      event(1, 'created', T0, createdData()),
      event(2, 'dispatched', T0 + MIN, { center: 'support' }),
      event(3, 'accepted', T0 + 2 * MIN, { handler: '王工' }),
      event(4, 'repaired', T0 + HOUR, { cause: '光缆', resolution: '熔接' }),
      event(5, 'confirmed', T0 + HOUR + 5 * MIN),
      event(6, 'closed', closedAt),
      event(7, 'reopened', closedAt, { reason: '复发' }),
      event(8, 'transferred', closedAt, { center: 'cable' }),
    ];
    const e = clocksAt(foldTicket(list), [], policy, closedAt + 10 * MIN);
    expect(clock(e, 'accept', 1)).toMatchObject({ state: 'ok', startedAt: closedAt, stoppedAt: null, elapsedMs: 10 * MIN });
    // The repair clock resumed at the reopen: the close before it does not end the new episode.
    expect(clock(e, 'repair', 0)).toMatchObject({ stoppedAt: null, elapsedMs: HOUR + 10 * MIN });
  });
});

const STEPS = ['dispatched', 'transferred', 'accepted', 'repaired', 'confirmed', 'closed', 'reopened', 'preprocessed', 'suspended', 'resumed'] as const;
const DATA: Record<(typeof STEPS)[number], object> = {
  dispatched: { center: 'support' },
  transferred: { center: 'cable' },
  accepted: { handler: '王工' },
  repaired: { cause: 'c', resolution: 'r' },
  confirmed: {},
  closed: {},
  reopened: { reason: 'r' },
  preprocessed: { result: 'resolved' },
  suspended: { reason: 'r', approvedBy: 'group' },
  resumed: {},
};

/**
 * A ticket whose steps mostly share their minute (as in logs written to the
 * minute): seq is the upstream order, `at` never goes back by more than the
 * minute it is written in.
 */
const tiedTicket = fc
  .array(fc.record({ type: fc.constantFrom(...STEPS), gap: fc.constantFrom(0, 0, 0, 1, 7), result: fc.boolean() }), { minLength: 1, maxLength: 18 })
  .map((steps) => {
    const events: FeedEvent[] = [event(1, 'created', T0, createdData())];
    let t = T0;
    for (const [i, step] of steps.entries()) {
      t += step.gap * MIN;
      const data = step.type === 'preprocessed' ? { result: step.result ? 'resolved' : 'failed' } : DATA[step.type];
      events.push(event(i + 2, step.type, t, data));
    }
    return events;
  });

const inOrder = (events: readonly FeedEvent[]) => [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq);

/** Folds events as they arrive, as the ingest engine does: incrementally when the event sorts last, else a re-fold. */
function foldArriving(events: readonly FeedEvent[]): TicketFold {
  let fold = emptyFold(events[0]!.ticketId);
  events.forEach((e, i) => {
    fold = sortsAfter(fold, e) ? applyEvent(fold, e) : foldTicket(events.slice(0, i + 1));
  });
  return fold;
}

const instance = (c: Clock) => `${c.name}#${c.index}`;

describe('clock properties of the (at, seq) order', () => {
  it('clocks depend only on the (at, seq) order, never on the order of arrival', () => {
    fc.assert(
      fc.property(tiedTicket, fc.nat(), fc.integer({ min: 0, max: 3 * 24 * 60 }), (events, seed, afterMin) => {
        const arrival = fc.sample(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), { seed, numRuns: 1 })[0]!;
        const at = T0 + afterMin * MIN;
        expect(clocksAt(foldArriving(arrival), [], policy, at)).toEqual(clocksAt(foldTicket(events), [], policy, at));
      }),
    );
  });

  it('an event never stops a clock started after it in that order', () => {
    fc.assert(
      fc.property(tiedTicket, (events) => {
        const ordered = inOrder(events);
        let before = new Map<string, Clock>();
        for (let k = 1; k <= ordered.length; k += 1) {
          const step = ordered[k - 1]!;
          const at = Date.parse(step.at);
          // Everything up to and including this step: whatever came before it in (at, seq) order is in the fold.
          const fold = foldTicket(ordered.slice(0, k));
          const now = clocksAt(fold, [], policy, at);
          const reopened = fold.history.reopens.at(-1)?.seq === step.seq;
          for (const c of now.clocks) {
            if (c.state === 'notApplicable') continue;
            const earlier = before.get(instance(c));
            // A clock this step started (a hand-off's accept clock, a repair's confirm clock, a reopen's
            // cadence cycle) or resumed (a reopen resumes the repair clock) has nothing after it yet
            // to stop it. The fault report is one obligation per ticket: a filing before the
            // confirmation meets it (it is not a clock instance of its own).
            const started = earlier === undefined && c.name !== 'faultReport';
            const resumed = reopened && earlier?.stoppedAt != null && c.name === 'repair';
            if (started || resumed) expect({ step: `${step.type} seq ${step.seq}`, clock: instance(c), stoppedAt: c.stoppedAt }).toMatchObject({ stoppedAt: null });
          }
          before = new Map(now.clocks.map((c) => [instance(c), c]));
        }
      }),
      { numRuns: 300 },
    );
  });
});

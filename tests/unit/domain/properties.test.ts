import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyEvent, clocksAt, clocksFrom, currentClocks, emptyFold, evaluate, foldTicket, loadDefaultPolicy, type Evaluation } from '../../../shared/domain';
import { clockRow, packClockRows, unpackClockRows } from '../../../electron/core/store/projection';
import { allClocks, keep } from '../../../electron/core/ingest/kept';
import { CUSTOMER_TIERS, type FeedEvent } from '../../../shared/protocol';
import { createdData, MIN, report, stream, T0 } from './fixtures';

const policy = loadDefaultPolicy();

const STEPS = [
  'dispatched',
  'transferred',
  'accepted',
  'progress',
  'suspended',
  'resumed',
  'repaired',
  'confirmed',
  'closed',
  'reopened',
  'report-filed',
  'preprocessed',
] as const;

/** A random ticket: mostly plausible steps, some that must be rejected, gaps of 0 to 90 min. */
const ticketArb = fc.record({
  tier: fc.constantFrom(...CUSTOMER_TIERS),
  workingDays: fc.boolean(),
  steps: fc.array(fc.record({ type: fc.constantFrom(...STEPS), gap: fc.integer({ min: 0, max: 90 }) }), { maxLength: 25 }),
  reports: fc.array(
    fc.record({ kind: fc.constantFrom('progress', 'stage-feedback', 'fault-report'), at: fc.integer({ min: 0, max: 2000 }) }),
    { maxLength: 6 },
  ),
});

type Ticket = typeof ticketArb extends fc.Arbitrary<infer T> ? T : never;

function build(ticket: Ticket) {
  const s = stream();
  s.add('created', T0, createdData({ customer: { id: 'C', name: '客户', tier: ticket.tier }, service: ticket.workingDays ? 'logistics-e' : 'sdh' }));
  let t = T0;
  for (const { type, gap } of ticket.steps) {
    t += gap * MIN;
    const data = {
      dispatched: { center: 'support' },
      transferred: { center: 'cable' },
      accepted: { handler: '王工' },
      progress: { note: 'n' },
      suspended: { reason: 'r', approvedBy: 'group' },
      resumed: {},
      repaired: { cause: 'c', resolution: 'r' },
      confirmed: {},
      closed: {},
      reopened: { reason: 'r' },
      'report-filed': { kind: 'fault-report' },
      preprocessed: { result: 'failed' },
    }[type];
    s.add(type, t, data as never);
  }
  // Acknowledged at once, so a report is known from the instant it exists.
  const reports = ticket.reports.map((r) => report(r.kind, T0 + r.at * MIN));
  return { events: s.events, reports, end: t };
}

const overlap = (e: Evaluation, from: number, to: number) =>
  e.facts.suspensions.reduce((sum, s) => sum + Math.max(0, Math.min(s.to ?? Infinity, to) - Math.max(s.from, from)), 0);

describe('clock properties', () => {
  it('the order of arrival does not change the result', () => {
    fc.assert(
      fc.property(ticketArb, fc.integer({ min: 0, max: 3000 }), fc.nat(), (ticket, atMin, seed) => {
        const { events, reports } = build(ticket);
        const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), { seed, numRuns: 1 })[0]!;
        const at = T0 + atMin * MIN;
        expect(evaluate(shuffled, [...reports].reverse(), policy, at)).toEqual(evaluate(events, reports, policy, at));
      }),
    );
  });

  it('suspended time never counts', () => {
    fc.assert(
      fc.property(ticketArb.map((t) => ({ ...t, workingDays: false })), fc.integer({ min: 0, max: 3000 }), (ticket, atMin) => {
        const { events, reports } = build(ticket);
        const at = T0 + atMin * MIN;
        const e = evaluate(events, reports, policy, at);
        for (const c of e.clocks) {
          // The repair clock of a reopened ticket runs over several spans; all others over one.
          if (c.startedAt === null || (c.name === 'repair' && e.facts.reopenCount > 0)) continue;
          const end = Math.min(c.stoppedAt ?? at, at);
          expect(c.pausedMs).toBe(overlap(e, c.startedAt, end));
          expect(c.elapsedMs + c.pausedMs).toBe(end - c.startedAt);
        }
      }),
    );
  });

  it('elapsed never decreases as `at` grows', () => {
    fc.assert(
      fc.property(ticketArb, fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 }), (ticket, a, b) => {
        const { events, reports } = build(ticket);
        const early = evaluate(events, reports, policy, T0 + Math.min(a, b) * MIN);
        const late = evaluate(events, reports, policy, T0 + Math.max(a, b) * MIN);
        for (const c of early.clocks) {
          if (c.state === 'notApplicable') continue;
          const same = late.clocks.find((l) => l.name === c.name && l.index === c.index);
          expect(same?.elapsedMs).toBeGreaterThanOrEqual(c.elapsedMs);
        }
      }),
    );
  });

  it('every closed ticket has only met, metLate or notApplicable clocks (the fault report may still run)', () => {
    fc.assert(
      fc.property(ticketArb, fc.integer({ min: 0, max: 600 }), (ticket, afterMin) => {
        const { events, reports, end } = build(ticket);
        const e = evaluate(events, reports, policy, end + afterMin * MIN);
        fc.pre(e.facts.stage === 'closed');
        for (const c of e.clocks) {
          if (c.name === 'faultReport') continue;
          expect(['met', 'metLate', 'notApplicable']).toContain(c.state);
        }
      }),
    );
  });

  it('applyEvent in (at, seq) order gives the same fold as foldTicket', () => {
    fc.assert(
      fc.property(ticketArb, (ticket) => {
        const { events } = build(ticket);
        const incremental = events.reduce((fold: ReturnType<typeof emptyFold>, event: FeedEvent) => applyEvent(fold, event), emptyFold('JS-NJ-1'));
        expect(incremental).toEqual(foldTicket(events));
      }),
    );
  });

  // The cache stores clock rows written whenever a ticket's events are projected (migration 0004): what
  // they hold must be decided by the events alone, and the breach queries skip tickets with no clock yet.
  it('a stored clock row is the same whenever it is evaluated after the last event, and starts no earlier than clocksFrom', () => {
    fc.assert(
      fc.property(ticketArb, fc.integer({ min: 0, max: 5000 }), (ticket, laterMin) => {
        const { events, reports, end } = build(ticket);
        const fold = foldTicket(events);
        // Reports are acknowledged events of their own (the engine re-projects on each): evaluate after them too.
        const settled = Math.max(end, ...reports.map((r) => r.acknowledgedAt));
        const rows = (at: number) =>
          clocksAt(fold, reports, policy, at).clocks.filter((c) => c.state !== 'notApplicable').map((c) => clockRow(c, fold.facts));
        expect(rows(settled + laterMin * MIN)).toEqual(rows(settled));
        const from = clocksFrom(fold);
        for (const row of rows(settled)) expect(row.startedAt).toBeGreaterThanOrEqual(from!);
      }),
    );
  });

  // The engine keeps each open ticket's evaluation with its finished cycles packed (ingest/kept.ts): every clock comes
  // back as it was, and what alarms, deadlines and rows read (running clocks, the last of each name) stays objects.
  it('an evaluation kept and unpacked has every clock, and keeps every running clock and the last of each name as it is', () => {
    fc.assert(
      fc.property(ticketArb, fc.integer({ min: 0, max: 5000 }), (ticket, laterMin) => {
        const { events, reports, end } = build(ticket);
        const evaluation = clocksAt(foldTicket(events), reports, policy, end + laterMin * MIN);
        const kept = keep(evaluation);
        expect(allClocks(kept)).toStrictEqual(evaluation.clocks);
        for (const clock of evaluation.clocks) if (clock.stoppedAt === null) expect(kept.clocks).toContain(clock);
        expect(currentClocks(kept)).toStrictEqual(currentClocks(evaluation));
      }),
    );
  });

  // The engine keeps what it wrote of each open ticket's clock rows packed in a typed array: unpacked, they are the rows.
  it('clock rows packed and unpacked are the rows', () => {
    fc.assert(
      fc.property(ticketArb, fc.integer({ min: 0, max: 5000 }), (ticket, laterMin) => {
        const { events, reports, end } = build(ticket);
        const fold = foldTicket(events);
        const rows = clocksAt(fold, reports, policy, end + laterMin * MIN).clocks.filter((c) => c.state !== 'notApplicable').map((c) => clockRow(c, fold.facts));
        expect(unpackClockRows(packClockRows(rows))).toStrictEqual(rows);
      }),
    );
  });
});

// Clock evaluation: 10,000 open tickets re-evaluated at a new `at` from their
// kept folds, against the naive path of re-folding every ticket's events.
import {
  applyEvent,
  clocksAt,
  evaluate,
  foldTicket,
  loadDefaultPolicy,
  type TicketFold,
} from '../shared/domain';
import type { FeedEvent } from '../shared/protocol';
import { generateTickets } from '../electron/simulator/generator';
import { withSeq } from '../electron/simulator/draft';
import { timeMedian, type BenchRow } from './table';

interface OpenTicket {
  events: FeedEvent[];
  next: FeedEvent;
}

/** Tickets cut before their `closed`, so every one is open, each with its next event held back. */
export function openTickets(count: number, seed: number): OpenTicket[] {
  const start = Date.parse('2026-11-20T00:00:00+08:00');
  let seq = 0;
  return generateTickets({ seed, start, count }).map((ticket) => {
    const all = ticket.events.map((draft) => withSeq(draft, ++seq));
    const keep = Math.max(1, Math.min(all.length - 2, 1 + (ticket.serial % Math.max(1, all.length - 2))));
    return { events: all.slice(0, keep), next: all[keep]! };
  });
}

export function benchClocks(options: { tickets: number; runs: number }): BenchRow[] {
  const policy = loadDefaultPolicy();
  const tickets = openTickets(options.tickets, 7);
  const folds: TicketFold[] = tickets.map((ticket) => foldTicket(ticket.events));
  const at = Math.max(...tickets.map((ticket) => Date.parse(ticket.next.at))) + 60_000;

  const kept = timeMedian(options.runs, () => {
    for (const fold of folds) clocksAt(fold, [], policy, at);
  });
  const refolded = timeMedian(Math.max(1, options.runs >> 1), () => {
    for (const ticket of tickets) evaluate(ticket.events, [], policy, at);
  });

  const sample = tickets.slice(0, Math.min(2000, tickets.length));
  const perEvent = (body: (ticket: OpenTicket, index: number) => void) =>
    timeMedian(options.runs, () => sample.forEach(body)) / sample.length;
  const incremental = perEvent((ticket, index) => {
    clocksAt(applyEvent(folds[index]!, ticket.next), [], policy, at);
  });
  const full = perEvent((ticket) => {
    evaluate([...ticket.events, ticket.next], [], policy, at);
  });

  return [
    {
      figure: `clocks: ${options.tickets.toLocaleString('en')} open tickets at a new at`,
      value: kept,
      unit: 'ms',
      baseline: refolded,
      baselineLabel: 'full re-evaluation from events',
      target: '< 20 ms',
      met: kept < 20,
    },
    {
      figure: 'clocks: one ticket after one event (incremental)',
      value: incremental,
      unit: 'ms',
      baseline: full,
      baselineLabel: 're-fold of that ticket',
      target: '< 0.1 ms',
      met: incremental < 0.1,
    },
  ];
}

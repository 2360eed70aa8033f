// A cache of N historical tickets for the heatmap bench, from the simulator's
// generator. Bulk path, not the feed path: each ticket's events get the seq its
// source would give them (the generator's merged `at`-ordered stream), then go
// through the ingest's own projectTicket (foldTicket → clocksAt → the projection
// repository), so the tickets and clocks rows are the ones ingest writes for
// the same events at the same evaluation time. Raw events are not stored: the
// heatmap queries read only tickets and clocks, and with every event before the
// evaluation time none of them needs a re-fold.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { foldTicket, type Policy } from '../shared/domain';
import type { FeedEvent } from '../shared/protocol';
import { openCache, type Cache } from '../electron/core/store/db';
import { repositories } from '../electron/core/store/repositories';
import { NO_ACKED_REPORTS } from '../electron/core/store/reports';
import { projectTicket } from '../electron/core/ingest/project';
import { EventStream, TicketFactory, type GeneratorOptions } from '../electron/simulator/generator';
import { withSeq, type SourceRole } from '../electron/simulator/draft';
import { SIMULATED_SOURCES } from '../electron/simulator/simulator';

export interface HistoryOptions {
  file: string;
  tickets: number;
  seed: number;
  /** Where the history begins; tickets follow at the generator's default rate. */
  start: number;
  policy: Policy;
}

interface Pending {
  source: SourceRole;
  events: FeedEvent[];
  remaining: number;
}

const TICKETS_PER_TRANSACTION = 5000;

/** Builds the cache (into a temp file, renamed when complete); returns the evaluation time, after the last event. */
export function buildHistoryCache(options: HistoryOptions): number {
  mkdirSync(dirname(options.file), { recursive: true });
  const partial = `${options.file}.partial`;
  rmSync(partial, { force: true });
  const cache = openCache(partial);
  let lastAt = options.start;
  try {
    const generator: GeneratorOptions = { seed: options.seed, start: options.start };
    const stream = new EventStream({ ...generator, tickets: options.tickets });
    // A twin factory yields the same tickets in the same order: it tells how many events each has.
    const twin = new TicketFactory(generator);
    const repos = repositories(cache);
    for (const role of ['group', 'province'] as const) repos.sources.upsert(SIMULATED_SOURCES[role], `bench://${role}`);
    repos.meta.set('projectionPolicyVersion', options.policy.version);

    const seqs: Record<SourceRole, number> = { group: 0, province: 0 };
    const pending = new Map<string, Pending>();
    const complete: Pending[] = [];
    const flush = () => {
      // Evaluated at the end of history, as if ingested then: every clock of a finished ticket is final.
      cache.db.transaction(() => {
        const ctx = { cache, policy: options.policy, reports: NO_ACKED_REPORTS };
        for (const ticket of complete) {
          const ticketId = ticket.events[0]!.ticketId;
          const key = { source: SIMULATED_SOURCES[ticket.source].id, ticketId };
          projectTicket(ctx, key, foldTicket(ticket.events, ticketId), evaluationAt, false);
        }
      })();
      complete.length = 0;
    };
    // Tickets are projected as they finish, so the evaluation time must be known up front: past the
    // last creation (the generator averages over 30 an hour) and the weeks a ticket's tail can last.
    const evaluationAt = options.start + Math.ceil((options.tickets / 20) * 3_600_000) + 60 * 86_400_000;
    stream.drain(Infinity, (draft, role, at) => {
      seqs[role] += 1;
      const event = withSeq(draft, seqs[role]);
      let ticket = pending.get(event.ticketId);
      if (!ticket) {
        ticket = { source: role, events: [], remaining: twin.next().events.length };
        pending.set(event.ticketId, ticket);
      }
      ticket.events.push(event);
      ticket.remaining -= 1;
      lastAt = Math.max(lastAt, at);
      if (ticket.remaining > 0) return;
      pending.delete(event.ticketId);
      complete.push(ticket);
      if (complete.length >= TICKETS_PER_TRANSACTION) flush();
    });
    flush();
    if (pending.size > 0) throw new Error(`${pending.size} tickets did not finish: the twin factory drifted`);
    if (lastAt >= evaluationAt) throw new Error('history runs past its evaluation time; raise the margin');
    cache.db.pragma('wal_checkpoint(TRUNCATE)');
    cache.db.exec('ANALYZE');
    cache.close();
    renameSync(partial, options.file);
    rmSync(`${partial}-wal`, { force: true });
    rmSync(`${partial}-shm`, { force: true });
    return evaluationAt;
  } catch (error) {
    if (cache.db.open) cache.close();
    throw error;
  }
}

/** Opens the cached history if present, else builds it first. */
export function historyCache(options: HistoryOptions): { cache: Cache; built: boolean } {
  const built = !existsSync(options.file);
  if (built) buildHistoryCache(options);
  return { cache: openCache(options.file), built };
}

// The lifecycle reducer: a ticket's events, in (at, seq) order, to its facts and
// the history the clocks need. Upstream owns the ticket, so the reducer is
// lenient and rejects only what cannot apply to the state the earlier events
// left. Folds are copy-on-write: applyEvent never mutates its input.
import type { CreatedData, FeedEvent } from '../protocol';
import type { Claim, EchoedReport, Reply } from './supervision';
import type { Rejection, Stage, TicketFacts } from './types';

/**
 * A lifecycle step the clocks start or stop on: its `at` (epoch ms) and its
 * event's `seq`, so that steps with equal times keep their (at, seq) order
 * (domain.md: an event stops only a clock started before it in that order).
 */
export interface Step {
  readonly at: number;
  readonly seq: number;
}

/** The lifecycle steps the clocks start and stop on, each list in (at, seq) order. */
export interface ClockHistory {
  /** First `dispatched` or resolved pre-processing: stops the dispatch clock. */
  firstDispatchAt: number | null;
  /** Each `dispatched` and `transferred`: each starts an accept clock. */
  handoffs: readonly Step[];
  accepts: readonly Step[];
  /** Each `repaired` and resolved pre-processing. */
  repairs: readonly Step[];
  confirms: readonly Step[];
  closes: readonly Step[];
  reopens: readonly Step[];
  /** Protocol 1.1: the reports the source echoed (any console's), in (at, seq) order. */
  reports: readonly EchoedReport[];
  /** Answers of the city NOC and the handler to checks and urges. */
  replies: readonly Reply[];
  /** Cadence cycles consoles claimed before reporting them. */
  claims: readonly Claim[];
}

export interface TicketFold {
  facts: TicketFacts;
  history: ClockHistory;
  rejected: readonly Rejection[];
  /** (at, seq) of the last event processed, applied or rejected: where incremental folding may continue. */
  lastAt: number | null;
  lastSeq: number | null;
}

/** An event's `at` in epoch ms (the protocol guarantees RFC 3339 with an offset). */
export function eventTime(event: FeedEvent): number {
  return Date.parse(event.at);
}

/**
 * The one empty list every fold starts its histories and rejections from:
 * folding never changes a list, it appends to a copy, so they can share it.
 * Ten empty arrays of its own per ticket were 3 MB of the core's heap with
 * 10,000 open tickets (heap snapshot).
 */
const NONE: readonly never[] = Object.freeze([]);

export function emptyFold(ticketId: string): TicketFold {
  return {
    facts: {
      ticketId,
      incomplete: true,
      customer: null,
      circuit: null,
      service: null,
      city: null,
      district: null,
      channel: null,
      title: null,
      description: null,
      faultLevel: null,
      accountManager: null,
      stage: 'accepted',
      suspension: null,
      center: null,
      handler: null,
      createdAt: null,
      closedAt: null,
      repairedAt: null,
      confirmedAt: null,
      cause: null,
      resolution: null,
      satisfaction: null,
      faultReportFiledAt: null,
      suspensions: [],
      reopenCount: 0,
      transferCount: 0,
      lastEventAt: null,
      lastEventSeq: null,
    },
    history: {
      firstDispatchAt: null,
      handoffs: NONE,
      accepts: NONE,
      repairs: NONE,
      confirms: NONE,
      closes: NONE,
      reopens: NONE,
      reports: NONE,
      replies: NONE,
      claims: NONE,
    },
    rejected: NONE,
    lastAt: null,
    lastSeq: null,
  };
}

/** True when `event` sorts after everything already in the fold, so applyEvent gives the same result as a re-fold. */
export function sortsAfter(fold: TicketFold, event: FeedEvent): boolean {
  if (fold.lastAt === null || fold.lastSeq === null) return true;
  const at = eventTime(event);
  return at > fold.lastAt || (at === fold.lastAt && event.seq > fold.lastSeq);
}

/** Folds a ticket's events in (at, seq) order, whatever order they arrived in. */
export function foldTicket(events: readonly FeedEvent[], ticketId?: string): TicketFold {
  const keyed = events.map((event) => ({ event, at: eventTime(event) }));
  keyed.sort((a, b) => a.at - b.at || a.event.seq - b.event.seq);
  let fold = emptyFold(ticketId ?? events[0]?.ticketId ?? '');
  for (const { event, at } of keyed) fold = step(fold, event, at);
  return fold;
}

/** Applies one event that sorts after the fold (check with sortsAfter; otherwise re-fold). */
export function applyEvent(fold: TicketFold, event: FeedEvent): TicketFold {
  return step(fold, event, eventTime(event));
}

/** Folding goes in (at, seq) order, so appending keeps every list in that order. */
const append = (list: readonly Step[], at: number, seq: number): readonly Step[] => [...list, { at, seq }];

function step(fold: TicketFold, event: FeedEvent, at: number): TicketFold {
  const outcome = reduce(fold, event, at);
  if (typeof outcome === 'string') {
    return { ...fold, rejected: [...fold.rejected, { event, reason: outcome }], lastAt: at, lastSeq: event.seq };
  }
  return {
    facts: { ...fold.facts, ...outcome.facts, lastEventAt: at, lastEventSeq: event.seq },
    history: outcome.history ? { ...fold.history, ...outcome.history } : fold.history,
    rejected: fold.rejected,
    lastAt: at,
    lastSeq: event.seq,
  };
}

type Change = { facts: Partial<TicketFacts>; history?: Partial<ClockHistory> };

function describedFields(data: Partial<CreatedData>): Partial<TicketFacts> {
  const out: Partial<TicketFacts> = {};
  if (data.customer !== undefined) out.customer = data.customer;
  if (data.circuit !== undefined) out.circuit = data.circuit;
  if (data.service !== undefined) out.service = data.service;
  if (data.city !== undefined) out.city = data.city;
  if (data.district !== undefined) out.district = data.district;
  if (data.channel !== undefined) out.channel = data.channel;
  if (data.title !== undefined) out.title = data.title;
  if (data.description !== undefined) out.description = data.description;
  if (data.faultLevel !== undefined) out.faultLevel = data.faultLevel;
  if (data.accountManager !== undefined) out.accountManager = data.accountManager;
  return out;
}

/** Ends a running suspension at `at` (on resume, and on close, which ends every pause). */
function endSuspension(facts: TicketFacts, at: number): Partial<TicketFacts> {
  const last = facts.suspensions[facts.suspensions.length - 1];
  if (!facts.suspension || !last) return {};
  return { suspension: null, suspensions: [...facts.suspensions.slice(0, -1), { ...last, to: at }] };
}

/** Returns the change, or the reason the event cannot apply. */
function reduce(fold: TicketFold, event: FeedEvent, at: number): Change | string {
  const { facts, history } = fold;
  const { seq } = event;
  const closed = facts.stage === 'closed';
  switch (event.type) {
    case 'created':
      if (!facts.incomplete) return 'duplicate created: the ticket already exists';
      return { facts: { ...describedFields(event.data), incomplete: false, createdAt: at } };
    case 'updated':
      return { facts: describedFields(event.data) };
    case 'preprocessed': {
      if (closed) return 'preprocessed on a closed ticket';
      if (event.data.result === 'failed') return { facts: { stage: 'preprocessing' } };
      return {
        facts: { stage: 'repaired', repairedAt: at },
        history: { firstDispatchAt: history.firstDispatchAt ?? at, repairs: append(history.repairs, at, seq) },
      };
    }
    case 'dispatched':
    case 'transferred': {
      if (closed) return `${event.type} on a closed ticket`;
      const transfer = event.type === 'transferred';
      return {
        facts: {
          stage: 'dispatched',
          center: event.data.center,
          handler: event.data.handler ?? null,
          transferCount: facts.transferCount + (transfer ? 1 : 0),
        },
        history: {
          firstDispatchAt: history.firstDispatchAt ?? at,
          handoffs: append(history.handoffs, at, seq),
        },
      };
    }
    case 'accepted':
      if (closed) return 'accepted on a closed ticket';
      return { facts: { stage: 'inRepair', handler: event.data.handler }, history: { accepts: append(history.accepts, at, seq) } };
    case 'progress':
      return { facts: {} };
    case 'suspended': {
      if (closed) return 'suspended on a closed ticket';
      if (facts.suspension) return 'suspended while already suspended';
      const { reason, approvedBy } = event.data;
      return {
        facts: {
          suspension: { since: at, reason, approvedBy },
          suspensions: [...facts.suspensions, { from: at, to: null, reason, approvedBy }],
        },
      };
    }
    case 'resumed':
      if (!facts.suspension) return 'resumed without a suspension';
      return { facts: endSuspension(facts, at) };
    case 'repaired':
      if (closed) return 'repaired on a closed ticket';
      return {
        facts: { stage: 'repaired', repairedAt: at, cause: event.data.cause, resolution: event.data.resolution },
        history: { repairs: append(history.repairs, at, seq) },
      };
    case 'confirmed':
      if (history.repairs.length === 0) return 'confirmed before any repair';
      if (closed) return 'confirmed on a closed ticket';
      return { facts: { stage: 'confirmed', confirmedAt: at }, history: { confirms: append(history.confirms, at, seq) } };
    case 'closed':
      if (closed) return 'closed twice';
      return { facts: { ...endSuspension(facts, at), stage: 'closed', closedAt: at }, history: { closes: append(history.closes, at, seq) } };
    case 'reopened': {
      if (!reopenable.has(facts.stage)) return `reopened while open (stage ${facts.stage})`;
      const stage: Stage = facts.handler ? 'inRepair' : 'accepted';
      return {
        facts: { stage, closedAt: null, repairedAt: null, confirmedAt: null, reopenCount: facts.reopenCount + 1 },
        history: { reopens: append(history.reopens, at, seq) },
      };
    }
    case 'report-filed':
      return { facts: { faultReportFiledAt: facts.faultReportFiledAt ?? at } };
    case 'callback':
      return { facts: { satisfaction: event.data.satisfaction } };
    // Protocol 1.1's echoes, replies and claims change no lifecycle fact; the clocks and the supervision view read them.
    case 'reported': {
      const { data } = event;
      const report: EchoedReport = {
        id: data.reportId,
        kind: data.kind,
        audience: data.audience,
        createdAt: Date.parse(data.createdAt),
        at,
        seq,
        receipt: data.receipt,
        operator: data.operator ?? null,
        subject: data.subject ?? null,
        title: data.title,
      };
      // An echo is unique per report (the source never echoes an id twice); a copy under another seq changes nothing.
      if (history.reports.some((r) => r.id === report.id)) return { facts: {} };
      return { facts: {}, history: { reports: [...history.reports, report] } };
    }
    case 'replied': {
      const { data } = event;
      const reply: Reply = { reportId: data.reportId, by: data.by, name: data.name ?? null, status: data.status, note: data.note ?? null, at, seq };
      return { facts: {}, history: { replies: [...history.replies, reply] } };
    }
    case 'claimed': {
      const { data } = event;
      const claim: Claim = {
        kind: data.kind,
        audience: data.audience,
        cycle: Date.parse(data.cycle),
        operator: data.operator,
        expiresAt: Date.parse(data.expiresAt),
        at,
        seq,
      };
      return { facts: {}, history: { claims: [...history.claims, claim] } };
    }
  }
}

/** A ticket can be reopened once its fault was declared fixed: repaired, confirmed or closed. */
const reopenable = new Set<Stage>(['repaired', 'confirmed', 'closed']);

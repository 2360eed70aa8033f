import { z } from 'zod';
import {
  CENTERS,
  CHANNELS,
  CIRCUIT_LEVELS,
  CUSTOMER_TIERS,
  SATISFACTION,
  SERVICES,
} from './codes';
import { rfc3339 } from './datetime';
import { claimedData, repliedData, reportedData } from './supervision';

export { rfc3339 };

const customer = z.object({ id: z.string().min(1), name: z.string().min(1), tier: z.enum(CUSTOMER_TIERS) });
const circuit = z.object({ id: z.string().min(1), level: z.enum(CIRCUIT_LEVELS) });
const accountManager = z.object({ name: z.string().min(1), phone: z.string() });

export const createdData = z.object({
  customer,
  circuit,
  service: z.enum(SERVICES),
  city: z.string().min(1),
  district: z.string().min(1).optional(),
  channel: z.enum(CHANNELS),
  title: z.string().min(1),
  description: z.string().optional(),
  faultLevel: z.number().int().min(1).max(4).optional(),
  accountManager: accountManager.optional(),
});
export type CreatedData = z.infer<typeof createdData>;

const eventDataByType = {
  created: createdData,
  updated: createdData.partial(),
  preprocessed: z.object({
    result: z.enum(['resolved', 'failed']),
    segment: z.string().optional(),
    note: z.string().optional(),
  }),
  dispatched: z.object({ center: z.enum(CENTERS), handler: z.string().optional(), team: z.string().optional() }),
  transferred: z.object({ center: z.enum(CENTERS), handler: z.string().optional(), reason: z.string().optional() }),
  accepted: z.object({ handler: z.string().min(1) }),
  progress: z.object({ note: z.string(), by: z.string().optional() }),
  suspended: z.object({ reason: z.string().min(1), approvedBy: z.enum(['group', 'province']) }),
  resumed: z.object({}),
  repaired: z.object({ cause: z.string(), resolution: z.string() }),
  confirmed: z.object({ by: z.string().optional() }),
  closed: z.object({}),
  reopened: z.object({ reason: z.string().min(1) }),
  'report-filed': z.object({ kind: z.literal('fault-report'), by: z.string().optional() }),
  callback: z.object({ satisfaction: z.enum(SATISFACTION) }),
  // Protocol 1.1. A handover's echo belongs to no ticket: it is a source event (below).
  reported: reportedData.refine((data) => data.kind !== 'handover', {
    path: ['kind'],
    message: 'a handover is echoed with ticketId null, not on a ticket',
  }),
  replied: repliedData,
  claimed: claimedData,
} as const;

const envelope = {
  seq: z.number().int().positive(),
  id: z.string().min(1),
  ticketId: z.string().min(1),
  at: rfc3339,
};

function eventOf<T extends keyof typeof eventDataByType>(type: T) {
  return z.object({ ...envelope, type: z.literal(type), data: eventDataByType[type] });
}

export const feedEvent = z.discriminatedUnion('type', [
  eventOf('created'),
  eventOf('updated'),
  eventOf('preprocessed'),
  eventOf('dispatched'),
  eventOf('transferred'),
  eventOf('accepted'),
  eventOf('progress'),
  eventOf('suspended'),
  eventOf('resumed'),
  eventOf('repaired'),
  eventOf('confirmed'),
  eventOf('closed'),
  eventOf('reopened'),
  eventOf('report-filed'),
  eventOf('callback'),
  eventOf('reported'),
  eventOf('replied'),
  eventOf('claimed'),
]);
export type FeedEvent = z.infer<typeof feedEvent>;
export type FeedEventOf<T extends FeedEvent['type']> = Extract<FeedEvent, { type: T }>;

/**
 * Events of a source's stream that belong to no ticket (protocol 1.1): a
 * handover's echo, a `reported` event with `ticketId` null.
 */
export const sourceEvent = z.object({
  seq: envelope.seq,
  id: envelope.id,
  ticketId: z.null(),
  at: rfc3339,
  type: z.literal('reported'),
  data: reportedData.refine((data) => data.kind === 'handover', {
    path: ['kind'],
    message: 'only a handover is echoed without a ticket',
  }),
});
export type SourceEvent = z.infer<typeof sourceEvent>;

/** Anything a 1.1 source's stream carries: a ticket's event or a source event. */
export const streamEvent = z.union([feedEvent, sourceEvent]);
export type StreamEvent = z.infer<typeof streamEvent>;

/** The part of an event every well-formed envelope has, even when its type or data is bad. */
export const eventEnvelope = z.object({ seq: envelope.seq, id: envelope.id }).loose();

export type ParsedEvent =
  | { ok: true; event: FeedEvent }
  | { ok: false; reason: string; seq: number | null; id: string | null; ticketId: string | null };

export type ParsedStreamEvent = ParsedEvent | { ok: true; sourceEvent: SourceEvent };

/** Validates one raw event; never throws, so one bad event cannot stop a batch. */
export function parseFeedEvent(raw: unknown): ParsedEvent {
  const parsed = feedEvent.safeParse(raw);
  if (parsed.success) return { ok: true, event: parsed.data };
  const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const type = record.type;
  const unknownType = typeof type !== 'string' || !(type in eventDataByType);
  const reason = unknownType
    ? `unknown event type: ${JSON.stringify(type)}`
    : record.ticketId === null && sourceEvent.safeParse(raw).success
      ? `a source event (${String(type)} without a ticket) is not a ticket's event`
      : `invalid ${String(type)} event: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`;
  return {
    ok: false,
    reason,
    seq: typeof record.seq === 'number' && Number.isInteger(record.seq) ? record.seq : null,
    id: typeof record.id === 'string' ? record.id : null,
    ticketId: typeof record.ticketId === 'string' ? record.ticketId : null,
  };
}

/** Like parseFeedEvent, and tells a source event (a handover's echo) apart instead of refusing it. */
export function parseStreamEvent(raw: unknown): ParsedStreamEvent {
  const parsed = parseFeedEvent(raw);
  if (parsed.ok || parsed.ticketId !== null) return parsed;
  const source = sourceEvent.safeParse(raw);
  return source.success ? { ok: true, sourceEvent: source.data } : parsed;
}

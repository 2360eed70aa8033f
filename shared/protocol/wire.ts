import { z } from 'zod';
import { REPORT_AUDIENCES, REPORT_KINDS, SOURCE_LEVELS } from './codes';
import { rfc3339 } from './events';

/** Namespace every upstream server serves the protocol on. */
export const FEED_NAMESPACE = '/noc';
export const MAX_EVENTS_PER_BATCH = 5000;
export const HEARTBEAT_INTERVAL_MS = 10_000;

export const handshakeAuth = z.object({ token: z.string(), client: z.string() });
export type HandshakeAuth = z.infer<typeof handshakeAuth>;

export const subscribeRequest = z.object({ since: z.number().int().min(0) });
export type SubscribeRequest = z.infer<typeof subscribeRequest>;

export const sourceInfo = z.object({ id: z.string().min(1), name: z.string().min(1), level: z.enum(SOURCE_LEVELS) });
export type SourceInfo = z.infer<typeof sourceInfo>;

export const subscribeAck = z.object({
  source: sourceInfo,
  headSeq: z.number().int().min(0),
  serverTime: rfc3339,
});
export type SubscribeAck = z.infer<typeof subscribeAck>;

export const heartbeat = z.object({ serverTime: rfc3339, headSeq: z.number().int().min(0) });
export type Heartbeat = z.infer<typeof heartbeat>;

export const reportAttachment = z.object({ name: z.string().min(1), mime: z.string().min(1), base64: z.string() });
export type ReportAttachment = z.infer<typeof reportAttachment>;

export const upwardReport = z.object({
  id: z.string().min(1),
  ticketId: z.string().min(1),
  kind: z.enum(REPORT_KINDS),
  audience: z.enum(REPORT_AUDIENCES),
  createdAt: rfc3339,
  title: z.string().min(1),
  body: z.string().min(1),
  attachments: z.array(reportAttachment).optional(),
});
export type UpwardReport = z.infer<typeof upwardReport>;

export const reportAck = z.union([
  z.object({ ok: z.literal(true), receipt: z.string().min(1), receivedAt: rfc3339 }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type ReportAck = z.infer<typeof reportAck>;

/** Socket.io event names of the protocol. */
export const WIRE = {
  subscribe: 'subscribe',
  events: 'events',
  heartbeat: 'heartbeat',
  report: 'report',
} as const;

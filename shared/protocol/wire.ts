import { z } from 'zod';
import { PROTOCOL_FEATURES, SOURCE_LEVELS, UPWARD_REPORT_AUDIENCES, UPWARD_REPORT_KINDS } from './codes';
import type { ProtocolFeature } from './codes';
import { rfc3339 } from './datetime';
import { reportOperator, reportSubject, routed } from './supervision';

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
  /** Absent: the source speaks 1.0. */
  protocol: z.string().min(1).optional(),
  /** What a 1.1 source does (PROTOCOL_FEATURES); names this console does not know are kept and ignored. */
  features: z.array(z.string()).optional(),
});
export type SubscribeAck = z.infer<typeof subscribeAck>;

/** What a source does for the console, from its subscribe acknowledgement. */
export interface SourceCapabilities {
  /** `1.0` when the source names none. */
  protocol: string;
  /** It echoes acknowledged reports as `reported` events: the stream, not the outbox, is the truth. */
  echoesReports: boolean;
  /** It takes `claim` messages: cadence reports are claimed before they are sent. */
  takesClaims: boolean;
  /** Its city NOCs and handlers answer checks and urges with `replied` events. */
  sendsReplies: boolean;
}

export function sourceCapabilities(ack: Pick<SubscribeAck, 'protocol' | 'features'>): SourceCapabilities {
  const protocol = ack.protocol ?? '1.0';
  // A source that names no protocol is 1.0 whatever else it sends.
  const features = new Set(ack.protocol === undefined ? [] : (ack.features ?? []));
  const has = (feature: ProtocolFeature) => features.has(feature);
  return { protocol, echoesReports: has('report-echo'), takesClaims: has('claims'), sendsReplies: has('replies') };
}

/** The acknowledgement fields a 1.1 source adds. */
export const PROTOCOL_1_1_ACK = { protocol: '1.1', features: [...PROTOCOL_FEATURES] } as const;

export const heartbeat = z.object({ serverTime: rfc3339, headSeq: z.number().int().min(0) });
export type Heartbeat = z.infer<typeof heartbeat>;

export const reportAttachment = z.object({ name: z.string().min(1), mime: z.string().min(1), base64: z.string() });
export type ReportAttachment = z.infer<typeof reportAttachment>;

/**
 * `report` (client → server), every kind of 1.0 and 1.1: each kind goes only to
 * its audiences (AUDIENCES_BY_KIND); urge and acknowledge name their clock
 * (`subject`); a handover has `ticketId` null and every other kind a ticket.
 */
export const upwardReport = routed(
  z.object({
    id: z.string().min(1),
    ticketId: z.string().min(1).nullable(),
    kind: z.enum(UPWARD_REPORT_KINDS),
    audience: z.enum(UPWARD_REPORT_AUDIENCES),
    createdAt: rfc3339,
    title: z.string().min(1),
    body: z.string().min(1),
    attachments: z.array(reportAttachment).optional(),
    operator: reportOperator.optional(),
    subject: reportSubject.optional(),
  }),
  { subject: true },
).superRefine((report, ctx) => {
  if ((report.kind === 'handover') === (report.ticketId === null)) return;
  const message = report.kind === 'handover' ? 'a handover belongs to no ticket: ticketId must be null' : `a ${report.kind} report needs its ticketId`;
  ctx.addIssue({ code: 'custom', path: ['ticketId'], message });
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
  /** Protocol 1.1: claims a cadence cycle before its report is sent. */
  claim: 'claim',
} as const;

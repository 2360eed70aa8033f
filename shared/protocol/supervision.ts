// Protocol 1.1's supervision contract (../shared/feed-protocol.md, "Protocol 1.1"):
// who each report kind goes to, the operator and subject a report carries, the
// data of the `reported`, `replied` and `claimed` events, and the `claim`
// message with its answers. The console validates what it sends with these, and
// the simulated sources validate what they take and what they send with the same.
import { z } from 'zod';
import {
  AUDIENCES_BY_KIND,
  CLAIMABLE_REPORT_KINDS,
  KINDS_WITH_SUBJECT,
  REPLY_PARTIES,
  REPLY_STATUSES,
  UPWARD_REPORT_AUDIENCES,
  UPWARD_REPORT_KINDS,
} from './codes';
import type { UpwardReportAudience, UpwardReportKind } from './codes';
import { rfc3339 } from './datetime';

const NAME_LIMIT = 64;
const named = z.string().min(1).max(NAME_LIMIT).regex(/\S/, 'must not be blank');

/** Who sent a report or holds a claim: the operator's name and the console they sit at. */
export const reportOperator = z.object({ name: named, console: named });
export type ReportOperator = z.infer<typeof reportOperator>;

/** The clock an urge presses or an alarm acknowledgement owns: its name and instance (0 for the first). */
export const reportSubject = z.object({ clock: named, index: z.number().int().min(0) });
export type ReportSubject = z.infer<typeof reportSubject>;

export function audienceFits(kind: UpwardReportKind, audience: UpwardReportAudience): boolean {
  return AUDIENCES_BY_KIND[kind].includes(audience);
}

export function takesSubject(kind: UpwardReportKind): boolean {
  return (KINDS_WITH_SUBJECT as readonly string[]).includes(kind);
}

interface Routed {
  kind: UpwardReportKind;
  audience: UpwardReportAudience;
  subject?: ReportSubject | undefined;
}

/** Refuses a kind sent to the wrong audience. */
function checkAudience(routed: Routed, ctx: z.core.$RefinementCtx<Routed>): void {
  const { kind, audience } = routed;
  if (audienceFits(kind, audience)) return;
  ctx.addIssue({ code: 'custom', path: ['audience'], message: `a ${kind} report goes to ${AUDIENCES_BY_KIND[kind].join(' or ')}, not ${audience}` });
}

/** Refuses a subject missing from an urge or an acknowledgement, or added to any other kind. */
function checkSubject(routed: Routed, ctx: z.core.$RefinementCtx<Routed>): void {
  const { kind, subject } = routed;
  if (takesSubject(kind) && subject === undefined) {
    ctx.addIssue({ code: 'custom', path: ['subject'], message: `a ${kind} report names its clock: subject { clock, index } is required` });
  }
  if (!takesSubject(kind) && subject !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['subject'], message: `a ${kind} report carries no subject (only ${KINDS_WITH_SUBJECT.join(' and ')} do)` });
  }
}

/** Attaches the pairing rules (audience by kind; the subject, when the schema has one) to a report-shaped schema. */
export function routed<S extends z.ZodType<Routed>>(schema: S, rules: { subject: boolean }): S {
  const withAudience = schema.superRefine(checkAudience);
  return rules.subject ? withAudience.superRefine(checkSubject) : withAudience;
}

const kind = z.enum(UPWARD_REPORT_KINDS);
const audience = z.enum(UPWARD_REPORT_AUDIENCES);

/** `reported` data: the echo of an acknowledged report, sent to every console of the source. */
export const reportedData = routed(
  z.object({
    reportId: z.string().min(1),
    kind,
    audience,
    createdAt: rfc3339,
    receipt: z.string().min(1),
    operator: reportOperator.optional(),
    subject: reportSubject.optional(),
    title: z.string().min(1),
  }),
  { subject: true },
);
export type ReportedData = z.infer<typeof reportedData>;

/** `replied` data: the city NOC's or the handler's answer to a check or an urge. */
export const repliedData = z.object({
  reportId: z.string().min(1),
  by: z.enum(REPLY_PARTIES),
  name: z.string().min(1).optional(),
  status: z.enum(REPLY_STATUSES),
  note: z.string().optional(),
});
export type RepliedData = z.infer<typeof repliedData>;

export const DEFAULT_CLAIM_TTL_SECONDS = 300;
export const MAX_CLAIM_TTL_SECONDS = 3600;

const claimFields = {
  kind: z.enum(CLAIMABLE_REPORT_KINDS),
  audience,
  /** The `dueAt` of the clock instance the report will satisfy: every console computes it alike. */
  cycle: rfc3339,
  operator: reportOperator,
  /** How long the claim holds without an echo; the source's default is DEFAULT_CLAIM_TTL_SECONDS. */
  ttlSeconds: z.number().int().min(1).max(MAX_CLAIM_TTL_SECONDS).optional(),
};

/** `claim` (client → server): reserves one cadence cycle of one report before it is sent. */
export const reportClaim = routed(z.object({ ticketId: z.string().min(1), ...claimFields }), { subject: false });
export type ReportClaim = z.infer<typeof reportClaim>;

/** `claimed` data: a claim the source granted (the ticket is the event's), with its expiry. */
export const claimedData = routed(z.object({ ...claimFields, expiresAt: rfc3339 }), { subject: false });
export type ClaimedData = z.infer<typeof claimedData>;

export const claimGranted = z.object({ ok: z.literal(true), expiresAt: rfc3339 });
/**
 * Another console holds the cycle until `expiresAt`. `reported` is set when the
 * cycle's report was already echoed: the cycle is done, not merely taken.
 */
export const claimTaken = z.object({
  ok: z.literal(false),
  claimedBy: reportOperator,
  expiresAt: rfc3339,
  reported: z.object({ reportId: z.string().min(1), receipt: z.string().min(1) }).optional(),
});
export const claimRefused = z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) });

/** The answer to a `claim`: granted, taken by another console, or refused as malformed. */
export const claimAck = z.union([claimGranted, claimTaken, claimRefused]);
export type ClaimAck = z.infer<typeof claimAck>;

import { z } from 'zod';
import {
  CENTERS,
  CIRCUIT_LEVELS,
  CLAIMABLE_REPORT_KINDS,
  CUSTOMER_TIERS,
  REPLY_PARTIES,
  REPLY_STATUSES,
  reportOperator,
  SERVICE_GROUPS,
  SERVICES,
  SOURCE_LEVELS,
  UPWARD_REPORT_AUDIENCES,
} from '../protocol';
import { CLOCK_NAMES, CLOCK_STATES, STAGES } from '../domain/types';
import { CLOCKED_REPORT_KINDS } from '../domain/status';

/** Epoch milliseconds; the renderer formats them in Asia/Shanghai. */
export const epochMs = z.number().int();

export const boardLevel = z.enum(['group', 'province']);
export type BoardLevel = z.infer<typeof boardLevel>;

export const ticketKey = z.object({ source: z.string().min(1), ticketId: z.string().min(1) });
export type TicketKey = z.infer<typeof ticketKey>;

export const limitDto = z.union([
  z.object({ minutes: z.number() }),
  z.object({ hours: z.number() }),
  z.object({ workingDays: z.number() }),
]);

export const clockDto = z.object({
  name: z.enum(CLOCK_NAMES),
  index: z.number().int().min(0),
  state: z.enum(CLOCK_STATES),
  startedAt: epochMs.nullable(),
  dueAt: epochMs.nullable(),
  warnAt: epochMs.nullable(),
  breachedAt: epochMs.nullable(),
  stoppedAt: epochMs.nullable(),
  elapsedMs: z.number().min(0),
  limitMs: z.number().min(0),
  pausedMs: z.number().min(0),
  limit: limitDto.nullable(),
});
export type ClockDto = z.infer<typeof clockDto>;

export const replyDto = z.object({
  reportId: z.string(),
  by: z.enum(REPLY_PARTIES),
  name: z.string().nullable(),
  status: z.enum(REPLY_STATUSES),
  note: z.string().nullable(),
  at: epochMs,
});
export type ReplyDto = z.infer<typeof replyDto>;

const partyCheck = z.object({
  reportId: z.string(),
  createdAt: epochMs,
  operator: reportOperator.nullable(),
  reply: replyDto.nullable(),
  /** Unanswered for the policy's no-reply time. */
  noReply: z.boolean(),
});

export const supervisionDto = z.object({
  checks: z.object({ 'city-noc': partyCheck.nullable(), handler: partyCheck.nullable() }),
  lastReply: replyDto.extend({ kind: z.enum(['check', 'urge']) }).nullable(),
  urges: z.number().int().min(0),
  claims: z.array(
    z.object({ kind: z.enum(CLAIMABLE_REPORT_KINDS), audience: z.enum(UPWARD_REPORT_AUDIENCES), cycle: epochMs, operator: reportOperator, expiresAt: epochMs }),
  ),
});
export type SupervisionDto = z.infer<typeof supervisionDto>;

/**
 * The breach risk of a row: of its clocks running short of their limit (ok or
 * in warning), the one most likely to breach, estimated from the cache's
 * history (shared/risk).
 */
export const riskDto = z.object({
  clock: z.enum(CLOCK_NAMES),
  index: z.number().int().min(0),
  /** P(it stops after its limit | it has run so far); null when the cache has too little history to say. */
  probability: z.number().min(0).max(1).nullable(),
  /** The probability reached the policy's threshold (`risk.threshold`, default 0.5). */
  likely: z.boolean(),
  /** When it stops, median and 80th percentile given it has run so far. */
  expectedStopAt: epochMs.nullable(),
  expectedStopAtP80: epochMs.nullable(),
  basis: z.object({
    /** Closed clocks of its stratum (0 with no basis). */
    similar: z.number().int().min(0),
    /** e.g. `repair/bandwidth/province/AA/南京`; empty with no basis. */
    stratum: z.string(),
    /** The stratum's fields; null = not narrowed. */
    scope: z
      .object({
        clock: z.enum(CLOCK_NAMES),
        serviceGroup: z.enum(Object.keys(SERVICE_GROUPS) as [keyof typeof SERVICE_GROUPS]).nullable(),
        tier: z.enum(CUSTOMER_TIERS).nullable(),
        circuitLevel: z.enum(CIRCUIT_LEVELS).nullable(),
        city: z.string().nullable(),
      })
      .nullable(),
  }),
});
export type RiskDto = z.infer<typeof riskDto>;

/** One row of an escalation board: a ticket with the clocks that matter now. */
export const boardRow = z.object({
  key: z.string(),
  source: z.string(),
  sourceName: z.string(),
  sourceLevel: z.enum(SOURCE_LEVELS),
  ticketId: z.string(),
  incomplete: z.boolean(),
  customer: z.object({ id: z.string(), name: z.string(), tier: z.enum(CUSTOMER_TIERS) }).nullable(),
  circuit: z.object({ id: z.string(), level: z.enum(CIRCUIT_LEVELS) }).nullable(),
  service: z.enum(SERVICES).nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  title: z.string().nullable(),
  faultLevel: z.number().int().nullable(),
  accountManager: z.string().nullable(),
  stage: z.enum(STAGES),
  center: z.enum(CENTERS).nullable(),
  handler: z.string().nullable(),
  suspension: z.object({ since: epochMs, reason: z.string(), approvedBy: z.enum(['group', 'province']) }).nullable(),
  pausedMs: z.number().min(0),
  createdAt: epochMs.nullable(),
  closedAt: epochMs.nullable(),
  /** The current clock of each name (the last accept clock, the running cadence cycle). */
  clocks: z.array(clockDto),
  nextDueAt: epochMs.nullable(),
  /** The upward report that falls due next (progress / stage feedback / fault report). */
  nextReport: z.object({ kind: z.enum(CLOCKED_REPORT_KINDS), dueAt: epochMs.nullable() }).nullable(),
  /** Checks and their answers, urges, and the cycles a console claimed (protocol 1.1; empty for a 1.0 source). */
  supervision: supervisionDto,
  /** The breach risk of its riskiest clock running short of its limit; null when none is. */
  risk: riskDto.nullable(),
  /** Boards this ticket appears on. */
  boards: z.array(boardLevel),
  updatedAt: epochMs,
});
export type BoardRow = z.infer<typeof boardRow>;

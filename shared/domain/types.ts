// The domain's public shapes. Times inside the domain are epoch milliseconds
// (numbers compare and subtract fast across 10,000 tickets); the edges (CLI,
// contract, reports) render them as RFC 3339 in Asia/Shanghai.
import type {
  Center,
  CircuitLevel,
  CreatedData,
  CustomerTier,
  FeedEvent,
  Satisfaction,
  UpwardReportAudience,
  UpwardReportKind,
  Service,
} from '../protocol';

export const CLOCK_NAMES = [
  'dispatch',
  'accept',
  'repair',
  'confirm',
  'faultReport',
  'upwardProgress',
  'stageFeedback',
  'firstEscalation',
  'check',
  'faultLevelResponse',
] as const;
export type ClockName = (typeof CLOCK_NAMES)[number];

export const CLOCK_STATES = ['ok', 'warning', 'breached', 'met', 'metLate', 'notApplicable'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

/** A limit as the policy writes it: calendar minutes/hours, or working days on the calendar. */
export type Limit = { minutes: number } | { hours: number } | { workingDays: number };

export const STAGES = [
  'accepted', // 受理: in the system, not yet dispatched
  'preprocessing', // 预处理 at the monitoring centre (failed pre-processing waits for dispatch)
  'dispatched', // 派单: waiting for a handler to accept
  'inRepair', // 接单: a handler holds it
  'repaired', // 修复: waiting for recovery confirmation
  'confirmed', // 恢复确认
  'closed', // 回单
] as const;
export type Stage = (typeof STAGES)[number];

export interface Suspension {
  since: number;
  reason: string;
  approvedBy: 'group' | 'province';
}

/** A ticket as its events (applied in `at`, then `seq` order) leave it. */
export interface TicketFacts {
  ticketId: string;
  /** True while no `created` event has been applied (a placeholder). */
  incomplete: boolean;
  customer: CreatedData['customer'] | null;
  circuit: CreatedData['circuit'] | null;
  service: Service | null;
  city: string | null;
  district: string | null;
  channel: CreatedData['channel'] | null;
  title: string | null;
  description: string | null;
  faultLevel: number | null;
  accountManager: CreatedData['accountManager'] | null;
  stage: Stage;
  /** Stage to return to on `resumed`; null when not suspended. */
  suspension: Suspension | null;
  center: Center | null;
  handler: string | null;
  createdAt: number | null;
  closedAt: number | null;
  repairedAt: number | null;
  confirmedAt: number | null;
  cause: string | null;
  resolution: string | null;
  satisfaction: Satisfaction | null;
  faultReportFiledAt: number | null;
  /** Suspension intervals, closed ones with `to`, the running one with `to: null`. */
  suspensions: { from: number; to: number | null; reason: string; approvedBy: 'group' | 'province' }[];
  reopenCount: number;
  transferCount: number;
  lastEventAt: number | null;
  lastEventSeq: number | null;
}

/** An event that the lifecycle could not apply, with the reason (quarantined by the feeds). */
export interface Rejection {
  event: FeedEvent;
  reason: string;
}

/**
 * An upward report as the clocks see it: only acknowledged ones restart a
 * cadence. From the source's echo (`reported`, protocol 1.1) or, for a source
 * that echoes nothing, from this console's outbox.
 */
export interface AcknowledgedReport {
  /** The report's idempotency key: an echo and an outbox row of the same report are one report. */
  id?: string;
  kind: UpwardReportKind;
  audience?: UpwardReportAudience;
  createdAt: number;
  acknowledgedAt: number;
}

export interface Clock {
  name: ClockName;
  /** 0 for single clocks; for repeated ones (accept, cadences) the order they started in. */
  index: number;
  state: ClockState;
  startedAt: number | null;
  /** When elapsed reaches the limit, projected without further suspension; null while paused. */
  dueAt: number | null;
  /** When elapsed reaches the warning share of the limit, projected like `dueAt`. */
  warnAt: number | null;
  /** When elapsed first exceeded the limit, if it had by `at`. */
  breachedAt: number | null;
  stoppedAt: number | null;
  elapsedMs: number;
  limitMs: number;
  /** Suspended time excluded from `elapsedMs`. */
  pausedMs: number;
  limit: Limit | null;
}

export interface Evaluation {
  at: number;
  facts: TicketFacts;
  clocks: Clock[];
  /** Soonest `dueAt` among running clocks (ok/warning/breached); null if none runs. */
  nextDueAt: number | null;
  rejected: Rejection[];
  policyVersion: string;
}

export type { CircuitLevel, CustomerTier, Service };

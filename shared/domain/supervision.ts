// Supervision (督办, protocol 1.1) as a ticket's stream tells it: the reports
// the source echoed (any console's), the city NOC's and the handler's replies
// to checks and urges, and the cycles consoles claimed. The clocks count the
// echoed reports (clocks.ts); this module says what the boards and the drawer
// show of the rest, at an instant, from the fold alone.
import type {
  ClaimableReportKind,
  ReplyParty,
  ReplyStatus,
  ReportOperator,
  ReportSubject,
  UpwardReportAudience,
  UpwardReportKind,
} from '../protocol';
import type { TicketFold } from './lifecycle';
import type { Policy } from './policy';
import type { AcknowledgedReport } from './types';
import { limitMs } from './clockMath';

/** A report as its echo (`reported`) tells it: acknowledged upstream at `at`. */
export interface EchoedReport {
  id: string;
  kind: UpwardReportKind;
  audience: UpwardReportAudience;
  createdAt: number;
  /** When the source echoed it: from then on it counts. */
  at: number;
  seq: number;
  receipt: string;
  operator: ReportOperator | null;
  subject: ReportSubject | null;
  title: string;
}

export interface Reply {
  reportId: string;
  by: ReplyParty;
  name: string | null;
  status: ReplyStatus;
  note: string | null;
  at: number;
  seq: number;
}

export interface Claim {
  kind: ClaimableReportKind;
  audience: UpwardReportAudience;
  /** The due instant of the clock instance the claimed report will satisfy. */
  cycle: number;
  operator: ReportOperator;
  expiresAt: number;
  at: number;
  seq: number;
}

/**
 * The acknowledged reports a ticket's clocks count at `at`: what the source
 * echoed, and this console's own acknowledged reports for a source that echoes
 * nothing (`outbox`), one entry per report id.
 */
export function countedReports(fold: TicketFold, outbox: readonly AcknowledgedReport[]): readonly AcknowledgedReport[] {
  const echoed = fold.history.reports;
  if (echoed.length === 0) return outbox;
  const out: AcknowledgedReport[] = echoed.map((r) => ({ id: r.id, kind: r.kind, audience: r.audience, createdAt: r.createdAt, acknowledgedAt: r.at }));
  const seen = new Set(out.map((r) => r.id));
  for (const report of outbox) if (report.id === undefined || !seen.has(report.id)) out.push(report);
  return out;
}

export interface PartyCheck {
  reportId: string;
  createdAt: number;
  operator: ReportOperator | null;
  /** The party's answer to this check, if it has come. */
  reply: Reply | null;
  /** Unanswered for the policy's no-reply time: the board flags it. */
  noReply: boolean;
}

export interface SupervisionView {
  /** The last check to each party (acknowledged by `at`), with its answer. */
  checks: Record<ReplyParty, PartyCheck | null>;
  /** The latest answer to a check or an urge. */
  lastReply: (Reply & { kind: 'check' | 'urge' }) | null;
  /** Urges acknowledged by `at`. */
  urges: number;
  /** Cycles claimed and neither reported nor expired at `at`: who is reporting what. */
  claims: Claim[];
}

/** What the supervision of a ticket stands at, at `at` (only events at or before it count). */
export function supervisionAt(fold: TicketFold, policy: Policy, at: number): SupervisionView {
  const { reports, replies, claims } = fold.history;
  const noReplyAfter = limitMs(policy.clocks.check.noReplyAfter);
  const repliesBy = new Map<string, Reply>();
  let lastReply: SupervisionView['lastReply'] = null;
  const kindOf = new Map(reports.map((r) => [r.id, r.kind]));
  for (const reply of replies) {
    if (reply.at > at) continue;
    if (!repliesBy.has(reply.reportId)) repliesBy.set(reply.reportId, reply);
    const kind = kindOf.get(reply.reportId);
    if ((kind === 'check' || kind === 'urge') && (lastReply === null || reply.at >= lastReply.at)) lastReply = { ...reply, kind };
  }
  const checks: SupervisionView['checks'] = { 'city-noc': null, handler: null };
  let urges = 0;
  for (const report of reports) {
    if (report.at > at) continue;
    if (report.kind === 'urge') urges += 1;
    if (report.kind !== 'check' || (report.audience !== 'city-noc' && report.audience !== 'handler')) continue;
    const previous = checks[report.audience];
    if (previous && previous.createdAt > report.createdAt) continue;
    const reply = repliesBy.get(report.id) ?? null;
    checks[report.audience] = {
      reportId: report.id,
      createdAt: report.createdAt,
      operator: report.operator,
      reply,
      noReply: reply === null && at - report.createdAt >= noReplyAfter,
    };
  }
  const active = claims.filter(
    (claim) =>
      claim.at <= at &&
      claim.expiresAt > at &&
      !reports.some((r) => r.at <= at && r.at >= claim.at && r.kind === claim.kind && r.audience === claim.audience),
  );
  return { checks, lastReply, urges, claims: active };
}

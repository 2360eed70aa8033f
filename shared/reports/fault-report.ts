// What makes a fault handling report (故障处理报告) sendable, and what of the
// ticket its customer reads. One place for the core (which refuses) and the
// desk (which asks before it offers): a fault report follows confirmed
// repair, its cause, measures, prevention and confirmer are written by a
// person, and it names the operator who sends it.
import type { FaultReportFields, TicketDetail } from '../contract';
import type { ClockName } from '../domain/types';
import { EVENT_TYPES, type EventType, type ReportKind } from '../protocol';

/** The clocks of the customer's story: each stage of the repair against its limit. */
export const CUSTOMER_CLOCKS: ReadonlySet<ClockName> = new Set<ClockName>(['dispatch', 'accept', 'repair', 'confirm', 'faultLevelResponse']);

/**
 * Events the customer's timeline shows: every step of the fault, but not the
 * upstream's bookkeeping (field updates, report filings, the satisfaction
 * call-back) nor any type a later protocol adds until someone decides.
 */
const INTERNAL_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>(['updated', 'report-filed', 'callback']);
export const CUSTOMER_EVENT_TYPES: ReadonlySet<string> = new Set(EVENT_TYPES.filter((type) => !INTERNAL_EVENT_TYPES.has(type)));

/** The reports whose acknowledgement stops each report obligation's clock. */
export const REPORTS_OF_CLOCK: Partial<Record<ClockName, readonly ReportKind[]>> = {
  upwardProgress: ['progress'],
  stageFeedback: ['stage-feedback'],
  firstEscalation: ['progress', 'stage-feedback'],
  faultReport: ['fault-report'],
};

/** The recovery confirmation that stands: the last `confirmed` after the last repair and the last reopen. */
export function confirmationOf(detail: Pick<TicketDetail, 'timeline'>): { at: number; by: string | null } | null {
  let confirmation: { at: number; by: string | null } | null = null;
  for (const entry of detail.timeline) {
    if (entry.kind !== 'event' || entry.rejected !== null) continue;
    if (entry.type === 'repaired' || entry.type === 'reopened') confirmation = null;
    if (entry.type === 'confirmed') {
      const by = entry.summary.by;
      confirmation = { at: entry.at, by: typeof by === 'string' && by.trim() !== '' ? by : null };
    }
  }
  return confirmation;
}

export type FaultReportProblem = 'notConfirmed' | 'operator' | keyof FaultReportFields;

/** The fields a person must write, in the order the form asks for them. */
export const FAULT_REPORT_FIELDS = ['cause', 'measures', 'prevention', 'confirmer'] as const satisfies readonly (keyof FaultReportFields)[];

/**
 * Why the ticket's fault report cannot go out yet (empty when it can): the
 * repair is not confirmed, the operator is not named, or a field a person
 * writes is empty.
 */
export function faultReportProblems(detail: Pick<TicketDetail, 'timeline'>, fields: Partial<FaultReportFields> | undefined, operator: string): FaultReportProblem[] {
  const problems: FaultReportProblem[] = [];
  if (!confirmationOf(detail)) problems.push('notConfirmed');
  if (operator.trim() === '') problems.push('operator');
  for (const field of FAULT_REPORT_FIELDS) if (!fields?.[field]?.trim()) problems.push(field);
  return problems;
}

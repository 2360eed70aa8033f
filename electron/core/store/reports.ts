import type { AcknowledgedReport } from '../../../shared/domain';

/**
 * Where the clocks get a ticket's acknowledged upward reports. The outbox (a
 * later migration) implements it; until then no report has been acknowledged.
 */
export interface AckedReports {
  ackedReportsOf(source: string, ticketId: string): readonly AcknowledgedReport[];
}

export const NO_ACKED_REPORTS: AckedReports = { ackedReportsOf: () => [] };

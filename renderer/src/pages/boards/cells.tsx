import { useTranslation } from 'react-i18next';
import type { CustomCellRendererProps } from 'ag-grid-react';
import type { BoardRow } from '../../../../shared/contract';
import { ClockStrip } from '../../components/ClockStrip';
import { Countdown } from '../../components/Countdown';
import { StateBadge } from '../../components/StateBadge';
import { formatCountdown, formatShortDateTime } from '../../format/time';
import { useNow } from '../../store/now';
import { rowState } from '../../store/urgency';
import { localizedDuration } from '../../format/duration';
import { ReportRowButton } from '../../components/reports/ReportRowButton';

// Cells that move with time read the shared ticker themselves: the grid only
// renders the rows in view, so only those tick.
type Cell = CustomCellRendererProps<BoardRow>;

export function UrgencyCell({ data }: Cell) {
  const now = useNow();
  return data ? <Countdown row={data} now={now} /> : null;
}

export function StateCell({ data }: Cell) {
  const now = useNow();
  return data ? <StateBadge state={rowState(data, now)} /> : null;
}

export function ClocksCell({ data }: Cell) {
  const now = useNow();
  return data ? <ClockStrip row={data} now={now} /> : null;
}

export function NextReportCell({ data }: Cell) {
  const { t } = useTranslation();
  const now = useNow();
  const report = data?.nextReport;
  if (!report) return null;
  const kind = t(`code.reportKind.${report.kind}`);
  if (report.dueAt === null) return <span>{kind}</span>;
  if (!data) return null;
  const left = report.dueAt - now;
  const time = formatCountdown(left);
  return (
    <span className="next-report-cell">
      <span className={left < 0 ? 'text-breached' : undefined}>
        {left < 0 ? t('board.reportOverdue', { kind, time }) : t('board.reportDue', { kind, time })}
      </span>
      <ReportRowButton row={data} />
    </span>
  );
}

export function SuspensionCell({ data }: Cell) {
  const { t } = useTranslation();
  const suspension = data?.suspension;
  if (!suspension) return null;
  return (
    <span className="suspension" title={formatShortDateTime(suspension.since)}>
      {t('board.suspended', { reason: suspension.reason })}
      {t('board.suspendedBy', { by: t(`code.approvedBy.${suspension.approvedBy}`) })}
    </span>
  );
}

export function AgeCell({ data }: Cell) {
  const { t } = useTranslation();
  const now = useNow();
  if (!data?.createdAt) return null;
  return <span title={formatShortDateTime(data.createdAt)}>{localizedDuration(t, now - data.createdAt)}</span>;
}

export function CustomerCell({ data }: Cell) {
  const { t } = useTranslation();
  if (!data) return null;
  return (
    <span className="customer-cell">
      <span className="customer-cell__name">{data.customer?.name ?? data.title ?? data.ticketId}</span>
      {data.incomplete && <span className="tag">{t('board.incomplete')}</span>}
    </span>
  );
}

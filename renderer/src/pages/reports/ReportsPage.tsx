import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REPORT_STATES, type ReportState } from '../../../../shared/contract';
import { REPORT_KINDS, type ReportKind } from '../../../../shared/protocol';
import { SHANGHAI_OFFSET_MS } from '../../../../shared/time';
import { DateField } from '../../components/DateField';
import { EmptyState } from '../../components/EmptyState';
import { MultiSelect } from '../../components/MultiSelect';
import { ReportEntryButtons, ReportOutcome } from '../../components/reports/ReportHistory';
import { ReportStateBadge } from '../../components/reports/ReportStateBadge';
import { useReports } from '../../components/reports/useReports';
import { formatDateTime } from '../../format/time';
import '../../components/reports/reports.css';

const DAY_MS = 86_400_000;

/** A yyyy-mm-dd from a date field as the Shanghai day's first (or last) millisecond. */
function shanghaiDay(value: string, end: boolean): number | undefined {
  if (!value) return undefined;
  const start = Date.parse(`${value}T00:00:00Z`) - SHANGHAI_OFFSET_MS;
  return end ? start + DAY_MS - 1 : start;
}

/** Every upward report with its state, filtered by state, kind, ticket and date. */
export function ReportsPage() {
  const { t } = useTranslation();
  const [states, setStates] = useState<ReportState[]>([]);
  const [kinds, setKinds] = useState<ReportKind[]>([]);
  const [ticket, setTicket] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const { reports, error } = useReports({
    states,
    kinds,
    ticket: ticket.trim() || undefined,
    from: shanghaiDay(from, false),
    to: shanghaiDay(to, true),
    limit: 1000,
  });

  return (
    <div className="page" data-testid="page-reports">
      <header className="page-header">
        <h1>{t('outbox.page.title')}</h1>
        <span className="page-header__summary">{reports ? t('outbox.page.count', { count: reports.length }) : t('common.loading')}</span>
      </header>
      <div className="reports-filters" role="search">
        <MultiSelect
          label={t('outbox.filter.state')}
          options={REPORT_STATES.map((value) => ({ value, label: t(`outbox.state.${value}`) }))}
          selected={states}
          onChange={setStates}
          testId="reports-filter-state"
        />
        <MultiSelect
          label={t('outbox.filter.kind')}
          options={REPORT_KINDS.map((value) => ({ value, label: t(`code.reportKind.${value}`) }))}
          selected={kinds}
          onChange={setKinds}
          testId="reports-filter-kind"
        />
        <label>
          {t('outbox.filter.ticket')}
          <input type="search" value={ticket} onChange={(e) => setTicket(e.target.value)} data-testid="reports-filter-ticket" />
        </label>
        <label>
          {t('outbox.filter.from')}
          <DateField mode="date" label={t('outbox.filter.from')} value={from} onChange={setFrom} testId="reports-filter-from" />
        </label>
        <label>
          {t('outbox.filter.to')}
          <DateField mode="date" label={t('outbox.filter.to')} value={to} onChange={setTo} testId="reports-filter-to" />
        </label>
      </div>
      {error && <p className="text-breached">{t('outbox.failed', { message: error })}</p>}
      {reports && reports.length === 0 && <EmptyState title={t('outbox.page.empty')} />}
      {reports && reports.length > 0 && (
        <table className="reports-table" data-testid="reports-table">
          <thead>
            <tr>
              <th scope="col">{t('outbox.col.createdAt')}</th>
              <th scope="col">{t('outbox.col.ticket')}</th>
              <th scope="col">{t('outbox.col.customer')}</th>
              <th scope="col">{t('outbox.col.kind')}</th>
              <th scope="col">{t('outbox.col.state')}</th>
              <th scope="col">{t('outbox.col.result')}</th>
              <th scope="col">{t('outbox.col.operator')}</th>
              <th scope="col">{t('outbox.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((report) => (
              <tr key={report.id} data-testid="report-entry" data-kind={report.kind} data-state={report.state} data-ticket={report.ticketId}>
                <td>{formatDateTime(report.createdAt)}</td>
                <td>{report.ticketId}</td>
                <td>{report.customer ?? t('common.none')}</td>
                <td>{t(`code.reportKind.${report.kind}`)}</td>
                <td>
                  <ReportStateBadge state={report.state} />
                </td>
                <td>
                  <ReportOutcome report={report} />
                </td>
                <td>{report.operator || t('common.none')}</td>
                <td>
                  <ReportEntryButtons report={report} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

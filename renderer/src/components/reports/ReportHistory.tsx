import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportEntry } from '../../../../shared/contract';
import { useConsole } from '../../app/ConsoleContext';
import { formatDateTime } from '../../format/time';
import { downloadPdf } from './downloadPdf';
import { ReportStateBadge } from './ReportStateBadge';
import { ResendDialog } from './ResendDialog';

/** What happened to a report: its receipt, the server's reason, or why it is still waiting. */
export function ReportOutcome({ report }: { report: ReportEntry }) {
  const { t } = useTranslation();
  if (report.state === 'acknowledged' && report.receipt) {
    return <span>{t('outbox.receipt', { receipt: report.receipt, time: report.receivedAt === null ? '' : formatDateTime(report.receivedAt) })}</span>;
  }
  if (report.state === 'refused' && report.refusal) {
    return (
      <span className="report-history__reason" data-testid="report-refusal">
        {t('outbox.refused', report.refusal)}
        {report.supersededBy && <span className="muted"> · {t('outbox.supersededBy', { id: report.supersededBy })}</span>}
      </span>
    );
  }
  if (report.lastError) {
    return (
      <span className="muted">
        {t('outbox.lastError', { message: report.lastError })}
        {' · '}
        {report.nextAttemptAt === null ? t('outbox.waiting') : t('outbox.nextAttempt', { time: formatDateTime(report.nextAttemptAt) })}
      </span>
    );
  }
  return report.attempts > 0 ? <span className="muted">{t('outbox.attempts', { count: report.attempts })}</span> : null;
}

/** PDF and, for a refused report not yet replaced, edit-and-resend. */
export function ReportEntryButtons({ report }: { report: ReportEntry }) {
  const { t } = useTranslation();
  const { bridge } = useConsole();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  const kind = t(`code.reportKind.${report.kind}`);
  const pdf = () => {
    setPrinting(true);
    setError(null);
    return bridge
      .invoke('report:pdf', { id: report.id })
      .then(downloadPdf)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setPrinting(false));
  };
  return (
    <span className="report-history__buttons">
      {/* Busy while printing: a second click would print the report twice. */}
      <button type="button" className="button" disabled={printing} aria-busy={printing} onClick={() => void pdf()} title={t('outbox.pdfTitle', { kind })}>
        {printing ? t('outbox.pdfBusy') : t('outbox.pdf')}
      </button>
      {report.state === 'refused' && !report.supersededBy && (
        <button type="button" className="button" onClick={() => setEditing(true)} data-testid="report-edit-resend">
          {t('outbox.editResend')}
        </button>
      )}
      {error && <span className="text-breached">{t('outbox.failed', { message: error })}</span>}
      {editing && <ResendDialog report={report} onClose={() => setEditing(false)} />}
    </span>
  );
}

/** A ticket's reports, newest first. */
export function ReportHistory({ reports }: { reports: readonly ReportEntry[] }) {
  const { t } = useTranslation();
  if (reports.length === 0) return <p className="muted">{t('outbox.noHistory')}</p>;
  return (
    <ol className="report-history" data-testid="report-history">
      {reports.map((report) => (
        <li key={report.id} className="report-history__item" data-testid="report-entry" data-kind={report.kind} data-state={report.state}>
          <div className="report-history__head">
            <strong>{t(`code.reportKind.${report.kind}`)}</strong>
            <ReportStateBadge state={report.state} />
          </div>
          <div className="report-history__meta">
            {formatDateTime(report.createdAt)} · {report.operator || t('common.none')} · {report.id}
            {report.replaces && ` · ${t('outbox.replaces', { id: report.replaces })}`}
          </div>
          <ReportOutcome report={report} />
          <ReportEntryButtons report={report} />
        </li>
      ))}
    </ol>
  );
}

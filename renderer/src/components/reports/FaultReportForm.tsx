// The fault handling report (故障处理报告) goes to the customer, so a person
// writes its cause, measures, prevention and confirmer before it is sent: the
// form asks for them (the upstream's own words prefill cause and measures),
// previews both editions, and sends only when every field is written. The
// core refuses the same things (shared/reports/fault-report.ts).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FaultReportFields, ReportEdition, TicketDetail } from '../../../../shared/contract';
import { confirmationOf, FAULT_REPORT_FIELDS, faultReportProblems } from '../../../../shared/reports/fault-report';
import { useConsole } from '../../app/ConsoleContext';
import { downloadPdf } from './downloadPdf';
import { useReporter } from './useReporter';

type Busy = 'send' | ReportEdition | null;

export function FaultReportForm({ detail, onDone }: { detail: TicketDetail; onDone(): void }) {
  const { t } = useTranslation();
  const { bridge } = useConsole();
  const reporter = useReporter();
  const [fields, setFields] = useState<FaultReportFields>(() => ({
    cause: detail.cause ?? '',
    measures: detail.resolution ?? '',
    prevention: '',
    confirmer: confirmationOf(detail)?.by ?? '',
  }));
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const key = { source: detail.row.source, ticketId: detail.row.ticketId };
  // The operator is this seat's (Settings): useReporter says so when it is missing, and the core checks it too.
  const missing = faultReportProblems(detail, fields, '-').filter((p) => p !== 'operator');

  const run = async (what: Exclude<Busy, null>) => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'send') {
        await bridge.invoke('report:send', { ...key, kind: 'fault-report', ...reporter(), faultReport: fields });
        onDone();
      } else {
        downloadPdf(await bridge.invoke('report:pdf', { ...key, kind: 'fault-report', ...reporter(), faultReport: fields, edition: what }));
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <form className="fault-report-form" data-testid="fault-report-form" onSubmit={(event) => (event.preventDefault(), void run('send'))} aria-busy={busy !== null}>
      <p className="muted">{t('faultReport.intro')}</p>
      {FAULT_REPORT_FIELDS.map((field) => (
        <label key={field}>
          <span>
            {t(`faultReport.field.${field}`)}
            <span className="required" aria-hidden="true">
              {' *'}
            </span>
          </span>
          {field === 'confirmer' ? (
            <input
              value={fields[field]}
              maxLength={100}
              required
              onChange={(event) => setFields({ ...fields, [field]: event.target.value })}
              placeholder={t('faultReport.placeholder.confirmer')}
              data-testid={`fault-report-${field}`}
            />
          ) : (
            <textarea
              value={fields[field]}
              maxLength={2000}
              required
              rows={3}
              onChange={(event) => setFields({ ...fields, [field]: event.target.value })}
              placeholder={t(`faultReport.placeholder.${field}`)}
              data-testid={`fault-report-${field}`}
            />
          )}
        </label>
      ))}
      {missing.length > 0 && (
        <p className="muted small" data-testid="fault-report-missing">
          {t('faultReport.missing', { fields: missing.map((p) => t(`faultReport.problem.${p}`)).join(t('common.listSeparator')) })}
        </p>
      )}
      <div className="report-history__buttons">
        <button type="button" className="button" disabled={busy !== null || missing.length > 0} onClick={() => void run('customer')} aria-busy={busy === 'customer'}>
          {busy === 'customer' ? t('outbox.pdfBusy') : t('faultReport.previewCustomer')}
        </button>
        <button type="button" className="button" disabled={busy !== null || missing.length > 0} onClick={() => void run('noc')} aria-busy={busy === 'noc'}>
          {busy === 'noc' ? t('outbox.pdfBusy') : t('faultReport.previewNoc')}
        </button>
        <button type="submit" className="button button--primary" disabled={busy !== null || missing.length > 0} aria-busy={busy === 'send'} data-testid="fault-report-send">
          {busy === 'send' ? t('outbox.sending') : t('faultReport.send')}
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={onDone}>
          {t('outbox.cancel')}
        </button>
      </div>
      {error && <p className="text-breached">{t('outbox.failed', { message: error })}</p>}
    </form>
  );
}

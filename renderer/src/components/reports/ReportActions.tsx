// Mount in the ticket detail drawer (components/TicketDrawer.tsx), as a
// section under the clocks: <ReportActions row={row} />.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardRow, TicketDetail } from '../../../../shared/contract';
import { REPORT_KINDS, type ReportKind } from '../../../../shared/protocol';
import { reportDue } from '../../../../shared/reports/due';
import { confirmationOf } from '../../../../shared/reports/fault-report';
import { useConsole } from '../../app/ConsoleContext';
import { reporterOf } from '../../store/clientSettings';
import { formatShortDateTime } from '../../format/time';
import { useNow } from '../../store/now';
import { useObservable } from '../../store/observable';
import { downloadPdf } from './downloadPdf';
import { FaultReportForm } from './FaultReportForm';
import { ReportHistory } from './ReportHistory';
import { useReporter } from './useReporter';
import { useReports } from './useReports';
import './reports.css';

function DueText({ row, kind, now }: { row: BoardRow; kind: ReportKind; now: number }) {
  const { t } = useTranslation();
  const { clock, due } = reportDue(row, kind);
  if (!clock) return <span className="report-actions__due">{t('outbox.noClock')}</span>;
  if (!due || clock.dueAt === null) return <span className="report-actions__due">{t('outbox.notDue')}</span>;
  const overdue = clock.dueAt < now;
  return (
    <span className={`report-actions__due report-actions__due--${overdue ? 'overdue' : 'due'}`} data-testid={`report-due-${kind}`}>
      {overdue ? t('outbox.overdue') : t('outbox.due', { time: formatShortDateTime(clock.dueAt) })}
    </span>
  );
}

/**
 * One click per kind of report for this ticket, its due state, and the
 * ticket's report history. The fault report is offered once the recovery is
 * confirmed, through a form a person fills in (FaultReportForm).
 */
export function ReportActions({ row, detail }: { row: BoardRow; detail: TicketDetail }) {
  const { t } = useTranslation();
  const { bridge, client } = useConsole();
  // Said before anyone clicks: without a name this seat cannot send (the core refuses too).
  const nameless = useObservable(client).operator.trim() === '';
  const reporter = useReporter();
  const now = useNow();
  const [busy, setBusy] = useState<{ kind: ReportKind; action: 'send' | 'pdf' } | null>(null);
  const [writing, setWriting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { reports } = useReports({ source: row.source, ticket: row.ticketId, limit: 200 });
  const key = { source: row.source, ticketId: row.ticketId };
  const confirmed = confirmationOf(detail) !== null;

  const run = async (kind: ReportKind, action: 'send' | 'pdf') => {
    setBusy({ kind, action });
    setError(null);
    try {
      if (action === 'send') await bridge.invoke('report:send', { ...key, kind, ...reporter() });
      else downloadPdf(await bridge.invoke('report:pdf', { ...key, kind, ...reporterOf(client.get()) }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="report-actions" data-testid="report-actions">
      <h3>{t('nav.reports')}</h3>
      {nameless && (
        <p className="report-actions__note" role="note" data-testid="report-needs-operator">
          {t('outbox.needOperator')}
        </p>
      )}
      {REPORT_KINDS.map((kind) => {
        const name = t(`code.reportKind.${kind}`);
        if (kind === 'fault-report') {
          return (
            <div key={kind} className="report-actions__kind">
              <span>{name}</span>
              {confirmed ? <DueText row={row} kind={kind} now={now} /> : <span className="report-actions__due">{t('faultReport.afterConfirmation')}</span>}
              <span className="report-history__buttons">
                {confirmed && (
                  <button
                    type="button"
                    className={`button${reportDue(row, kind).due ? ' button--primary' : ''}`}
                    disabled={busy !== null || writing}
                    onClick={() => setWriting(true)}
                    data-testid="report-write-fault-report"
                  >
                    {t('faultReport.write')}
                  </button>
                )}
              </span>
              {writing && confirmed && (
                <div className="report-actions__form">
                  <FaultReportForm detail={detail} onDone={() => setWriting(false)} />
                </div>
              )}
            </div>
          );
        }
        const sending = busy?.kind === kind && busy.action === 'send';
        const printing = busy?.kind === kind && busy.action === 'pdf';
        return (
          <div key={kind} className="report-actions__kind">
            <span>{name}</span>
            <DueText row={row} kind={kind} now={now} />
            <span className="report-history__buttons">
              <button
                type="button"
                className={`button${reportDue(row, kind).due ? ' button--primary' : ''}`}
                disabled={busy !== null}
                aria-busy={sending}
                onClick={() => void run(kind, 'send')}
                title={t('outbox.sendTitle', { kind: name })}
                data-testid={`report-send-${kind}`}
              >
                {sending ? t('outbox.sending') : t('outbox.send', { kind: name })}
              </button>
              <button
                type="button"
                className="button"
                disabled={busy !== null}
                aria-busy={printing}
                onClick={() => void run(kind, 'pdf')}
                title={t('outbox.pdfTitle', { kind: name })}
              >
                {printing ? t('outbox.pdfBusy') : t('outbox.pdf')}
              </button>
            </span>
          </div>
        );
      })}
      {error && (
        <p className="text-breached" role="alert" data-testid="report-error">
          {t('outbox.failed', { message: error })}
        </p>
      )}
      <h3>{t('outbox.history')}</h3>
      {reports && <ReportHistory reports={reports.filter((r) => r.ticketId === row.ticketId)} />}
    </section>
  );
}

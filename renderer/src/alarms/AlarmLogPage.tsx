// The alarm log (告警记录): every alarm this console raised, who acknowledged it
// and when, whether it came while the console was silenced, when it cleared;
// and the silences with their reasons. Exported as .xlsx or .csv by main.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestResult } from '../../../shared/contract';
import type { Strings } from '../../../shared/i18n';
import { useConsole } from '../app/ConsoleContext';
import { EmptyState } from '../components/EmptyState';
import { downloadPdf } from '../components/reports/downloadPdf';
import { formatDateTime } from '../format/time';
import { reporterOf } from '../store/clientSettings';
import { useObservable } from '../store/observable';
import './alarms.css';

type Log = RequestResult<'alarm:log'>;

const ALARM_COLUMNS = ['raisedAt', 'severity', 'cause', 'ticket', 'customer', 'city', 'clock', 'acknowledgedBy', 'acknowledgedAt', 'silenced', 'clearedAt'] as const;
const SILENCE_COLUMNS = ['from', 'until', 'by', 'reason', 'endedAt'] as const;

function Head({ columns }: { columns: readonly (keyof Strings['alarm']['col'])[] }) {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        {columns.map((col) => (
          <th key={col} scope="col">
            {t(`alarm.col.${col}`)}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function AlarmLogPage() {
  const { t } = useTranslation();
  const { bridge, client, alarms } = useConsole();
  // Reloaded whenever the alarms change: a raise, an acknowledgement, a clear or a silence.
  const { at } = useObservable(alarms);
  const [log, setLog] = useState<Log | null>(null);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    bridge.invoke('alarm:log', { limit: 1000 }).then(
      (loaded) => current && setLog(loaded),
      (error: unknown) => current && setNote(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      current = false;
    };
  }, [bridge, at]);

  const exportAs = useCallback(
    async (format: 'csv' | 'xlsx') => {
      setNote(t('export.busy'));
      try {
        const file = await bridge.invoke('alarm:export', { format, ...reporterOf(client.get()) });
        downloadPdf(file);
        setNote(t('export.done', { file: file.fileName }));
      } catch (error) {
        setNote(t('export.failed', { message: error instanceof Error ? error.message : String(error) }));
      }
    },
    [bridge, client, t],
  );

  const none = t('common.none');
  const time = (ms: number | null) => (ms === null ? none : formatDateTime(ms));
  return (
    <div className="page" data-testid="page-alarms">
      <header className="page-header">
        <h1>{t('alarm.logTitle')}</h1>
        <span className="page-header__summary">{log ? log.alarms.length : t('common.loading')}</span>
        <div className="page-header__actions">
          <button type="button" className="button" onClick={() => void exportAs('csv')} data-testid="alarm-export-csv">
            {t('alarm.exportCsv')}
          </button>
          <button type="button" className="button button--primary" onClick={() => void exportAs('xlsx')} data-testid="alarm-export-xlsx">
            {t('alarm.exportXlsx')}
          </button>
        </div>
      </header>
      {note && (
        <p className="export-note" role="status" data-testid="export-note">
          {note}
        </p>
      )}
      {log && log.alarms.length === 0 && <EmptyState title={t('alarm.logEmpty')} />}
      {log && log.alarms.length > 0 && (
        <table className="data-table alarm-log" data-testid="alarm-log">
          <Head columns={ALARM_COLUMNS} />
          <tbody>
            {log.alarms.map((alarm) => (
              <tr key={alarm.id} data-testid="alarm-log-entry" data-ticket={alarm.ticketId ?? ''} data-acknowledged={alarm.acknowledged ? 'yes' : 'no'}>
                <td>{time(alarm.raisedAt)}</td>
                <td>
                  <span className={`alarm-item alarm-item--${alarm.severity}`}>
                    <span className="alarm-item__severity">{t(`alarm.severity.${alarm.severity}`)}</span>
                  </span>
                </td>
                <td>{t(`alarm.cause.${alarm.cause}`)}</td>
                <td>{alarm.ticketId ?? alarm.source}</td>
                <td>{alarm.customer ?? none}</td>
                <td>{alarm.city ?? none}</td>
                <td>{alarm.clock ? `${t(`code.clock.${alarm.clock}`)}${alarm.index > 0 && alarm.ticketId ? ` #${alarm.index + 1}` : ''}` : none}</td>
                <td>{alarm.acknowledged ? `${alarm.acknowledged.by}${alarm.acknowledged.console ? `（${alarm.acknowledged.console}）` : ''}` : none}</td>
                <td>{time(alarm.acknowledged?.at ?? null)}</td>
                <td>{alarm.silenced ? t('alarm.yes') : ''}</td>
                <td>{time(alarm.clearedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log && log.silences.length > 0 && (
        <section>
          <h2>{t('alarm.silencesTitle')}</h2>
          <table className="data-table" data-testid="silence-log">
            <Head columns={SILENCE_COLUMNS} />
            <tbody>
              {log.silences.map((silence) => (
                <tr key={silence.id}>
                  <td>{time(silence.from)}</td>
                  <td>{time(silence.until)}</td>
                  <td>
                    {silence.by}（{silence.console}）
                  </td>
                  <td>{silence.reason}</td>
                  <td>{silence.endedAt === null ? '' : `${time(silence.endedAt)} ${silence.endedBy ?? ''}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

// Mount in a board page's header actions (pages/boards/BoardPage.tsx):
// <ReportAllDueButton level={level} />.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardLevel } from '../../../../shared/contract';
import { useConsole } from '../../app/ConsoleContext';
import { useReporter } from './useReporter';
import './reports.css';

/** Sends every due report of the board in one action and says how many went. */
export function ReportAllDueButton({ level }: { level: BoardLevel }) {
  const { t } = useTranslation();
  const { bridge } = useConsole();
  const reporter = useReporter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    try {
      const { reports } = await bridge.invoke('report:send-due', { level, ...reporter() });
      setMessage(reports.length === 0 ? t('outbox.allDueNone') : t('outbox.allDueDone', { count: reports.length }));
    } catch (e) {
      setMessage(t('outbox.failed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="report-all-due">
      <button type="button" className="button button--primary" disabled={busy} onClick={() => void run()} data-testid="report-all-due">
        {busy ? t('outbox.allDueBusy') : t('outbox.allDue')}
      </button>
      {message && (
        <span className="muted small" role="status" data-testid="report-all-due-result">
          {' '}
          {message}
        </span>
      )}
    </span>
  );
}

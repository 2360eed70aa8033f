// Mount in a board row (pages/boards, e.g. in the "nextReport" cell):
// <ReportRowButton row={row} />. Stops the click from selecting the row.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardRow } from '../../../../shared/contract';
import { dueReportKinds } from '../../../../shared/reports/due';
import { useConsole } from '../../app/ConsoleContext';
import './reports.css';

/** One click sends the report the row owes first (the board's "next report"). */
export function ReportRowButton({ row }: { row: BoardRow }) {
  const { t } = useTranslation();
  const { bridge } = useConsole();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const due = dueReportKinds(row);
  const kind = row.nextReport && due.includes(row.nextReport.kind) ? row.nextReport.kind : due[0];
  if (!kind) return null;
  const name = t(`code.reportKind.${kind}`);
  return (
    <button
      type="button"
      className="button report-quick"
      disabled={busy}
      title={error ? t('outbox.failed', { message: error }) : t('outbox.quickSendTitle', { kind: name })}
      aria-label={t('outbox.quickSendTitle', { kind: name })}
      data-testid="report-row-send"
      data-kind={kind}
      onClick={(event) => {
        event.stopPropagation();
        setBusy(true);
        bridge
          .invoke('report:send', { source: row.source, ticketId: row.ticketId, kind })
          .then(() => setError(null))
          .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
          .finally(() => setBusy(false));
      }}
    >
      {busy ? t('outbox.sending') : t('outbox.quickSend')}
    </button>
  );
}

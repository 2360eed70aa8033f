import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportEntry } from '../../../../shared/contract';
import { useConsole } from '../../app/ConsoleContext';
import { useReporter } from './useReporter';

/** Edit a refused report and send it again; unchanged, it goes under its own id. */
export function ResendDialog({ report, onClose }: { report: ReportEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const { bridge } = useConsole();
  const reporter = useReporter();
  const [title, setTitle] = useState(report.title);
  const [body, setBody] = useState(report.body);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const changed = title !== report.title || body !== report.body;

  const submit = async () => {
    setBusy(true);
    try {
      await bridge.invoke('report:resend', { id: report.id, title, body, ...reporter() });
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <div className="resend-dialog" role="dialog" aria-modal="true" aria-labelledby="resend-heading" data-testid="resend-dialog">
      <div className="resend-dialog__panel">
        <h2 id="resend-heading">{t('outbox.editHeading')}</h2>
        {report.refusal && <p className="report-history__reason">{t('outbox.refused', report.refusal)}</p>}
        <label>
          {t('outbox.titleLabel')}
          <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} data-testid="resend-title" />
        </label>
        <label>
          {t('outbox.bodyLabel')}
          <textarea value={body} onChange={(e) => setBody(e.target.value)} maxLength={20_000} data-testid="resend-body" />
        </label>
        <p className="muted small">{t('outbox.editNote')}</p>
        {error && <p className="text-breached">{t('outbox.failed', { message: error })}</p>}
        <div className="resend-dialog__buttons">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            {t('outbox.cancel')}
          </button>
          <button type="button" className="button button--primary" onClick={() => void submit()} disabled={busy || !title || !body} data-testid="resend-submit">
            {busy ? t('outbox.sending') : changed ? t('outbox.editResend') : t('outbox.resend')}
          </button>
        </div>
      </div>
    </div>
  );
}

// 交接班: the outgoing lead reads the sheet as it stands, writes the note and
// signs (a reason is required while a group-tier clock is breached); the
// incoming lead opens the handover (signed here or echoed from another
// console) and acknowledges it item by item or as a whole.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HandoverEntry } from '../../../../shared/contract';
import { breachedGroupObligations, sheetItems, shiftAt } from '../../../../shared/handover';
import { useConsole } from '../../app/ConsoleContext';
import { EmptyState } from '../../components/EmptyState';
import { downloadPdf } from '../../components/reports/downloadPdf';
import { formatDateTime, formatShortDateTime } from '../../format/time';
import { reporterOf } from '../../store/clientSettings';
import { useNow } from '../../store/now';
import { useObservable } from '../../store/observable';
import { SheetView, type ItemAck } from './SheetView';
import { useCurrentSheet, useHandovers, useHandoverSheet } from './useHandover';
import './handover.css';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function SignForm({ breached, onSigned }: { breached: number; onSigned: (entry: HandoverEntry) => void }) {
  const { t } = useTranslation();
  const { bridge, client } = useConsole();
  const by = reporterOf(useObservable(client));
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const needsReason = breached > 0 && reason.trim() === '';
  const sign = () => {
    setBusy(true);
    bridge
      .invoke('handover:sign', { ...by, note, ...(reason.trim() ? { reason } : {}) })
      .then((entry) => (setError(null), setNote(''), setReason(''), onSigned(entry)))
      .catch((e: unknown) => setError(message(e)))
      .finally(() => setBusy(false));
  };
  return (
    <form className="handover-sign" onSubmit={(e) => (e.preventDefault(), sign())} data-testid="handover-sign">
      <label>
        {t('handover.sectionNote')}
        <textarea value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('handover.notePlaceholder')} rows={3} maxLength={4000} data-testid="handover-note-input" />
      </label>
      {breached > 0 && (
        <label className="handover-reason">
          <span className="text-breached">{t('handover.reasonNeeded', { count: breached })}</span>
          <textarea value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('handover.reasonPlaceholder')} rows={2} maxLength={1000} data-testid="handover-reason-input" />
        </label>
      )}
      {by.operator === '' && <p className="text-warning">{t('outbox.needOperator')}</p>}
      {error && <p className="text-breached" role="alert">{t('outbox.failed', { message: error })}</p>}
      <button type="submit" className="button button--primary" disabled={busy || needsReason || by.operator === ''} data-testid="handover-sign-button">
        {busy ? t('handover.signing') : t('handover.sign')}
      </button>
    </form>
  );
}

function HandoverDetail({ entry }: { entry: HandoverEntry }) {
  const { t } = useTranslation();
  const { bridge, client } = useConsole();
  const by = reporterOf(useObservable(client));
  const { sheet, error } = useHandoverSheet(entry.id);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const done = useMemo(
    () => new Map(entry.items.map((i) => [i.item, t('handover.acknowledgedBy', { name: i.by, console: i.console, time: formatShortDateTime(i.at) })])),
    [entry.items, t],
  );
  const own = by.operator !== '' && by.operator === entry.outgoing.by;
  const ack: ItemAck = {
    done,
    picked,
    enabled: entry.acknowledged === null && !own && by.operator !== '',
    toggle: (item) =>
      setPicked((prev) => {
        const next = new Set(prev);
        if (next.has(item)) next.delete(item);
        else next.add(item);
        return next;
      }),
  };
  const acknowledge = (items?: string[]) => {
    setBusy(true);
    bridge
      .invoke('handover:acknowledge', { ...by, id: entry.id, ...(items ? { items } : {}) })
      .then(() => (setPicked(new Set()), setFailure(null)))
      .catch((e: unknown) => setFailure(message(e)))
      .finally(() => setBusy(false));
  };
  const total = sheet ? sheetItems(sheet).length : 0;
  return (
    <div className="handover-detail" data-testid="handover-detail" data-id={entry.id}>
      <header className="handover-detail__head">
        <h2>{entry.title}</h2>
        <p>
          {t('handover.outgoing')} {entry.outgoing.by}（{entry.outgoing.console}）{formatDateTime(entry.outgoing.at)}
          {entry.reason && (
            <>
              {' · '}
              {t('handover.reason')}：{entry.reason}
            </>
          )}
        </p>
        <p data-testid="handover-ack-state">
          {entry.acknowledged
            ? t('handover.acknowledgedBy', { name: entry.acknowledged.by, console: entry.acknowledged.console, time: formatDateTime(entry.acknowledged.at) })
            : `${t('handover.awaitingAck')} · ${t('handover.itemsAcked', { done: entry.items.length, total })}`}
        </p>
        <div className="handover-detail__actions">
          {entry.acknowledged === null && (
            <>
              <button type="button" className="button" disabled={!ack.enabled || busy || picked.size === 0} onClick={() => acknowledge([...picked])} data-testid="handover-ack-items">
                {t('handover.acknowledge')} ({picked.size})
              </button>
              <button type="button" className="button button--primary" disabled={!ack.enabled || busy} onClick={() => acknowledge()} data-testid="handover-ack-all">
                {t('handover.acknowledgeAll')}
              </button>
            </>
          )}
          <button type="button" className="button" onClick={() => void bridge.invoke('handover:pdf', { id: entry.id, locale: by.locale }).then(downloadPdf, (e: unknown) => setFailure(message(e)))}>
            PDF
          </button>
        </div>
        {own && entry.acknowledged === null && <p className="text-warning">{t('handover.ownHandover')}</p>}
        {(failure ?? error) && <p className="text-breached" role="alert">{t('outbox.failed', { message: failure ?? error })}</p>}
      </header>
      {sheet && <SheetView sheet={sheet} ack={ack} />}
    </div>
  );
}

export function HandoverPage() {
  const { t } = useTranslation();
  const { settings } = useConsole();
  const shifts = useObservable(settings).shifts;
  const now = useNow();
  const shift = shiftAt(now, shifts);
  const { sheet, error, reload } = useCurrentSheet();
  const { handovers } = useHandovers();
  const [selected, setSelected] = useState<string | null>(null);
  const entry = handovers?.find((h) => h.id === selected) ?? null;
  const breached = sheet ? breachedGroupObligations(sheet).length : 0;
  return (
    <div className="page handover-page" data-testid="page-handover">
      <header className="page-header">
        <h1>{t('handover.title')}</h1>
        <span className="page-header__summary">
          {t('handover.shift')} {formatShortDateTime(shift.from)} — {formatShortDateTime(shift.to)} · {t('handover.nextChange', { time: formatShortDateTime(shift.to) })}
          {sheet && ` · ${t('handover.pendingCount', { count: sheetItems(sheet).length })}`}
        </span>
        <div className="page-header__actions">
          <button type="button" className="button" onClick={reload} data-testid="handover-refresh">
            {t('handover.refresh')}
          </button>
        </div>
      </header>
      <div className="handover-layout">
        <aside className="handover-history" aria-label={t('handover.history')}>
          <h2>{t('handover.history')}</h2>
          <button type="button" className={`handover-history__item${selected === null ? ' is-current' : ''}`} onClick={() => setSelected(null)}>
            {t('handover.currentSheet')}
          </button>
          {handovers?.length === 0 && <p className="handover-none">{t('handover.noHistory')}</p>}
          {handovers?.map((h) => (
            <button
              type="button"
              key={h.id}
              className={`handover-history__item${selected === h.id ? ' is-current' : ''}`}
              onClick={() => setSelected(h.id)}
              data-testid="handover-entry"
              data-acknowledged={String(h.acknowledged !== null)}
            >
              <span>{formatShortDateTime(h.at)} {h.outgoing.by}</span>
              <span className={h.acknowledged ? 'handover-history__state' : 'handover-history__state text-warning'}>
                {h.acknowledged ? `✓ ${h.acknowledged.by}` : t('handover.awaitingAck')}
              </span>
            </button>
          ))}
        </aside>
        <div className="handover-main">
          {entry ? (
            <HandoverDetail key={entry.id} entry={entry} />
          ) : (
            <>
              {error && <p className="text-breached">{t('outbox.failed', { message: error })}</p>}
              {sheet ? <SheetView sheet={sheet} /> : !error && <EmptyState title={t('common.loading')} />}
              {sheet && <SignForm breached={breached} onSigned={(signed) => setSelected(signed.id)} />}
            </>
          )}
        </div>
      </div>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuarantineEntry } from '../../../../shared/contract';
import { useConsole } from '../../app/ConsoleContext';
import { EmptyState } from '../../components/EmptyState';
import { formatDateTime } from '../../format/time';
import { useObservable } from '../../store/observable';
import { useNow } from '../../store/now';
import { localizedDuration } from '../../format/duration';

/** Feed health as main reports it, and the events it set aside. */
export function FeedsPage() {
  const { t } = useTranslation();
  const { bridge, connection } = useConsole();
  const { feeds } = useObservable(connection);
  const now = useNow();
  const [quarantine, setQuarantine] = useState<QuarantineEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const quarantinedTotal = (feeds?.sources ?? []).reduce((sum, feed) => sum + feed.quarantined, 0);

  // The list is re-read when the feeds report a new quarantine count, not polled.
  useEffect(() => {
    let current = true;
    bridge
      .invoke('feed:quarantine', { limit: 200 })
      .then((entries) => current && setQuarantine(entries))
      .catch((failure: unknown) => current && setError(failure instanceof Error ? failure.message : String(failure)));
    return () => {
      current = false;
    };
  }, [bridge, quarantinedTotal]);

  const time = (ms: number | null) => (ms === null ? t('common.none') : `${formatDateTime(ms)} · ${t('feeds.ago', { duration: localizedDuration(t, now - ms) })}`);
  const sources = feeds?.sources ?? [];
  return (
    <div className="page" data-testid="page-feeds">
      <header className="page-header">
        <div>
          <h1>{t('feeds.title')}</h1>
          <p className="page-header__summary">{t('feeds.subtitle')}</p>
        </div>
      </header>
      {sources.length === 0 ? (
        <EmptyState title={t('feeds.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="data-table" data-testid="feeds-table">
            <thead>
              <tr>
                {(['name', 'level', 'state', 'lastEvent', 'heartbeat', 'lag', 'skew', 'quarantined', 'error', 'retry'] as const).map((col) => (
                  <th key={col} scope="col">
                    {t(`feeds.col.${col}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sources.map((feed) => (
                <tr key={feed.sourceId}>
                  <th scope="row">
                    {feed.name}
                    <div className="muted small">{feed.url}</div>
                  </th>
                  <td>{feed.level ? t(`code.sourceLevel.${feed.level}`) : t('common.none')}</td>
                  <td>
                    <span className={`feed-state feed-state--${feed.state}`}>{t(`code.feedState.${feed.state}`)}</span>
                  </td>
                  <td>{time(feed.lastEventAt)}</td>
                  <td>{time(feed.lastHeartbeatAt)}</td>
                  <td className="num">{feed.lag ?? t('common.none')}</td>
                  <td className="num">{feed.clockSkewMs === null ? t('common.none') : `${(feed.clockSkewMs / 1000).toFixed(1)} s`}</td>
                  <td className="num">{feed.quarantined}</td>
                  <td>{feed.lastError ?? t('common.none')}</td>
                  <td>{feed.nextRetryAt === null ? t('common.none') : formatDateTime(feed.nextRetryAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 className="section-title">{t('feeds.quarantineTitle')}</h2>
      {error && <p className="text-breached">{error}</p>}
      {quarantine && quarantine.length === 0 && <EmptyState title={t('feeds.quarantineEmpty')} />}
      {quarantine && quarantine.length > 0 && (
        <div className="table-wrap">
          <table className="data-table" data-testid="quarantine-table">
            <thead>
              <tr>
                {(['received', 'source', 'seq', 'ticket', 'reason', 'raw'] as const).map((col) => (
                  <th key={col} scope="col">
                    {t(`feeds.qcol.${col}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {quarantine.map((entry) => (
                <tr key={entry.id}>
                  <td>{formatDateTime(entry.receivedAt)}</td>
                  <td>{entry.sourceId}</td>
                  <td className="num">{entry.seq ?? t('common.none')}</td>
                  <td>{entry.ticketId ?? t('common.none')}</td>
                  <td>{entry.reason}</td>
                  <td>
                    <code className="raw">{entry.raw}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

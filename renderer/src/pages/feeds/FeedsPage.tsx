import { Fragment, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FEED_NO_TOKEN, type FeedHealth, type QuarantineEntry } from '../../../../shared/contract';
import { useConsole } from '../../app/ConsoleContext';
import { EmptyState } from '../../components/EmptyState';
import { formatDateTime, formatTimeOfDay } from '../../format/time';
import { useObservable } from '../../store/observable';
import { useNow } from '../../store/now';
import { localizedDuration } from '../../format/duration';
import { needsToken, TokenForm, TokenNote } from './FeedTokens';

const COLUMNS = ['name', 'level', 'state', 'lastEvent', 'heartbeat', 'lag', 'skew', 'quarantined', 'error', 'retry'] as const;

/** Feed health as main reports it, the events it set aside, and where each feed's token is set. */
export function FeedsPage() {
  const { t } = useTranslation();
  const { bridge, connection, info: infoObservable } = useConsole();
  const { feeds } = useObservable(connection);
  // Unknown until app:info answers: neither a field nor a note meanwhile.
  const feedTokens = useObservable(infoObservable)?.feedTokens ?? null;
  const [editing, setEditing] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<Readonly<Record<string, number>>>({});
  const openers = useRef(new Map<string, HTMLButtonElement>());
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
  // The errors the console itself names are said in the reader's language; upstream's own text is shown as it came.
  const errorText = (feed: FeedHealth) => {
    if (feed.state === 'unauthorized') return t('feeds.error.unauthorized');
    if (feed.lastError === FEED_NO_TOKEN) return t('feeds.token.missing');
    return feed.lastError ?? t('common.none');
  };
  const sources = feeds?.sources ?? [];
  const typed = feedTokens === 'typed';
  const columns = typed ? [...COLUMNS, 'token' as const] : COLUMNS;
  const formId = (sourceId: string) => `feed-token-form-${sourceId}`;
  const toggle = (sourceId: string) => {
    setEditing((current) => (current === sourceId ? null : sourceId));
    setSavedAt(({ [sourceId]: _dropped, ...rest }) => rest);
  };
  const closeForm = (sourceId: string, at: number | null) => {
    setEditing(null);
    if (at !== null) setSavedAt((saved) => ({ ...saved, [sourceId]: at }));
    openers.current.get(sourceId)?.focus();
  };
  return (
    <div className="page" data-testid="page-feeds">
      <header className="page-header">
        <div>
          <h1>{t('feeds.title')}</h1>
          <p className="page-header__summary">{t('feeds.subtitle')}</p>
        </div>
      </header>
      {sources.length > 0 && (feedTokens === 'config' || feedTokens === 'simulated') && <TokenNote kind={feedTokens} sources={sources} />}
      {sources.length === 0 ? (
        <EmptyState title={t('feeds.empty')} />
      ) : (
        <div className="table-wrap">
          <table className="data-table" data-testid="feeds-table">
            <thead>
              <tr>
                {columns.map((col) => (
                  <th key={col} scope="col">
                    {t(`feeds.col.${col}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {sources.map((feed) => (
                <Fragment key={feed.sourceId}>
                  <tr data-source={feed.sourceId}>
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
                    <td>{errorText(feed)}</td>
                    <td>{feed.nextRetryAt === null ? t('common.none') : formatDateTime(feed.nextRetryAt)}</td>
                    {typed && (
                      <td className="token-cell">
                        <button
                          type="button"
                          ref={(button) => {
                            if (button) openers.current.set(feed.sourceId, button);
                            else openers.current.delete(feed.sourceId);
                          }}
                          className={`button button--compact${needsToken(feed) ? ' button--primary' : ''}`}
                          aria-label={t('feeds.token.setFor', { name: feed.name })}
                          aria-expanded={editing === feed.sourceId}
                          aria-controls={editing === feed.sourceId ? formId(feed.sourceId) : undefined}
                          onClick={() => toggle(feed.sourceId)}
                          data-testid={`feed-token-open-${feed.sourceId}`}
                          data-prominent={needsToken(feed) ? 'true' : undefined}
                        >
                          {t('feeds.token.set')}
                        </button>
                        <span role="status" className="token-cell__status muted small" data-testid={`feed-token-status-${feed.sourceId}`}>
                          {savedAt[feed.sourceId] === undefined ? '' : t('feeds.token.saved', { time: formatTimeOfDay(savedAt[feed.sourceId]!) })}
                        </span>
                      </td>
                    )}
                  </tr>
                  {typed && editing === feed.sourceId && (
                    <tr className="token-row">
                      <td colSpan={columns.length}>
                        <TokenForm feed={feed} id={formId(feed.sourceId)} onDone={(at) => closeForm(feed.sourceId, at)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
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

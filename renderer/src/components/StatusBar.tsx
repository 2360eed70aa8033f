import { useTranslation } from 'react-i18next';
import type { FeedHealth as Feed } from '../../../shared/contract';
import { useConsole } from '../app/ConsoleContext';
import { formatTimeOfDay } from '../format/time';
import { useObservable } from '../store/observable';
import { useNow } from '../store/now';
import { localizedDuration } from '../format/duration';
import { feedDataAt, isFeedStale } from '../../../shared/board/freshness';

function feedLevel(feed: Feed, now: number): 'ok' | 'warning' | 'breached' {
  if (feed.state !== 'connected') return 'breached';
  return isFeedStale(feed, now) ? 'warning' : 'ok';
}

export function FeedChips() {
  const { t } = useTranslation();
  const { connection } = useConsole();
  const { feeds } = useObservable(connection);
  const now = useNow();
  return (
    <ul className="feed-chips" aria-label={t('feeds.health')} data-testid="feed-chips">
      {(feeds?.sources ?? []).map((feed) => {
        const level = feedLevel(feed, now);
        const last = feedDataAt(feed);
        return (
          <li
            key={feed.sourceId}
            className={`feed-chip feed-chip--${level}`}
            data-testid="feed-chip"
            data-state={feed.state}
            title={`${feed.name} · ${t(`code.feedState.${feed.state}`)}`}
          >
            <span className="feed-chip__dot" aria-hidden="true" />
            <span className="feed-chip__name">{feed.name}</span>
            <span className="feed-chip__state">{t(`code.feedState.${feed.state}`)}</span>
            {last !== null && <span className="feed-chip__age">{t('feeds.ago', { duration: localizedDuration(t, now - last) })}</span>}
          </li>
        );
      })}
    </ul>
  );
}

export function LiveClock() {
  const now = useNow();
  return (
    <time className="live-clock" data-testid="live-clock" dateTime={new Date(now).toISOString()}>
      {formatTimeOfDay(now)}
    </time>
  );
}

export function LastUpdate() {
  const { t } = useTranslation();
  // The throttled summary: a delta every display frame re-rendered this line each time, for a time shown to the second.
  const { boardSummary } = useConsole();
  const { lastUpdateAt } = useObservable(boardSummary);
  return (
    <span className="last-update" data-testid="last-update">
      {lastUpdateAt === null ? t('connection.never') : t('connection.lastUpdate', { time: formatTimeOfDay(lastUpdateAt) })}
    </span>
  );
}

/**
 * A frozen screen is the worst failure a wall can have: when every feed is down
 * or the core is unreachable, say so across the top, loudly, with since when.
 */
export function StaleBanner() {
  const { t } = useTranslation();
  const { connection } = useConsole();
  const { connected, feeds } = useObservable(connection);
  const now = useNow();
  const staleSince = feeds?.staleSince ?? null;
  if (connected && staleSince === null) return null;
  return (
    <div className="stale-banner" role="alert" data-testid="stale-banner">
      <strong>{t('connection.staleTitle')}</strong>
      <span>
        {!connected
          ? t('connection.disconnected')
          : t('connection.staleSince', { time: formatTimeOfDay(staleSince ?? now), duration: localizedDuration(t, now - (staleSince ?? now)) })}
      </span>
    </div>
  );
}

/** What the core found wrong at start or since (a refused policy file names its lines). */
export function ProblemsBanner() {
  const { t } = useTranslation();
  const { info } = useConsole();
  const problems = useObservable(info)?.problems ?? [];
  if (problems.length === 0) return null;
  return (
    <div className="problems-banner" role="alert" data-testid="problems-banner">
      <strong>{t('connection.problemsTitle')}</strong>
      <ul>
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}

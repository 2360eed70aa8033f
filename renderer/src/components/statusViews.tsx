import { useTranslation } from 'react-i18next';
import type { FeedHealth as Feed } from '../../../shared/contract';
import { feedDataAt, isFeedStale } from '../../../shared/board/freshness';
import { localizedDuration } from '../format/duration';
import { formatTimeOfDay } from '../format/time';

// The status line's parts from their props alone: the app's (StatusBar) and a
// wall's first paint (renderer/src/wall/firstPaint.tsx) draw them alike.

function feedLevel(feed: Feed, now: number): 'ok' | 'warning' | 'breached' {
  if (feed.state !== 'connected') return 'breached';
  return isFeedStale(feed, now) ? 'warning' : 'ok';
}

/** Each feed's health as a chip: its name, its state, how long since it last proved its data current. */
export function FeedChipsView({ sources, now }: { sources: readonly Feed[]; now: number }) {
  const { t } = useTranslation();
  return (
    <ul className="feed-chips" aria-label={t('feeds.health')} data-testid="feed-chips">
      {sources.map((feed) => {
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

/** The time of day, large. */
export function TimeOfDay({ now }: { now: number }) {
  return (
    <time className="live-clock" data-testid="live-clock" dateTime={new Date(now).toISOString()}>
      {formatTimeOfDay(now)}
    </time>
  );
}

/**
 * A frozen screen is the worst failure a wall can have: when every feed is down
 * or the core is unreachable, say so across the top, loudly, with since when.
 */
export function StaleBannerView({ connected, staleSince, now }: { connected: boolean; staleSince: number | null; now: number }) {
  const { t } = useTranslation();
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

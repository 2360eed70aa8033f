import { useTranslation } from 'react-i18next';
import type { BoardFreshness } from '../../../shared/board/freshness';
import type { FeedHealth } from '../../../shared/contract';
import { localizedDuration } from '../format/duration';
import { formatTimeOfDay } from '../format/time';

/** The age of one board's own data, in the board's head: quiet while fresh. */
export function BoardDataAge({ freshness, now }: { freshness: BoardFreshness<FeedHealth>; now: number }) {
  const { t } = useTranslation();
  const { dataAt, stale } = freshness;
  return (
    <span className={`wall-board__age${stale ? ' wall-board__age--stale' : ''}`} data-testid="board-data-age" data-data-at={dataAt ?? ''}>
      {dataAt === null ? t('wall.dataNone') : t('wall.dataAge', { duration: localizedDuration(t, now - dataAt) })}
    </span>
  );
}

/**
 * Loud, across the board, when a feed it depends on is stale: its rows are
 * frozen even while another feed keeps the rest of the console moving.
 */
export function BoardStaleBanner({ freshness, now }: { freshness: BoardFreshness<FeedHealth>; now: number }) {
  const { t } = useTranslation();
  if (!freshness.stale) return null;
  const feeds = freshness.staleFeeds.map((feed) => feed.name).join('、');
  const { dataAt } = freshness;
  return (
    <div className="board-stale" role="alert" data-testid="board-stale-banner">
      <strong>{t('wall.staleTitle')}</strong>
      <span>
        {dataAt === null
          ? t('wall.staleFeedsNever', { feeds })
          : t('wall.staleFeeds', { feeds, time: formatTimeOfDay(dataAt), duration: localizedDuration(t, now - dataAt) })}
      </span>
    </div>
  );
}

import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { StateIcon } from '../components/StateIcon';
import { useItemsThatFit } from '../components/useItemsThatFit';
import { localizedDuration, overdueDuration } from '../format/duration';
import { useNow } from '../store/now';
import { useWholeBoards } from './useWholeBoards';
import { LONG_BREACH_MS, pinnedBreaches } from '../../../shared/board/wall';

/** How many recent breaches the strip names at most before it only counts; fewer when they do not fit whole, names and all. */
const NAMED = 3;

/**
 * Breached tickets of both boards stay on the wall whatever page the rotation
 * shows: a breach never waits for its board's turn. Recent breaches by name,
 * newest first, as many as fit whole with their customers' whole names (only
 * the one breach named may give its name to an ellipsis; how late never
 * does), the rest counted; long-standing ones collapse to a count.
 */
export function PinnedBreaches() {
  const { t } = useTranslation();
  const now = useNow();
  // Until both whole lists are in it names and counts none (it had counted 115 breaches of thousands).
  const { rows, whole } = useWholeBoards();
  const { recent, long } = pinnedBreaches(rows, now);
  const total = recent.length + long;
  const list = useRef<HTMLUListElement>(null);
  const named = useItemsThatFit(list, NAMED, recent.slice(0, NAMED).map(({ row }) => row.key).join(' '), '.pinned__customer');
  return (
    <footer className={`pinned${total > 0 ? ' pinned--active' : ''}${whole ? '' : ' pinned--loading'}`} data-testid="pinned-breaches" data-recent={recent.length} data-long={long} aria-live="polite">
      <span className="pinned__label">
        {!whole ? (
          t('common.loading')
        ) : (
          <>
            <StateIcon state={total > 0 ? 'breached' : 'met'} />
            {total > 0 ? `${t('wall.pinned')} ${total}` : t('wall.pinnedNone')}
          </>
        )}
      </span>
      <ul className="pinned__list" ref={list}>
        {recent.slice(0, named).map(({ row, clock, at }) => {
          const customer = row.customer?.name ?? row.ticketId;
          const clockName = t(`code.clock.${clock.name}`);
          const late = t('wall.overdue', { duration: overdueDuration(t, now - at) });
          // A lone breach's customer may give way (an ellipsis; the clock and the whole in the tooltip); how late never does.
          return (
            <li key={row.key} data-testid="pinned-item" data-key={row.key} title={`${customer} · ${clockName} ${late}`}>
              <span className="pinned__customer">{customer}</span>
              <span className="pinned__time">{late}</span>
            </li>
          );
        })}
      </ul>
      {recent.length > named && (
        <span className="pinned__more" data-testid="pinned-more" data-count={recent.length - named}>
          +{recent.length - named}
        </span>
      )}
      {long > 0 && (
        <span className="pinned__long" data-testid="pinned-long" data-count={long}>
          {t('wall.longBreaches', { count: long, duration: localizedDuration(t, LONG_BREACH_MS) })}
        </span>
      )}
    </footer>
  );
}

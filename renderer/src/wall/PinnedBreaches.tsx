import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardRow } from '../../../shared/contract';
import { useConsole } from '../app/ConsoleContext';
import { StateIcon } from '../components/StateIcon';
import { formatCountdown } from '../format/time';
import { useObservable } from '../store/observable';
import { useNow } from '../store/now';
import { compareUrgency, isBreached, nextClock } from '../../../shared/board/urgency';

/** How many breached tickets the strip names before it only counts. */
const NAMED = 4;

/**
 * Breached tickets of both boards stay on the wall whatever page the rotation
 * shows: a breach never waits for its board's turn.
 */
export function PinnedBreaches() {
  const { t } = useTranslation();
  const { boards } = useConsole();
  const meta = useObservable(boards.meta);
  const now = useNow();
  const all = useMemo(() => {
    const byKey = new Map<string, BoardRow>();
    if (meta.revision >= 0) for (const row of [...boards.rows('group'), ...boards.rows('province')]) byKey.set(row.key, row);
    return [...byKey.values()];
  }, [boards, meta.revision]);
  const breached = all.filter((row) => isBreached(row, now)).sort((a, b) => compareUrgency(a, b, now));
  return (
    <footer className={`pinned${breached.length > 0 ? ' pinned--active' : ''}`} data-testid="pinned-breaches" aria-live="polite">
      <span className="pinned__label">
        <StateIcon state={breached.length > 0 ? 'breached' : 'met'} />
        {breached.length > 0 ? `${t('wall.pinned')} ${breached.length}` : t('wall.pinnedNone')}
      </span>
      <ul className="pinned__list">
        {breached.slice(0, NAMED).map((row) => {
          const clock = nextClock(row);
          return (
            <li key={row.key} data-testid="pinned-item">
              <span className="pinned__customer">{row.customer?.name ?? row.ticketId}</span>
              {clock?.dueAt != null && (
                <span className="pinned__time">
                  {t(`code.clock.${clock.name}`)} {t('board.overdue', { time: formatCountdown(now - clock.dueAt) })}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {breached.length > NAMED && <span className="pinned__more">+{breached.length - NAMED}</span>}
    </footer>
  );
}

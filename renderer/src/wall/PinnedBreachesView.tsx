import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { StateIcon } from '../components/StateIcon';
import { localizedDuration, overdueDuration } from '../format/duration';
import { LONG_BREACH_MS, type PinnedSelection } from '../../../shared/board/wall';

export interface PinnedBreachesViewProps {
  recent: PinnedSelection['recent'];
  long: number;
  whole: boolean;
  /** How many of `recent` are named (the rest counted). */
  named: number;
  now: number;
  list?: Ref<HTMLUListElement>;
}

/** The pinned strip from its props alone (PinnedBreaches; a wall's first paint draws it loading). */
export function PinnedBreachesView({ recent, long, whole, named, now, list }: PinnedBreachesViewProps) {
  const { t } = useTranslation();
  const total = recent.length + long;
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

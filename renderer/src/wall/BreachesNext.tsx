import { useTranslation } from 'react-i18next';
import { StateIcon } from '../components/StateIcon';
import { useNow } from '../store/now';
import { useWholeBoards } from './useWholeBoards';
import { liveClockState } from '../../../shared/board/urgency';
import { breachesNext } from '../../../shared/board/wall';
import { WallCountdown } from './WallCountdown';

/** How many clocks the band names: five cards read across a 1920-wide wall. */
const NEXT = 5;

/**
 * What breaches next, on every page of the rotation: the running clocks of both
 * boards whose deadlines come first, counting down from their `dueAt`. The
 * board pages show what is late; this says where to press now.
 */
export function BreachesNext() {
  const { t } = useTranslation();
  const now = useNow();
  const { rows, whole } = useWholeBoards();
  const next = breachesNext(rows, now, NEXT);
  return (
    <section className="breaches-next" data-testid="breaches-next" aria-label={t('wall.next')}>
      <h2 className="breaches-next__title">{t('wall.next')}</h2>
      {next.length === 0 ? (
        <p className="breaches-next__none">{whole ? t('wall.nextNone') : t('common.loading')}</p>
      ) : (
        <ol className="breaches-next__list">
          {next.map(({ row, clock }) => {
            const customer = row.customer?.name ?? row.title ?? row.ticketId;
            const state = liveClockState(clock, now);
            return (
              <li
                key={`${row.key}/${clock.name}/${clock.index}`}
                className={`next-card next-card--${state}`}
                data-testid="next-item"
                data-key={row.key}
                data-clock={clock.name}
                data-due-at={clock.dueAt ?? ''}
                data-state={state}
              >
                <span className="next-card__meta" title={`${t(`code.clock.${clock.name}`)} · ${row.city ?? ''}`}>
                  <StateIcon state={state} />
                  {t(`code.clock.${clock.name}`)}
                  {row.city && <span className="next-card__city"> · {row.city}</span>}
                </span>
                <span className="next-card__customer" title={customer}>
                  {customer}
                </span>
                <WallCountdown row={row} clock={clock} now={now} showClock={false} />
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

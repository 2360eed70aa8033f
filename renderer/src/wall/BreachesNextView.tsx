import { useTranslation } from 'react-i18next';
import type { DueClock } from '../../../shared/board/wall';
import { liveClockState } from '../../../shared/board/urgency';
import { StateIcon } from '../components/StateIcon';
import { WallCountdown } from './WallCountdown';

/** The band of what breaches next, from its props alone (BreachesNext; a wall's first paint draws it loading). */
export function BreachesNextView({ next, whole, now }: { next: readonly DueClock[]; whole: boolean; now: number }) {
  const { t } = useTranslation();
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

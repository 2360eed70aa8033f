import { useTranslation } from 'react-i18next';
import type { BoardRow } from '../../../shared/contract';
import { liveClockState } from '../store/urgency';
import { StateIcon } from './StateIcon';

/** Every current clock of a row as a small chip: shape + short name, full words on hover and for screen readers. */
export function ClockStrip({ row, now }: { row: BoardRow; now: number }) {
  const { t } = useTranslation();
  return (
    <span className="clock-strip" data-testid="clock-strip">
      {row.clocks.map((clock) => {
        const state = liveClockState(clock, now);
        const label = `${t(`code.clock.${clock.name}`)}: ${t(`code.clockState.${state}`)}`;
        return (
          <span
            key={`${clock.name}-${clock.index}`}
            className={`chip chip--${state}`}
            title={label}
            role="img"
            aria-label={label}
            data-clock={clock.name}
            data-state={state}
          >
            <StateIcon state={state} />
            {t(`code.clockShort.${clock.name}`)}
          </span>
        );
      })}
    </span>
  );
}

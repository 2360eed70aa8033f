import { useTranslation } from 'react-i18next';
import type { BoardRow } from '../../../shared/contract';
import { formatCountdown } from '../format/time';
import { countdownAt } from '../../../shared/board/urgency';

/**
 * Time to the row's next deadline, recomputed from `dueAt` at every tick of
 * `now`; past the deadline it counts up as "overdue".
 */
export function Countdown({ row, now, showClock = true }: { row: BoardRow; now: number; showClock?: boolean }) {
  const { t } = useTranslation();
  const countdown = countdownAt(row, now);
  if (!countdown) {
    return (
      <span className="countdown countdown--idle" data-testid="countdown" data-overdue="false">
        {row.suspension ? t('code.eventType.suspended') : t('board.noDeadline')}
      </span>
    );
  }
  const { clock, left, overdue, warning } = countdown;
  const text = formatCountdown(left);
  return (
    <span
      className={`countdown${overdue ? ' countdown--overdue' : warning ? ' countdown--warning' : ''}`}
      data-testid="countdown"
      data-overdue={String(overdue)}
    >
      {showClock && <span className="countdown__clock">{t(`code.clock.${clock.name}`)}</span>}
      <span className="countdown__time">{overdue ? t('board.overdue', { time: text }) : text}</span>
    </span>
  );
}

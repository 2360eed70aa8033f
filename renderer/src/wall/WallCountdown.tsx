import { useTranslation } from 'react-i18next';
import type { BoardRow, ClockDto } from '../../../shared/contract';
import { liveClockState } from '../../../shared/board/urgency';
import { overdueDuration } from '../format/duration';
import { formatCountdown } from '../format/time';

/**
 * One clock's deadline for the wall: counting down from `dueAt`, and once past
 * it the time overdue as a duration ("超时 17时35分"), never "17:35:12", which
 * reads like a time of day from across the room.
 */
export function WallCountdown({ row, clock, now, showClock = true }: { row: BoardRow; clock: ClockDto | null; now: number; showClock?: boolean }) {
  const { t } = useTranslation();
  if (clock === null || clock.dueAt === null) {
    return (
      <span className="countdown countdown--idle" data-testid="countdown" data-overdue="false">
        {row.suspension ? t('code.eventType.suspended') : t('board.noDeadline')}
      </span>
    );
  }
  const state = liveClockState(clock, now);
  const overdue = state === 'breached';
  return (
    <span
      className={`countdown${overdue ? ' countdown--overdue' : state === 'warning' ? ' countdown--warning' : ''}`}
      data-testid="countdown"
      data-overdue={String(overdue)}
      data-clock={clock.name}
      data-state={state}
    >
      {showClock && <span className="countdown__clock">{t(`code.clock.${clock.name}`)}</span>}
      <span className="countdown__time">
        {overdue ? (
          <>
            {/* The word a step smaller than the figures, which are what is read from afar. */}
            <span className="countdown__word">{t('wall.overdueWord')}</span> {overdueDuration(t, now - clock.dueAt)}
          </>
        ) : (
          formatCountdown(clock.dueAt - now)
        )}
      </span>
    </span>
  );
}

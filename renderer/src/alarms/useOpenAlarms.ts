// The alarms one screen shows (./view), followed as the alarms, the rows and
// the desk's filter change.
import { useMemo } from 'react';
import { filterReadsTime } from '../../../shared/board/filter';
import type { AlarmDto } from '../../../shared/contract';
import { useConsole } from '../app/ConsoleContext';
import { useObservable } from '../store/observable';
import { openOn, showsOn, type AlarmScreen } from './view';

/** The unacknowledged alarms the screen shows, most pressing first. */
export function useOpenAlarms(screen: AlarmScreen, now: number): AlarmDto[] {
  const { alarms: alarmState, deskView, boards, boardSummary } = useConsole();
  const { alarms } = useObservable(alarmState);
  const view = useObservable(deskView);
  // A new revision means new rows: what passes the filter may have changed. Followed a few times a
  // second, not every display frame: each look goes through every alarm held (tens of thousands).
  const { revision } = useObservable(boardSummary);
  // The second's tick changes what is shown only through a filter on clock states; otherwise the
  // look is not repeated every second (45,000 alarms: about a tenth of the renderer's time, profiled).
  const filterNow = screen === 'desk' && filterReadsTime(view.filter) ? now : 0;
  const shows = useMemo(
    () => (revision >= 0 ? showsOn(boards, screen, view, filterNow) : () => false),
    [boards, screen, view, filterNow, revision],
  );
  return useMemo(() => openOn(alarms, shows), [alarms, shows]);
}

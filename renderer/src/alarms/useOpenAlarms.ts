// The alarms one screen shows (./view), followed as the alarms, the rows and
// the desk's filter change.
import { useMemo } from 'react';
import { filterReadsTime, isFilterEmpty } from '../../../shared/board/filter';
import type { AlarmDto } from '../../../shared/contract';
import { useConsole } from '../app/ConsoleContext';
import { useObservable } from '../store/observable';
import { openOn, showsOn, type AlarmScreen } from './view';

/** The unacknowledged alarms the screen shows, most pressing first. */
export function useOpenAlarms(screen: AlarmScreen, now: number): AlarmDto[] {
  const { alarmsView, deskView, boards, boardSummary } = useConsole();
  const { alarms } = useObservable(alarmsView);
  const view = useObservable(deskView);
  // A new revision means new rows: what passes the filter may have changed. Followed a few times a
  // second, not every display frame: each look goes through every alarm held (tens of thousands).
  // Without a filter (the wall, an unfiltered desk) a look asks only which rows the boards hold: it
  // follows rows joining and leaving, not each row's change. At 1,000 events/s on 10,000 open
  // tickets with 43,000 alarms, the looks on every revision were a quarter of the renderer's script
  // (1.1 of 3.9 s in 15 s, profiled).
  const summary = useObservable(boardSummary);
  const revision = screen === 'wall' || isFilterEmpty(view.filter) ? summary.membership : summary.revision;
  // The second's tick changes what is shown only through a filter on clock states; otherwise the
  // look is not repeated every second (45,000 alarms: about a tenth of the renderer's time, profiled).
  const filterNow = screen === 'desk' && filterReadsTime(view.filter) ? now : 0;
  const shows = useMemo(
    () => (revision >= 0 ? showsOn(boards, screen, view, filterNow) : () => false),
    [boards, screen, view, filterNow, revision],
  );
  return useMemo(() => openOn(alarms, shows), [alarms, shows]);
}

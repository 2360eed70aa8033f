// What one screen shows of the alarms: the wall every alarm of its boards and
// feeds; the desk those of the board it shows, through that board's filter
// (shared/board/filter, the grid's own function): a desk filtered to 南京 does
// not sound for 苏州.
import { useMemo } from 'react';
import { matchesFilter } from '../../../shared/board/filter';
import type { AlarmDto, BoardFilter, BoardLevel } from '../../../shared/contract';
import { useConsole } from '../app/ConsoleContext';
import type { BoardStore } from '../store/boardStore';
import { useObservable } from '../store/observable';

export type AlarmScreen = 'wall' | 'desk';

/** Whether the screen shows the ticket of row key `key` at `now`. */
export function showsOn(boards: BoardStore, screen: AlarmScreen, view: { level: BoardLevel; filter: BoardFilter }, now: number): (key: string) => boolean {
  if (screen === 'wall') return (key) => boards.row('group', key) !== undefined || boards.row('province', key) !== undefined;
  // A ticket has an alarm per breached clock: its row is matched once per tick, not once per alarm.
  const matched = new Map<string, boolean>();
  return (key) => {
    let shown = matched.get(key);
    if (shown === undefined) {
      const row = boards.row(view.level, key);
      shown = row !== undefined && matchesFilter(row, view.filter, now);
      matched.set(key, shown);
    }
    return shown;
  };
}

/** The alarms the screen shows, most pressing first, and its `shows` rule. */
export function useAlarmView(screen: AlarmScreen, now: number): { alarms: AlarmDto[]; shows: (key: string) => boolean } {
  const { alarms: alarmState, deskView, boards, boardSummary } = useConsole();
  const { alarms } = useObservable(alarmState);
  const view = useObservable(deskView);
  // A new revision means new rows: what passes the filter may have changed. Followed a few times a
  // second, not every display frame: each look goes through every alarm held (tens of thousands).
  const { revision } = useObservable(boardSummary);
  const shows = useMemo(() => (revision >= 0 ? showsOn(boards, screen, view, now) : () => false), [boards, screen, view, now, revision]);
  const shown = useMemo(() => alarms.filter((alarm) => alarm.key === null || shows(alarm.key)), [alarms, shows]);
  return { alarms: shown, shows };
}

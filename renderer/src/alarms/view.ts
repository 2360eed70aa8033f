// What one screen shows of the alarms: the wall every alarm of its boards and
// feeds; the desk those of the board it shows, through that board's filter
// (shared/board/filter, the grid's own function): a desk filtered to 南京 does
// not sound for 苏州.
import { matchesFilter } from '../../../shared/board/filter';
import type { AlarmDto, BoardFilter, BoardLevel } from '../../../shared/contract';
import type { BoardStore } from '../store/boardStore';

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

/**
 * The alarms of `alarms` the screen shows through `shows` that nobody
 * acknowledged: the ones it lists and sounds. `alarms` are most pressing
 * first, as the store keeps them (compareAlarms): the acknowledged ones come
 * last, and the look stops at the first of them.
 */
export function openOn<T extends Pick<AlarmDto, 'key'> & { acknowledged: unknown }>(alarms: readonly T[], shows: (key: string) => boolean): T[] {
  const open: T[] = [];
  for (const alarm of alarms) {
    if (alarm.acknowledged !== null) break;
    if (alarm.key === null || shows(alarm.key)) open.push(alarm);
  }
  return open;
}

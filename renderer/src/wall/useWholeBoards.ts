import { useMemo } from 'react';
import type { BoardRow } from '../../../shared/contract';
import { useConsole } from '../app/ConsoleContext';
import { useObservable } from '../store/observable';

/**
 * Both boards' rows for what the wall says of them together (the band of next
 * deadlines, the pinned strip), once both whole lists are in: from a start's
 * first rows (each board's most urgent few) those had named deadlines 20
 * minutes off while others were due in seconds, and said "no breached
 * tickets" before any came. Until then no rows, and `whole` false: the
 * lists' pages are not copied, 20,000 rows at a time, while they stream in.
 */
export function useWholeBoards(): { rows: readonly BoardRow[]; whole: boolean } {
  const { boards } = useConsole();
  const meta = useObservable(boards.meta);
  const whole = meta.loaded.group && meta.loaded.province;
  const rows = useMemo<BoardRow[]>(
    () => (whole && meta.revision >= 0 ? [...boards.rows('group'), ...boards.rows('province')] : []),
    [boards, whole, meta.revision],
  );
  return { rows, whole };
}

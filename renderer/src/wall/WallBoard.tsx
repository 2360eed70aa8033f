import { useMemo, useRef, useState } from 'react';
import type { BoardLevel } from '../../../shared/contract';
import { useConsole } from '../app/ConsoleContext';
import { useObservable } from '../store/observable';
import { useNow } from '../store/now';
import { boardFreshness } from '../../../shared/board/freshness';
import { pickWallRows } from '../../../shared/board/wall';
import { useFittingRows } from './useFittingRows';
import { useFlash } from './useFlash';
import { WallBoardView } from './WallBoardView';

/**
 * A board for the wall: the few most urgent tickets, large, as many as fit; its
 * long-standing breaches only counted; its own data age, loud when stale.
 */
export function WallBoard({ level, maxRows }: { level: BoardLevel; maxRows: number }) {
  const { boards, connection } = useConsole();
  const meta = useObservable(boards.meta);
  const { feeds } = useObservable(connection);
  const now = useNow();
  const rows = useMemo(() => (meta.revision >= 0 ? boards.rows(level) : []), [boards, level, meta.revision]);
  // Until the board's whole list is in, its rows are the most urgent few (the start's first rows): counted,
  // they said 64 open of 10,000, and "every ticket here breached long ago" when only those few had.
  const whole = meta.loaded[level];
  const freshness = boardFreshness(level, feeds?.sources ?? [], rows, now);
  const wrap = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState(false);
  const fit = useFittingRows(wrap, maxRows, drawn);
  const picked = pickWallRows(rows, fit, now);
  if (drawn !== picked.shown.length > 0) setDrawn(picked.shown.length > 0);
  const flashing = useFlash(rows, now);
  return <WallBoardView level={level} rows={rows} whole={whole} freshness={freshness} now={now} fit={fit} picked={picked} flashing={flashing} wrap={wrap} />;
}

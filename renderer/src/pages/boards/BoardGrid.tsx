import { memo, useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { createGrid } from 'ag-grid-community';
import './agGridModules';
import type {
  CellKeyDownEvent,
  ColDef,
  ColumnMovedEvent,
  ColumnResizedEvent,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  IRowNode,
  RowClassParams,
  RowClickedEvent,
  RowSelectionOptions,
} from 'ag-grid-community';
import { BOARD_PAINTED_MARK, type BoardFilter, type BoardLevel, type BoardRow } from '../../../../shared/contract';
import { useConsole } from '../../app/ConsoleContext';
import { useReporter } from '../../components/reports/useReporter';
import { filterReadsTime, isFilterEmpty, matchesFilter } from '../../../../shared/board/filter';
import { nowTicker } from '../../store/now';
import { compareUrgency, isBreached } from '../../../../shared/board/urgency';
import { WorseningTracker } from '../../store/worsening';
import { runningInDisplayFrame } from '../../store/frames';
import type { BoardCellContext } from './cells';
import { DRAWN_COLUMNS, TIME_COLUMNS, boardColumns } from './columns';
import { gridTheme } from './gridTheme';
import { gridWords } from './gridWords';
import { loadColumns, saveColumns } from './preferences';
import type { RowTransaction } from '../../store/boardStore';

interface Props {
  level: BoardLevel;
  filter: BoardFilter;
  onReady: (api: GridApi<BoardRow>) => void;
  onOpen: (row: BoardRow) => void;
  onCountChange: (shown: number) => void;
}

const getRowId = ({ data }: GetRowIdParams<BoardRow>) => data.key;

/**
 * Marks the timeline once the frame showing `tx` has been painted: a task after
 * the display frame it was applied in (deltas are applied in one), or after the
 * next one. Only the latest mark stays in the timeline buffer, which would
 * otherwise grow for as long as a wall screen runs; observers see them all.
 */
function markPainted(tx: RowTransaction): void {
  const keys = [...tx.add, ...tx.update, ...tx.remove].map((row) => row.key);
  const mark = () =>
    setTimeout(() => {
      performance.clearMarks(BOARD_PAINTED_MARK);
      performance.mark(BOARD_PAINTED_MARK, { detail: { keys } });
    }, 0);
  if (runningInDisplayFrame()) mark();
  else requestAnimationFrame(mark);
}

/**
 * Where a cell's words were cut (an ellipsis), the whole words on hover: set
 * when the pointer arrives, so a board that redraws every second measures
 * nothing until someone looks. An element's own title (a chip, an age) stays.
 */
function titleWhereCut(event: MouseEvent): void {
  const cell = (event.target as Element | null)?.closest?.('.board-grid .ag-cell');
  if (!(cell instanceof HTMLElement)) return;
  for (const node of [cell, ...cell.querySelectorAll<HTMLElement>('span')]) {
    if (node.title && node.dataset.cutTitle === undefined) continue;
    const cut = node.scrollWidth > node.clientWidth + 1;
    const words = node.textContent ?? '';
    if (cut && words) {
      node.title = words;
      node.dataset.cutTitle = '';
    } else if (node.dataset.cutTitle !== undefined) {
      node.removeAttribute('title');
      delete node.dataset.cutTitle;
    }
  }
}

/**
 * A transaction's updates split into the rows that may move (a place in the
 * order, or passing the filter, changed) and the rest, whose data is replaced
 * where the rows stand. Any update in a transaction makes the grid walk every
 * row to place it (its delta sort: a map of all 10,000 rows and a merge
 * comparing them, a tenth of the renderer's time at 1,000 events/s,
 * profiled), while most events change a row's words, not its place: a row's
 * place in the board's order is its urgency (compareUrgency), unless the
 * user sorted by another column.
 */
function splitUpdates(api: GridApi<BoardRow>, rows: BoardRow[], filter: BoardFilter): { moved: BoardRow[]; inPlace: [IRowNode<BoardRow>, BoardRow][] } {
  const sorted = api.getColumnState().filter((column) => column.sort);
  if (rows.length === 0 || sorted.some((column) => column.colId !== 'urgency')) return { moved: rows, inPlace: [] };
  const now = nowTicker.get();
  const filtered = !isFilterEmpty(filter);
  const moved: BoardRow[] = [];
  const inPlace: [IRowNode<BoardRow>, BoardRow][] = [];
  for (const row of rows) {
    const node = api.getRowNode(row.key);
    const old = node?.data;
    const stays =
      old !== undefined &&
      (sorted.length === 0 || compareUrgency(old, row, now) === 0) &&
      (!filtered || matchesFilter(old, filter, now) === matchesFilter(row, filter, now));
    if (stays) inPlace.push([node!, row]);
    else moved.push(row);
  }
  return { moved: inPlace.length === 0 ? rows : moved, inPlace };
}

const rowClass = ({ data }: RowClassParams<BoardRow>) =>
  data && isBreached(data, nowTicker.get()) ? 'row--breached' : undefined;

// Grid options are props the grid compares by identity: a new object on a
// render rebuilds every column and re-sorts the whole board.
const DEFAULT_COL_DEF: ColDef<BoardRow> = { sortable: true, resizable: true, suppressHeaderMenuButton: true };
const ROW_SELECTION: RowSelectionOptions<BoardRow> = { mode: 'singleRow', checkboxes: false, enableClickSelection: true };

/**
 * The live grid of one board. It gets its rows once, then only transactions
 * (batched by ag-grid), so scroll position, selection and focus survive every
 * update; a row that gets worse flashes once. Memoised: the page re-renders on
 * every delta (its counts), the grid must not.
 */
export const BoardGrid = memo(function BoardGrid({ level, filter, onReady, onOpen, onCountChange }: Props) {
  const { t, i18n } = useTranslation();
  const { boards, bridge } = useConsole();
  const apiRef = useRef<GridApi<BoardRow> | null>(null);
  const filterRef = useRef(filter);
  const tracker = useMemo(() => new WorseningTracker(), []);
  const columnDefs = useMemo(() => boardColumns(t), [t]);
  const localeText = useMemo(() => gridWords(i18n.language, t), [i18n.language, t]);
  const reporter = useReporter();
  const context = useMemo<BoardCellContext>(() => ({ bridge, reporter }), [bridge, reporter]);

  const countShown = useCallback(() => {
    const api = apiRef.current;
    if (api) onCountChange(api.getDisplayedRowCount());
  }, [onCountChange]);

  // Re-evaluate time-dependent order, filter and row marks only when some row
  // actually got worse: not on every tick. Rows a transaction carried are
  // already filtered and placed (delta sort) as of now. Time reaches every
  // order only through a row's state, and time only makes a state worse
  // (ok → warning → breached), so the rows it moves are exactly the ones made
  // worse by time passing (`byTime`): a transaction of those re-places them
  // among the others, whose order between themselves has not changed. (A
  // whole re-sort of 10,000 rows each second was a 16 ms task, profiled.)
  const refreshWorsened = useCallback(
    (api: GridApi<BoardRow>, keys: string[], byTime: boolean) => {
      const nodes = keys.map((key) => api.getRowNode(key)).filter((node): node is IRowNode<BoardRow> => !!node);
      if (nodes.length === 0) return;
      if (byTime) {
        if (filterReadsTime(filterRef.current)) api.onFilterChanged();
        api.applyTransaction({ update: nodes.map((node) => node.data!) });
      }
      api.redrawRows({ rowNodes: nodes });
      // Flash after the redraw has replaced the row's cells, or the flash lands on discarded ones.
      requestAnimationFrame(() => {
        const live = keys.map((key) => api.getRowNode(key)).filter((node): node is IRowNode<BoardRow> => !!node);
        api.flashCells({ rowNodes: live, flashDuration: 700, fadeDuration: 1300 });
      });
      countShown();
    },
    [countShown],
  );

  useEffect(() => {
    filterRef.current = filter;
    apiRef.current?.onFilterChanged();
    countShown();
  }, [filter, countShown]);

  useEffect(() => {
    return nowTicker.subscribe(() => {
      const api = apiRef.current;
      if (!api) return;
      // Only the rendered rows' cells: a few dozen text updates in place, not a render.
      api.refreshCells({ columns: TIME_COLUMNS, force: true });
      refreshWorsened(api, tracker.observeTime(nowTicker.get()), true);
    });
  }, [boards, level, tracker, refreshWorsened]);

  const onGridReady = useCallback(
    ({ api }: GridReadyEvent<BoardRow>) => {
      // Pages the store still holds for the grids are in the rows below: handed over first, before this grid takes any.
      boards.catchUp(level);
      apiRef.current = api;
      const saved = loadColumns(localStorage, level);
      if (saved) api.applyColumnState({ state: saved, applyOrder: true });
      const rows = boards.rows(level);
      tracker.observe(rows, nowTicker.get());
      // The grid's own array: the store's list is shared with the other readers of the board.
      api.setGridOption('rowData', [...rows]);
      onReady(api);
      countShown();
    },
    [boards, level, tracker, onReady, countShown],
  );

  useEffect(() => {
    return boards.onTransaction((changed, tx) => {
      const api = apiRef.current;
      if (changed !== level || !api) return;
      // At once: the store commits pushed deltas in a display frame, a frame's worth as one transaction.
      const { moved, inPlace } = splitUpdates(api, tx.update, filterRef.current);
      // An empty transaction still walks every row: none is applied.
      const result = tx.add.length + tx.remove.length + moved.length > 0 ? api.applyTransaction({ ...tx, update: moved }) : null;
      for (const [node, row] of inPlace) node.updateData(row);
      const updated = [...(result?.update ?? []), ...inPlace.map(([node]) => node)];
      if (updated.length > 0) api.refreshCells({ rowNodes: updated, columns: DRAWN_COLUMNS, force: true });
      refreshWorsened(api, tracker.observeTransaction(tx, nowTicker.get()), false);
      countShown();
      markPainted(tx);
    });
  }, [boards, level, tracker, refreshWorsened, countShown]);

  const persistColumns = useCallback(() => {
    const api = apiRef.current;
    if (api) saveColumns(localStorage, level, api.getColumnState());
  }, [level]);

  // Columns share the width until the user sizes one; from then on their widths are kept.
  const fitUntilResized = useCallback(
    ({ api }: { api: GridApi<BoardRow> }) => {
      const saved = loadColumns(localStorage, level);
      if (!saved?.some((column) => column.width !== undefined && column.flex == null)) api.sizeColumnsToFit();
    },
    [level],
  );

  const isExternalFilterPresent = useCallback(() => !isFilterEmpty(filterRef.current), []);
  const doesExternalFilterPass = useCallback(
    (node: IRowNode<BoardRow>) => !!node.data && matchesFilter(node.data, filterRef.current, nowTicker.get()),
    [],
  );
  const onRowClicked = useCallback(({ data }: RowClickedEvent<BoardRow>) => data && onOpen(data), [onOpen]);
  const onCellKeyDown = useCallback(
    (event: CellKeyDownEvent<BoardRow>) => {
      const key = (event.event as KeyboardEvent | null)?.key;
      if (key === 'Enter' && event.data) onOpen(event.data);
    },
    [onOpen],
  );
  const onColumnMoved = useCallback(({ finished }: ColumnMovedEvent<BoardRow>) => finished && persistColumns(), [persistColumns]);
  const onColumnResized = useCallback(
    ({ finished, source }: ColumnResizedEvent<BoardRow>) => finished && source === 'uiColumnResized' && persistColumns(),
    [persistColumns],
  );

  // The grid's callbacks read the latest handlers; the grid itself is built once per board.
  const latest = { onGridReady, onRowClicked, onCellKeyDown, onColumnMoved, onColumnResized, fitUntilResized, persistColumns, countShown };
  const handlers = useRef(latest);
  handlers.current = latest;
  const hostRef = useRef<HTMLDivElement>(null);
  // What a grid is built with, as of the render that builds it (a new board, another language).
  const options = useRef({ columnDefs, context, localeText });
  options.current = { columnDefs, context, localeText };

  // ag-grid itself, not its React wrapper: the wrapper renders every row and
  // cell the grid creates as React components in a synchronous commit of their
  // own, 1.6 s of a 3 s fling's 2.2 s of script (profiled); the cells are
  // plain DOM already (cells.ts).
  useEffect(() => {
    const call = handlers;
    const api = createGrid<BoardRow>(hostRef.current!, {
      theme: gridTheme,
      columnDefs: options.current.columnDefs,
      context: options.current.context,
      // The grid takes its words once: another language builds it again.
      localeText: options.current.localeText,
      defaultColDef: DEFAULT_COL_DEF,
      getRowId,
      getRowClass: rowClass,
      rowSelection: ROW_SELECTION,
      // Thousands of rows and a delta every ~50 ms: sort only the rows a transaction touched.
      deltaSort: true,
      isExternalFilterPresent,
      doesExternalFilterPass,
      onGridReady: (event) => call.current.onGridReady(event),
      onRowClicked: (event) => call.current.onRowClicked(event),
      onCellKeyDown: (event) => call.current.onCellKeyDown(event as CellKeyDownEvent<BoardRow>),
      onColumnMoved: (event) => call.current.onColumnMoved(event),
      onColumnResized: (event) => call.current.onColumnResized(event),
      onGridSizeChanged: (event) => call.current.fitUntilResized(event),
      onFirstDataRendered: (event) => call.current.fitUntilResized(event),
      onColumnVisible: () => call.current.persistColumns(),
      onColumnPinned: () => call.current.persistColumns(),
      onSortChanged: () => call.current.persistColumns(),
      onModelUpdated: () => call.current.countShown(),
      suppressNoRowsOverlay: true,
      // Nor its loading line: the grid is built while the first rows are on their way (start.ts), and the
      // line stayed in what a screen reader heard on a header ("Loading…. Press ENTER to sort") after they came.
      loading: false,
      animateRows: false,
      // Every row the grid keeps beyond the viewport is built again on each
      // jump of a fast scroll; ten each side (the default) doubled that work.
      rowBuffer: 4,
      // A row's every cell is built, scrolled into view or not: at 1440 px with the drawer open the
      // clock chips and the later columns sit right of the view, and a row is one ticket to find by
      // any of its cells (the desk's Ctrl+F, a screen reader). Sixteen columns: no virtualising needed.
      suppressColumnVirtualisation: true,
    });
    return () => {
      if (apiRef.current === api) apiRef.current = null;
      api.destroy();
    };
  }, [level, i18n.language, isExternalFilterPresent, doesExternalFilterPass]);

  useEffect(() => apiRef.current?.setGridOption('columnDefs', columnDefs), [columnDefs]);
  useEffect(() => apiRef.current?.setGridOption('context', context), [context]);

  // Whether the grid holds the board's whole list: until then its rows move as the list's pages join it.
  const loaded = useSyncExternalStore(boards.meta.subscribe, () => boards.meta.get().loaded[level]);
  return (
    <div
      className="board-grid"
      data-testid={`grid-${level}`}
      data-loaded={String(loaded)}
      ref={hostRef}
      onMouseOver={(event) => titleWhereCut(event.nativeEvent)}
    />
  );
});

import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { AgGridReact } from 'ag-grid-react';
import type { GetRowIdParams, GridApi, GridReadyEvent, IRowNode, RowClassParams } from 'ag-grid-community';
import type { BoardFilter, BoardLevel, BoardRow } from '../../../../shared/contract';
import { useConsole } from '../../app/ConsoleContext';
import { isFilterEmpty, matchesFilter } from '../../store/filter';
import { nowTicker } from '../../store/now';
import { isBreached } from '../../store/urgency';
import { WorseningTracker } from '../../store/worsening';
import { boardColumns } from './columns';
import { gridTheme } from './gridTheme';
import { loadColumns, saveColumns } from './preferences';

interface Props {
  level: BoardLevel;
  filter: BoardFilter;
  onReady: (api: GridApi<BoardRow>) => void;
  onOpen: (row: BoardRow) => void;
  onCountChange: (shown: number) => void;
}

const getRowId = ({ data }: GetRowIdParams<BoardRow>) => data.key;
const rowClass = ({ data }: RowClassParams<BoardRow>) =>
  data && isBreached(data, nowTicker.get()) ? 'row--breached' : undefined;

/**
 * The live grid of one board. It gets its rows once, then only transactions
 * (batched by ag-grid), so scroll position, selection and focus survive every
 * update; a row that gets worse flashes once.
 */
export function BoardGrid({ level, filter, onReady, onOpen, onCountChange }: Props) {
  const { t } = useTranslation();
  const { boards } = useConsole();
  const apiRef = useRef<GridApi<BoardRow> | null>(null);
  const filterRef = useRef(filter);
  const tracker = useMemo(() => new WorseningTracker(), []);
  const columnDefs = useMemo(() => boardColumns(t), [t]);

  const countShown = useCallback(() => {
    const api = apiRef.current;
    if (api) onCountChange(api.getDisplayedRowCount());
  }, [onCountChange]);

  // Re-evaluate time-dependent order, filter and row marks only when some row
  // actually got worse, which is rare: not on every tick.
  const refreshWorsened = useCallback(
    (api: GridApi<BoardRow>, keys: string[]) => {
      const nodes = keys.map((key) => api.getRowNode(key)).filter((node): node is IRowNode<BoardRow> => !!node);
      if (nodes.length === 0) return;
      api.redrawRows({ rowNodes: nodes });
      if (filterRef.current.clockStates?.length) api.onFilterChanged();
      api.refreshClientSideRowModel('sort');
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
      refreshWorsened(api, tracker.observe(boards.rows(level), nowTicker.get()));
    });
  }, [boards, level, tracker, refreshWorsened]);

  const onGridReady = useCallback(
    ({ api }: GridReadyEvent<BoardRow>) => {
      apiRef.current = api;
      const saved = loadColumns(localStorage, level);
      if (saved) api.applyColumnState({ state: saved, applyOrder: true });
      const rows = boards.rows(level);
      tracker.observe(rows, nowTicker.get());
      api.setGridOption('rowData', rows);
      onReady(api);
      countShown();
    },
    [boards, level, tracker, onReady, countShown],
  );

  useEffect(() => {
    return boards.onTransaction((changed, tx) => {
      const api = apiRef.current;
      if (changed !== level || !api) return;
      api.applyTransactionAsync(tx, () => {
        refreshWorsened(api, tracker.observe(boards.rows(level), nowTicker.get()));
        countShown();
      });
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

  return (
    <div className="board-grid" data-testid={`grid-${level}`}>
      <AgGridReact<BoardRow>
        theme={gridTheme}
        columnDefs={columnDefs}
        defaultColDef={{ sortable: true, resizable: true, suppressHeaderMenuButton: true }}
        getRowId={getRowId}
        getRowClass={rowClass}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        asyncTransactionWaitMillis={100}
        isExternalFilterPresent={() => !isFilterEmpty(filterRef.current)}
        doesExternalFilterPass={(node) => !!node.data && matchesFilter(node.data, filterRef.current, nowTicker.get())}
        onGridReady={onGridReady}
        onRowClicked={({ data }) => data && onOpen(data)}
        onCellKeyDown={(event) => {
          const key = (event.event as KeyboardEvent | null)?.key;
          if (key === 'Enter' && event.data) onOpen(event.data);
        }}
        onColumnMoved={({ finished }) => finished && persistColumns()}
        onColumnResized={({ finished, source }) => finished && source === 'uiColumnResized' && persistColumns()}
        onGridSizeChanged={fitUntilResized}
        onFirstDataRendered={fitUntilResized}
        onColumnVisible={persistColumns}
        onColumnPinned={persistColumns}
        onSortChanged={persistColumns}
        onModelUpdated={countShown}
        suppressNoRowsOverlay
        animateRows={false}
      />
    </div>
  );
}

import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgGridReact } from 'ag-grid-react';
import '../boards/agGridModules';
import { gridWords } from '../boards/gridWords';
import type { ColDef, GridApi } from 'ag-grid-community';
import type { BoardRow, DrillResult, HeatCell, HeatmapGrouping } from '../../../../shared/contract';
import { useConsole } from '../../app/ConsoleContext';
import { useReporter } from '../../components/reports/useReporter';
import { TicketDrawer } from '../../components/TicketDrawer';
import { nowTicker } from '../../store/now';
import type { BoardCellContext } from '../boards/cells';
import { TIME_COLUMNS, boardColumns } from '../boards/columns';
import { gridTheme } from '../boards/gridTheme';
import { useRequest } from './hooks';
import type { AxisLabels } from './labels';

type DrillRow = BoardRow & { breachedClocks: DrillResult['tickets'][number]['clocks'] };

interface Props {
  from: number;
  to: number;
  by: HeatmapGrouping;
  cell: HeatCell;
  labels: AxisLabels;
  onClose: () => void;
}

/** The tickets behind one cell, in the boards' columns, each opening the boards' ticket drawer. */
export function DrillPanel({ from, to, by, cell, labels, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const { bridge } = useConsole();
  const localeText = useMemo(() => gridWords(i18n.language, t), [i18n.language, t]);
  const reporter = useReporter();
  const [open, setOpen] = useState<BoardRow | null>(null);
  const [api, setApi] = useState<GridApi<DrillRow> | null>(null);
  /** Rows in the grid's model (ag-grid renders only those in view): what tests and exports count. */
  const [modelRows, setModelRows] = useState(0);
  const context = useMemo<BoardCellContext>(() => ({ bridge, reporter }), [bridge, reporter]);
  // The board's cells draw live states from now; they tick here as they do on the board.
  useEffect(() => (api ? nowTicker.subscribe(() => api.refreshCells({ columns: TIME_COLUMNS, force: true })) : undefined), [api]);
  const args = { from, to, by, row: cell.row, col: cell.col };
  const loaded = useRequest('heatmap:drill', args, JSON.stringify(args));

  const rows = useMemo<DrillRow[]>(
    () => (loaded.state === 'ready' ? loaded.value.tickets.map((ticket) => ({ ...ticket.row, breachedClocks: ticket.clocks })) : []),
    [loaded],
  );
  const columnDefs = useMemo<ColDef<DrillRow>[]>(() => {
    const clocks: ColDef<DrillRow> = {
      colId: 'breachedClocks',
      headerName: t('heatmapPage.drill.clocks'),
      valueGetter: ({ data }) =>
        data?.breachedClocks.map((c) => `${t(`code.clock.${c.name}`)}${c.index > 0 ? ` #${c.index + 1}` : ''}`).join('、') ?? '',
      width: 200,
    };
    // The countdown column speaks of now; these tickets are listed as they stood at the period's end.
    const [, state, ...rest] = boardColumns(t) as ColDef<DrillRow>[];
    return [state!, clocks, ...rest];
  }, [t]);

  return (
    <section className="drill" data-testid="drill-panel" aria-label={t('heatmapPage.drill.title', { row: labels.row(cell.row), col: labels.col(cell.col) })}>
      <header className="drill__head">
        <div>
          <h2>{t('heatmapPage.drill.title', { row: labels.row(cell.row), col: labels.col(cell.col) })}</h2>
          {loaded.state === 'ready' && (
            <p className="muted" data-testid="drill-count" data-breached={loaded.value.breached} data-tickets={loaded.value.tickets.length}>
              {t('heatmapPage.drill.count', { breached: loaded.value.breached, tickets: loaded.value.tickets.length })}
              {loaded.value.truncated && ` · ${t('heatmapPage.drill.truncated', { count: loaded.value.tickets.length })}`}
            </p>
          )}
          {loaded.state === 'failed' && <p className="text-breached">{t('heatmapPage.loadFailed', { message: loaded.message })}</p>}
        </div>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('heatmapPage.drill.close')} data-testid="drill-close">
          ×
        </button>
      </header>
      <div className="drill__body">
        <div className="drill__grid" data-testid="drill-grid" data-rows={modelRows}>
          <AgGridReact<DrillRow>
            // Its words are taken once: another language builds the grid again.
            key={i18n.language}
            theme={gridTheme}
            localeText={localeText}
            columnDefs={columnDefs}
            rowData={rows}
            context={context}
            onGridReady={({ api: ready }) => setApi(ready)}
            onModelUpdated={({ api: grid }) => setModelRows(grid.getDisplayedRowCount())}
            loading={loaded.state === 'loading'}
            defaultColDef={{ sortable: true, resizable: true, suppressHeaderMenuButton: true }}
            getRowId={({ data }) => data.key}
            rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
            onRowClicked={({ data }) => data && setOpen(data)}
            animateRows={false}
          />
        </div>
        {open && <TicketDrawer row={open} onClose={() => setOpen(null)} />}
      </div>
    </section>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLOCK_NAMES } from '../../../../shared/domain/types';
import type { GridApi } from 'ag-grid-community';
import type { BoardFilter, BoardLevel, BoardRow } from '../../../../shared/contract';
import { useConsole } from '../../app/ConsoleContext';
import { reporterOf } from '../../store/clientSettings';
import { EmptyState } from '../../components/EmptyState';
import { MultiSelect } from '../../components/MultiSelect';
import { StateIcon } from '../../components/StateIcon';
import { TicketDrawer } from '../../components/TicketDrawer';
import { isFilterEmpty } from '../../../../shared/board/filter';
import { useObservable } from '../../store/observable';
import { useNow } from '../../store/now';
import { BoardGrid } from './BoardGrid';
import { boardColumns } from './columns';
import { exportView, type ExportFormat } from './exportView';
import { FilterBar } from './FilterBar';
import { loadViews, saveViews, upsertView, type SavedView } from './preferences';
import { ViewMenu } from './ViewMenu';
import { ReportAllDueButton } from '../../components/reports/ReportAllDueButton';

/** The desk's two exports, each with its shortcut (the keydown handler below). */
const EXPORTS: readonly { format: ExportFormat; keys: string; primary: boolean }[] = [
  { format: 'csv', keys: 'Ctrl+Shift+E', primary: false },
  { format: 'xlsx', keys: 'Ctrl+E', primary: true },
];

/** The workstation board: filters on top, the live grid, the ticket on the right. */
export function BoardPage({ level }: { level: BoardLevel }) {
  const { t } = useTranslation();
  const { bridge, boards, boardSummary, client, deskView, focusTicket } = useConsole();
  // The grid follows every delta itself; the page's counts, filter choices and open ticket follow the rows a few times a second.
  const meta = useObservable(boardSummary);
  const now = useNow();
  // `meta.revision` changes whenever rows do; the list is rebuilt only then.
  const rows = useMemo(() => (meta.revision >= 0 ? boards.rows(level) : []), [boards, level, meta.revision]);
  const counts = boards.counts(level, now);
  const [filter, setFilter] = useState<BoardFilter>({});
  const [shown, setShown] = useState(0);
  const [open, setOpen] = useState<BoardRow | null>(null);
  const [views, setViews] = useState(() => loadViews(localStorage, level));
  const [api, setApi] = useState<GridApi<BoardRow> | null>(null);
  const [hidden, setHidden] = useState<string[]>([]);
  const [exportNote, setExportNote] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const columns = useMemo(() => boardColumns(t), [t]);
  // A clicked alarm or notification asks for its ticket (focusTicket): it stays open until another row or a close.
  const focus = useObservable(focusTicket);
  const wanted = (focus?.level === level ? boards.row(level, focus.key) : undefined) ?? open;
  const openRow = wanted ? (rows.find((row) => row.key === wanted.key) ?? wanted) : null;
  const openTicket = useCallback(
    (row: BoardRow | null) => {
      focusTicket.set(null);
      setOpen(row);
    },
    [focusTicket],
  );
  // Alarms sound for what this board shows through its filter.
  useEffect(() => deskView.set({ level, filter }), [deskView, level, filter]);

  const onReady = useCallback((ready: GridApi<BoardRow>) => {
    setApi(ready);
    setHidden(ready.getColumnState().filter((column) => column.hide).map((column) => column.colId));
  }, []);

  // Until the board's whole list is in, the view holds only the rows received so far: a file of it would lack rows.
  const loaded = meta.loaded[level];
  const runExport = useCallback(
    async (format: ExportFormat) => {
      if (!api) return;
      if (!loaded) {
        setExportNote(t('export.waitWhole'));
        return;
      }
      setExportNote(t('export.busy'));
      try {
        const name = await exportView(bridge, api, { title: t(`board.title.${level}`), format, at: Date.now(), filter, ...reporterOf(client.get()) });
        setExportNote(t('export.done', { file: name }));
      } catch (error) {
        setExportNote(t('export.failed', { message: error instanceof Error ? error.message : String(error) }));
      }
    },
    [api, bridge, client, filter, level, loaded, t],
  );

  // Desk shortcuts: "/" or Ctrl+F to search, Ctrl+E for Excel, Ctrl+Shift+E for CSV, Esc closes the ticket.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
      if ((event.key === '/' && !typing) || ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f')) {
        event.preventDefault();
        searchRef.current?.focus();
      } else if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'e') {
        event.preventDefault();
        void runExport(event.shiftKey ? 'csv' : 'xlsx');
      } else if (event.key === 'Escape') {
        openTicket(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openTicket, runExport]);

  const applyView = (view: SavedView) => {
    setFilter(view.filter);
    api?.applyColumnState({ state: view.columns, applyOrder: true });
    setHidden(view.columns.filter((column) => column.hide).map((column) => column.colId));
  };
  const storeViews = (next: SavedView[]) => {
    setViews(next);
    saveViews(localStorage, level, next);
  };
  const toggleColumns = (visible: string[]) => {
    const nextHidden = columns.map((column) => column.colId).filter((id) => !visible.includes(id));
    setHidden(nextHidden);
    api?.setColumnsVisible(columns.map((column) => column.colId), true);
    api?.setColumnsVisible(nextHidden, false);
  };

  return (
    <div className={`board-page${openRow ? ' board-page--with-detail' : ''}`} data-testid={`board-${level}`}>
      <header className="page-header">
        <div>
          <h1>{t(`board.title.${level}`)}</h1>
          <p className="page-header__summary" data-testid="board-summary">
            <span className="summary-chip summary-chip--breached" data-testid="count-breached">
              <StateIcon state="breached" />
              <b>{loaded ? counts.breached : '…'}</b> {t('code.clockState.breached')}
            </span>
            <span className="summary-chip summary-chip--warning" data-testid="count-warning">
              <StateIcon state="warning" />
              <b>{loaded ? counts.warning : '…'}</b> {t('code.clockState.warning')}
            </span>
            <span className="summary-chip" data-testid="count-total">
              <b>{loaded ? counts.total : '…'}</b> {t('board.open')}
            </span>
            {!isFilterEmpty(filter) && (
              <span className="muted" data-testid="filtered-summary">
                {loaded ? t('board.filteredSummary', { shown, total: counts.total }) : t('board.filteredSummaryLoading', { shown })}
              </span>
            )}
          </p>
        </div>
        <div className="page-header__actions">
          <ReportAllDueButton level={level} />
          <ViewMenu
            views={views}
            onApply={applyView}
            onSave={(name) => api && storeViews(upsertView(views, { name, filter, columns: api.getColumnState() }))}
            onDelete={(name) => storeViews(views.filter((view) => view.name !== name))}
          />
          <MultiSelect
            testId="column-chooser"
            chooser
            label={t('filter.columns')}
            options={columns.map((column) => ({ value: column.colId, label: column.headerName ?? column.colId }))}
            selected={columns.map((column) => column.colId).filter((id) => !hidden.includes(id))}
            onChange={toggleColumns}
          />
          {EXPORTS.map(({ format, keys, primary }) => (
            <button
              key={format}
              type="button"
              className={`button${primary ? ' button--primary' : ''}`}
              onClick={() => void runExport(format)}
              disabled={!loaded}
              data-testid={`export-${format}`}
              title={loaded ? t('export.shortcut', { keys }) : t('export.waitWhole')}
            >
              {t(`export.${format}`)}
            </button>
          ))}
        </div>
      </header>
      <FilterBar rows={rows} filter={filter} onChange={setFilter} searchRef={searchRef} />
      {/* The clock chips are one character each: their key, always on screen. */}
      <p className="clock-legend" data-testid="clock-legend" aria-label={t('board.clockLegend')}>
        {CLOCK_NAMES.map((name) => (
          <span key={name}>
            <b>{t(`code.clockShort.${name}`)}</b>
            {t(`code.clock.${name}`)}
          </span>
        ))}
      </p>
      {exportNote && (
        <p className="export-note" role="status" data-testid="export-note">
          {exportNote}
        </p>
      )}
      <div className="board-body">
        <div className="board-main">
          <BoardGrid level={level} filter={filter} onReady={onReady} onOpen={openTicket} onCountChange={setShown} />
          {loaded && shown === 0 && (
            <EmptyState
              title={counts.total === 0 ? t('board.emptyTitle') : t('board.emptyFiltered')}
              body={counts.total === 0 ? t('board.emptyBody') : undefined}
              action={counts.total === 0 ? undefined : { label: t('board.clearFilters'), run: () => setFilter({}) }}
              overlay
            />
          )}
        </div>
        {openRow && <TicketDrawer row={openRow} onClose={() => openTicket(null)} />}
      </div>
    </div>
  );
}

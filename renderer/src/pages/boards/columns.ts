import type { ColDef } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import type { BoardRow, ExportCellKind } from '../../../../shared/contract';
import { nowTicker } from '../../store/now';
import { compareUrgency, liveClockState, nextClock, rowState, severity } from '../../../../shared/board/urgency';
import { AgeCell, ClocksCell, CustomerCell, NextReportCell, RiskCell, StateCell, SuspensionCell, UrgencyCell } from './cells';
import { boardLabels } from './labels';
import { supervisionSummary } from '../../components/supervision/summary';

export const BOARD_COLUMNS = [
  'urgency',
  'state',
  'ticketId',
  'customer',
  'city',
  'service',
  'circuitLevel',
  'tier',
  'stage',
  'clocks',
  'risk',
  'nextReport',
  'supervision',
  'suspension',
  'age',
  'accountManager',
] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

/** Columns whose cells move with time alone: redrawn in place every second. */
export const TIME_COLUMNS: BoardColumn[] = ['urgency', 'state', 'clocks', 'risk', 'nextReport', 'age'];

/**
 * Columns drawn from the whole row rather than their value, so a row update
 * that leaves the value alone (a met clock, a new report kind) must still
 * redraw them: the grid itself only redraws cells whose value changed.
 */
export const DRAWN_COLUMNS: BoardColumn[] = [...TIME_COLUMNS, 'customer', 'suspension'];

type Column = ColDef<BoardRow> & { colId: BoardColumn; headerName: string };

/**
 * One spreadsheet column a board column exports: its header (the board
 * column's own when absent), what its cells are, and a row's value. Times go
 * out as instants and durations as minutes, so a spreadsheet can sort and sum them.
 */
export interface ExportField {
  header?: string;
  kind: ExportCellKind;
  value(row: BoardRow, now: number): string | number | null;
}

const byRow =
  (compare: (a: BoardRow, b: BoardRow) => number): ColDef<BoardRow>['comparator'] =>
  (_a, _b, nodeA, nodeB) =>
    nodeA.data && nodeB.data ? compare(nodeA.data, nodeB.data) : 0;

// Not a valueFormatter: the grid formats every cell it creates, so while the
// board scrolls it would build these values for each cell a renderer then
// ignores. The column's context carries them to the export instead.
const exportAs = (...fields: ExportField[]): Pick<ColDef<BoardRow>, 'context'> => ({ context: { exportFields: fields } });

/** A column's export fields, when they are not its plain value as words. */
export function exportFieldsOf(column: ColDef<BoardRow>): readonly ExportField[] | undefined {
  return (column.context as { exportFields?: ExportField[] } | undefined)?.exportFields;
}

/** `word` of each value, asked once: columns are rebuilt when the language changes. */
function onceEach<V>(word: (value: V) => string): (value: V) => string {
  const words = new Map<V, string>();
  return (value) => words.get(value) ?? words.set(value, word(value)).get(value)!;
}

/** Whole minutes of a duration, toward zero as the screen's h:mm:ss counts (never -0). */
const wholeMinutes = (ms: number) => Math.trunc(ms / 60_000) || 0;

/**
 * The board's columns in the default order, headers in the current language.
 * Columns drawn by a cell renderer carry their plain-text form for the export.
 */
export function boardColumns(t: TFunction): Column[] {
  const header = (id: BoardColumn) => t(`board.col.${id === 'ticketId' ? 'ticket' : id}`);
  // New labels give the columns new definitions, and the grid refreshes the cells of a changed definition.
  const labels = boardLabels(t);
  // A code's words, looked up once per language: value getters run for every cell the grid creates, a fling creates hundreds a frame.
  const service = onceEach((code: NonNullable<BoardRow['service']>) => t(`code.service.${code}`));
  const circuitLevel = onceEach((code: NonNullable<BoardRow['circuit']>['level']) => t(`code.circuitLevel.${code}`));
  const tier = onceEach((code: NonNullable<BoardRow['customer']>['tier']) => t(`code.tier.${code}`));
  const stage = onceEach((code: BoardRow['stage']) => t(`code.stage.${code}`));
  const center = onceEach((code: NonNullable<BoardRow['center']>) => t(`board.centerShort.${code}`));
  const centerName = onceEach((code: NonNullable<BoardRow['center']>) => t(`code.center.${code}`));
  const stageWords = (row: BoardRow, centerWord: (code: NonNullable<BoardRow['center']>) => string) =>
    [stage(row.stage), row.center ? centerWord(row.center) : null, row.handler].filter(Boolean).join(' · ');
  const drawnBy = (cellRenderer: ColDef<BoardRow>['cellRenderer']) => ({ cellRenderer, cellRendererParams: { labels } });
  return [
    {
      colId: 'urgency',
      headerName: header('urgency'),
      // A field, not a valueGetter: the board's order compares rows thousands of times per delta
      // (ag-grid's delta sort walks the sorted rows), and each valueGetter call builds a params object.
      field: 'nextDueAt',
      ...exportAs(
        {
          header: t('export.col.nextClock'),
          kind: 'text',
          value: (row) => {
            const clock = nextClock(row);
            if (!clock || clock.dueAt === null) return row.suspension ? t('code.eventType.suspended') : t('board.noDeadline');
            return t(`code.clock.${clock.name}`);
          },
        },
        { header: t('export.col.dueAt'), kind: 'datetime', value: (row) => nextClock(row)?.dueAt ?? null },
        {
          header: t('export.col.minutesLeft'),
          kind: 'minutes',
          value: (row, now) => {
            const dueAt = nextClock(row)?.dueAt ?? null;
            return dueAt === null ? null : wholeMinutes(dueAt - now);
          },
        },
      ),
      ...drawnBy(UrgencyCell),
      comparator: byRow((a, b) => compareUrgency(a, b, nowTicker.get())),
      sort: 'asc',
      minWidth: Number(t('board.urgencyWidth')),
      pinned: 'left',
    },
    {
      colId: 'state',
      headerName: header('state'),
      valueGetter: ({ data }) => (data ? rowState(data, nowTicker.get()) : null),
      ...exportAs({ kind: 'text', value: (row, now) => t(`code.clockState.${rowState(row, now)}`) }),
      ...drawnBy(StateCell),
      comparator: byRow((a, b) => severity(rowState(b, nowTicker.get())) - severity(rowState(a, nowTicker.get()))),
      minWidth: Number(t('board.stateWidth')),
      pinned: 'left',
    },
    // Next to the state: the warning ahead of a breach stays in view at 1440 px with the ticket drawer open.
    {
      colId: 'risk',
      headerName: header('risk'),
      // Unknown (too little history) sorts below every figure; no risk (breached, stopped) below that.
      valueGetter: ({ data }) => (data?.risk ? (data.risk.probability ?? -1) : -2),
      ...exportAs(
        { kind: 'number', value: (row) => (row.risk?.probability == null ? null : Math.round(row.risk.probability * 100)) },
        { header: t('export.col.riskClock'), kind: 'text', value: (row) => (row.risk ? t(`code.clock.${row.risk.clock}`) : '') },
        { header: t('export.col.riskSimilar'), kind: 'number', value: (row) => row.risk?.basis.similar ?? null },
      ),
      ...drawnBy(RiskCell),
      comparator: (a: number, b: number) => a - b,
      minWidth: Number(t('board.riskWidth')),
    },
    // Wide enough for a whole ticket number (JS-NJ-20261122-0007) at 1440 px; a number is never clipped.
    { colId: 'ticketId', headerName: header('ticketId'), field: 'ticketId', minWidth: 178 },
    {
      colId: 'customer',
      headerName: header('customer'),
      valueGetter: ({ data }) => data?.customer?.name ?? data?.title ?? '',
      ...drawnBy(CustomerCell),
      // An enterprise's name runs to ten or twelve characters (宜兴市苏鑫快运有限公司).
      minWidth: 180,
    },
    // 连云港 is the longest of the province's cities.
    { colId: 'city', headerName: header('city'), valueGetter: ({ data }) => data?.city ?? '', minWidth: 68 },
    {
      colId: 'service',
      headerName: header('service'),
      valueGetter: ({ data }) => (data?.service ? service(data.service) : ''),
      minWidth: Number(t('board.serviceWidth')),
    },
    {
      colId: 'circuitLevel',
      headerName: header('circuitLevel'),
      valueGetter: ({ data }) => (data?.circuit ? circuitLevel(data.circuit.level) : ''),
      minWidth: Number(t('board.circuitLevelWidth')),
    },
    {
      colId: 'tier',
      headerName: header('tier'),
      valueGetter: ({ data }) => (data?.customer ? tier(data.customer.tier) : ''),
      minWidth: 80,
      hide: true,
    },
    {
      colId: 'stage',
      headerName: header('stage'),
      valueGetter: ({ data }) => (data ? stageWords(data, center) : ''),
      // The spreadsheet names each center in full.
      ...exportAs({ kind: 'text', value: (row) => stageWords(row, centerName) }),
      minWidth: Number(t('board.stageWidth')),
    },
    {
      colId: 'clocks',
      headerName: header('clocks'),
      valueGetter: ({ data }) => data?.clocks.length ?? 0,
      ...exportAs({
        kind: 'text',
        value: (row, now) => row.clocks.map((clock) => `${t(`code.clock.${clock.name}`)}:${t(`code.clockState.${liveClockState(clock, now)}`)}`).join(' '),
      }),
      ...drawnBy(ClocksCell),
      sortable: false,
      minWidth: Number(t('board.clocksWidth')),
    },
    {
      colId: 'nextReport',
      headerName: header('nextReport'),
      valueGetter: ({ data }) => data?.nextReport?.dueAt ?? null,
      ...exportAs(
        { kind: 'text', value: (row) => (row.nextReport ? t(`code.reportKind.${row.nextReport.kind}`) : '') },
        { header: t('export.col.nextReportDueAt'), kind: 'datetime', value: (row) => row.nextReport?.dueAt ?? null },
      ),
      ...drawnBy(NextReportCell),
      minWidth: Number(t('board.nextReportWidth')),
    },
    {
      colId: 'supervision',
      headerName: header('supervision'),
      valueGetter: ({ data }) => (data ? supervisionSummary(data, t).text : ''),
      cellClassRules: { 'text-warning': ({ data }) => (data ? supervisionSummary(data, t).noReply : false) },
      // No tooltipValueGetter: ag-grid builds a tooltip feature for every cell it creates (41 ms of a 3.6 s fling's
      // profile, for one column); the board's hover handler (titleWhereCut) shows the whole words where they were cut.
      minWidth: 150,
    },
    {
      colId: 'suspension',
      headerName: header('suspension'),
      valueGetter: ({ data }) => data?.suspension?.reason ?? '',
      ...exportAs(
        {
          kind: 'text',
          value: (row) =>
            row.suspension
              ? t('board.suspended', { reason: row.suspension.reason }) +
                t('board.suspendedBy', { by: t(`code.approvedBy.${row.suspension.approvedBy}`) })
              : '',
        },
        { header: t('export.col.suspendedSince'), kind: 'datetime', value: (row) => row.suspension?.since ?? null },
      ),
      ...drawnBy(SuspensionCell),
      minWidth: Number(t('board.suspensionWidth')),
    },
    {
      colId: 'age',
      headerName: header('age'),
      valueGetter: ({ data }) => data?.createdAt ?? null,
      ...exportAs(
        { header: t('export.col.createdAt'), kind: 'datetime', value: (row) => row.createdAt },
        { header: t('export.col.ageMinutes'), kind: 'minutes', value: (row, now) => (row.createdAt === null ? null : wholeMinutes(now - row.createdAt)) },
      ),
      ...drawnBy(AgeCell),
      // Ascending age is the latest creation first.
      comparator: (a: number | null, b: number | null) => (b ?? 0) - (a ?? 0),
      minWidth: Number(t('board.ageWidth')),
    },
    {
      colId: 'accountManager',
      headerName: header('accountManager'),
      valueGetter: ({ data }) => data?.accountManager ?? '',
      minWidth: 96,
      hide: true,
    },
  ];
}

import type { ColDef } from 'ag-grid-community';
import type { TFunction } from 'i18next';
import type { BoardRow } from '../../../../shared/contract';
import { localizedDuration } from '../../format/duration';
import { formatCountdown, formatDateTime } from '../../format/time';
import { nowTicker } from '../../store/now';
import { compareUrgency, liveClockState, nextClock, rowState, severity } from '../../../../shared/board/urgency';
import { AgeCell, ClocksCell, CustomerCell, NextReportCell, StateCell, SuspensionCell, UrgencyCell } from './cells';
import { boardLabels } from './labels';

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
  'nextReport',
  'suspension',
  'age',
  'accountManager',
] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

/** Columns whose cells move with time alone: redrawn in place every second. */
export const TIME_COLUMNS: BoardColumn[] = ['urgency', 'state', 'clocks', 'nextReport', 'age'];

/**
 * Columns drawn from the whole row rather than their value, so a row update
 * that leaves the value alone (a met clock, a new report kind) must still
 * redraw them: the grid itself only redraws cells whose value changed.
 */
export const DRAWN_COLUMNS: BoardColumn[] = [...TIME_COLUMNS, 'customer', 'suspension'];

type Column = ColDef<BoardRow> & { colId: BoardColumn; headerName: string };

/** The words an export writes for what a column's cell renderer draws. */
export type ExportText = (row: BoardRow, now: number) => string;

const byRow =
  (compare: (a: BoardRow, b: BoardRow) => number): ColDef<BoardRow>['comparator'] =>
  (_a, _b, nodeA, nodeB) =>
    nodeA.data && nodeB.data ? compare(nodeA.data, nodeB.data) : 0;

// Not a valueFormatter: the grid formats every cell it creates, so while the
// board scrolls it would build these words for each cell a renderer then
// ignores. The column's context carries them to the export instead.
const exportAs = (text: ExportText): Pick<ColDef<BoardRow>, 'context'> => ({ context: { exportText: text } });

/** A column's export words, when they are not its plain value. */
export function exportTextOf(column: ColDef<BoardRow>): ExportText | undefined {
  return (column.context as { exportText?: ExportText } | undefined)?.exportText;
}

/**
 * The board's columns in the default order, headers in the current language.
 * Columns drawn by a cell renderer carry their plain-text form for the export.
 */
export function boardColumns(t: TFunction): Column[] {
  const header = (id: BoardColumn) => t(`board.col.${id === 'ticketId' ? 'ticket' : id}`);
  // New labels give the columns new definitions, and the grid refreshes the cells of a changed definition.
  const labels = boardLabels(t);
  const drawnBy = (cellRenderer: ColDef<BoardRow>['cellRenderer']) => ({ cellRenderer, cellRendererParams: { labels } });
  return [
    {
      colId: 'urgency',
      headerName: header('urgency'),
      valueGetter: ({ data }) => data?.nextDueAt ?? null,
      ...exportAs((row, now) => {
        const clock = nextClock(row);
        if (!clock || clock.dueAt === null) return row.suspension ? t('code.eventType.suspended') : t('board.noDeadline');
        const time = formatCountdown(clock.dueAt - now);
        return `${t(`code.clock.${clock.name}`)} ${clock.dueAt < now ? t('board.overdue', { time }) : time}`;
      }),
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
      ...exportAs((row, now) => t(`code.clockState.${rowState(row, now)}`)),
      ...drawnBy(StateCell),
      comparator: byRow((a, b) => severity(rowState(b, nowTicker.get())) - severity(rowState(a, nowTicker.get()))),
      minWidth: Number(t('board.stateWidth')),
      pinned: 'left',
    },
    // Wide enough for a whole ticket number (JS-NJ-20261122-0007) at 1440 px; a number is never clipped.
    { colId: 'ticketId', headerName: header('ticketId'), field: 'ticketId', minWidth: 178, tooltipField: 'ticketId' },
    {
      colId: 'customer',
      headerName: header('customer'),
      valueGetter: ({ data }) => data?.customer?.name ?? data?.title ?? '',
      ...drawnBy(CustomerCell),
      minWidth: 130,
    },
    { colId: 'city', headerName: header('city'), valueGetter: ({ data }) => data?.city ?? '', minWidth: 52 },
    {
      colId: 'service',
      headerName: header('service'),
      valueGetter: ({ data }) => (data?.service ? t(`code.service.${data.service}`) : ''),
      minWidth: 92,
    },
    {
      colId: 'circuitLevel',
      headerName: header('circuitLevel'),
      valueGetter: ({ data }) => (data?.circuit ? t(`code.circuitLevel.${data.circuit.level}`) : ''),
      minWidth: 56,
    },
    {
      colId: 'tier',
      headerName: header('tier'),
      valueGetter: ({ data }) => (data?.customer ? t(`code.tier.${data.customer.tier}`) : ''),
      minWidth: 80,
      hide: true,
    },
    {
      colId: 'stage',
      headerName: header('stage'),
      valueGetter: ({ data }) =>
        data
          ? [t(`code.stage.${data.stage}`), data.center ? t(`code.center.${data.center}`) : null, data.handler]
              .filter(Boolean)
              .join(' · ')
          : '',
      minWidth: 170,
    },
    {
      colId: 'clocks',
      headerName: header('clocks'),
      valueGetter: ({ data }) => data?.clocks.length ?? 0,
      ...exportAs((row, now) =>
        row.clocks.map((clock) => `${t(`code.clock.${clock.name}`)}:${t(`code.clockState.${liveClockState(clock, now)}`)}`).join(' '),
      ),
      ...drawnBy(ClocksCell),
      sortable: false,
      minWidth: 170,
    },
    {
      colId: 'nextReport',
      headerName: header('nextReport'),
      valueGetter: ({ data }) => data?.nextReport?.dueAt ?? null,
      ...exportAs((row) =>
        row.nextReport
          ? [t(`code.reportKind.${row.nextReport.kind}`), row.nextReport.dueAt === null ? '' : formatDateTime(row.nextReport.dueAt)]
              .filter(Boolean)
              .join(' ')
          : '',
      ),
      ...drawnBy(NextReportCell),
      minWidth: 130,
    },
    {
      colId: 'suspension',
      headerName: header('suspension'),
      valueGetter: ({ data }) => data?.suspension?.reason ?? '',
      ...exportAs((row) =>
        row.suspension
          ? t('board.suspended', { reason: row.suspension.reason }) +
            t('board.suspendedBy', { by: t(`code.approvedBy.${row.suspension.approvedBy}`) })
          : '',
      ),
      ...drawnBy(SuspensionCell),
      minWidth: 72,
    },
    {
      colId: 'age',
      headerName: header('age'),
      valueGetter: ({ data }) => data?.createdAt ?? null,
      ...exportAs((row, now) => (row.createdAt === null ? '' : localizedDuration(t, now - row.createdAt))),
      ...drawnBy(AgeCell),
      // Ascending age is the latest creation first.
      comparator: (a: number | null, b: number | null) => (b ?? 0) - (a ?? 0),
      minWidth: 64,
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

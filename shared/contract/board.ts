import { z } from 'zod';
import { CENTERS, CUSTOMER_TIERS, SERVICES } from '../protocol';
import { CLOCK_STATES } from '../domain/types';
import { request } from './define';
import { reporter } from './reports';
import { boardLevel, boardRow, clockDto, epochMs, ticketKey } from './common';

export const boardFilter = z.object({
  cities: z.array(z.string()).optional(),
  services: z.array(z.enum(SERVICES)).optional(),
  tiers: z.array(z.enum(CUSTOMER_TIERS)).optional(),
  centers: z.array(z.enum(CENTERS)).optional(),
  clockStates: z.array(z.enum(CLOCK_STATES)).optional(),
  accountManagers: z.array(z.string()).optional(),
  text: z.string().max(200).optional(),
});
export type BoardFilter = z.infer<typeof boardFilter>;

export const boardSnapshot = z.object({
  at: epochMs,
  level: boardLevel,
  policyVersion: z.string(),
  rows: z.array(boardRow),
  /** Rows on the board matching the filter; more than `rows` holds when the request asked for the `first` few. */
  total: z.number().int().nonnegative(),
  /** A page (a request with `after`): the key to ask after for the next page, null when this one is the last. */
  next: z.string().nullable().optional(),
});
export type BoardSnapshot = z.infer<typeof boardSnapshot>;

export const timelineEntry = z.object({
  at: epochMs,
  seq: z.number().int().nullable(),
  kind: z.enum(['event', 'report']),
  type: z.string(),
  summary: z.record(z.string(), z.unknown()),
  rejected: z.string().nullable(),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;

export const ticketDetail = z.object({
  row: boardRow,
  /** Every clock, including earlier accept clocks and cadence cycles. */
  clocks: z.array(clockDto),
  timeline: z.array(timelineEntry),
  quarantined: z.array(z.object({ seq: z.number().int().nullable(), reason: z.string(), raw: z.string(), receivedAt: epochMs })),
  cause: z.string().nullable(),
  resolution: z.string().nullable(),
  description: z.string().nullable(),
  policyVersion: z.string(),
});
export type TicketDetail = z.infer<typeof ticketDetail>;

/**
 * A row's change since the delta that last carried it: its key and only the
 * fields that changed; `clocks`, when any changed, holds one entry per clock
 * of the row, each with only its changed fields (`{}` for an unchanged one),
 * and a clock the row gained after those whole.
 * A whole row was about 2.9 kB of JSON, built, validated, sent, parsed and
 * validated again for each event, where an event changes a handful of fields.
 */
export const boardRowPatch = boardRow.partial().extend({ key: z.string(), clocks: z.array(clockDto.partial()).optional() });
export type BoardRowPatch = z.infer<typeof boardRowPatch>;

export const boardDelta = z.object({
  at: epochMs,
  /** Whole rows: of tickets whose last row this delta's sender has not sent (new to the boards), or that lost clocks. */
  upserts: z.array(boardRow),
  /** Changes to rows the sender sent before (`patchedRow` in shared/board/patch.ts applies them). */
  patches: z.array(boardRowPatch),
  /** Keys of tickets that left every board (closed, or moved tier). */
  removes: z.array(z.string()),
});
export type BoardDelta = z.infer<typeof boardDelta>;

/**
 * The User Timing mark a board makes once a delta's rows are on screen, with
 * `detail: { keys }`: profilers and the screen bench (bench/screen.ts) follow
 * an event to the pixels by it.
 */
/** What an exported column's cells are (`board:export`). */
export const EXPORT_CELL_KINDS = ['text', 'number', 'datetime', 'minutes'] as const;
export type ExportCellKind = (typeof EXPORT_CELL_KINDS)[number];

export const BOARD_PAINTED_MARK = 'noc:board-painted';

/**
 * User Timing marks of a start, each made once, that bench/coldstart.ts reads: the core's in
 * Node's timeline (the cache open, a first board asked for and answered, every open ticket
 * folded), the renderer's in the page's (the boards' first rows in its store, their whole lists, then the
 * whole state of the alarms).
 */
export const START_MARKS = {
  cacheOpen: 'noc:cache-open',
  firstBoardAsked: 'noc:first-board-asked',
  firstBoardAnswered: 'noc:first-board-answered',
  ticketsFolded: 'noc:tickets-folded',
  firstRows: 'noc:first-rows',
  wholeBoards: 'noc:whole-boards',
  wholeAlarms: 'noc:whole-alarms',
} as const;

/**
 * The order a screen's first rows come in (`board:list` with `first`): the boards' (shared/board/urgency.ts), or the
 * wall's (shared/board/wall.ts), which leaves out a breach over an hour old (the wall counts those, never shows them).
 */
export const FIRST_ROWS_ORDERS = ['board', 'wall'] as const;
export type FirstRowsOrder = (typeof FIRST_ROWS_ORDERS)[number];

export const boardRequests = {
  /**
   * The board's rows; with `first`, only that many of the most urgent (the
   * order the boards open in), so a screen paints its first rows before the
   * whole list (10,000 rows) has been built, sent and validated. With
   * `after` too, one page of the whole list in key order (shared/board/page):
   * the `first` rows whose keys sort after it ('' for the first page), so the
   * list comes in pieces the renderer takes between frames.
   */
  'board:list': request(
    z.object({
      level: boardLevel,
      filter: boardFilter.optional(),
      first: z.number().int().positive().max(100_000).optional(),
      after: z.string().max(1_000).optional(),
      /** With `first` and no `after`: which rows come first (the boards' order when absent). */
      order: z.enum(FIRST_ROWS_ORDERS).optional(),
    }),
    boardSnapshot,
  ),
  'ticket:get': request(ticketKey, ticketDetail),
  /** Writes the view exactly as filtered and shown: the renderer sends the cells it displays. */
  'board:export': request(
    z.object({
      /** What the file holds, used in its name, e.g. 集团级故障. */
      title: z.string().min(1).max(60),
      format: z.enum(['csv', 'xlsx']),
      /**
       * What each column's cells are: words, a number, an instant (epoch ms; a
       * date cell of Shanghai time in a .xlsx) or a duration in minutes.
       */
      columns: z.array(z.object({ id: z.string(), header: z.string(), kind: z.enum(EXPORT_CELL_KINDS).optional() })).min(1).max(64),
      rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))).max(100_000),
      /** When the view was taken; names the file (Asia/Shanghai). */
      at: epochMs,
      /** The view's filter, written in words above a .xlsx table with who exported it and the policy version. */
      filter: boardFilter.optional(),
      /** The seat exporting: its operator is named above a .xlsx table (or said to be unset), in its language. */
      ...reporter.shape,
    }),
    z.object({ fileName: z.string(), mime: z.string(), base64: z.string() }),
  ),
};

export const boardPushes = {
  'board:delta': boardDelta,
};

import type { AlarmCursor, AlarmDelta, AlarmState, BoardDelta, BoardFilter, BoardLevel, FeedStatus, FirstReplies, FirstRowsOrder, RequestResult, Settings } from '../../../shared/contract';
import { DEFAULT_SETTINGS, FIRST_ROWS, START_MARKS } from '../../../shared/contract';
import { applyAlarmDelta, applyAlarmPage, mergeAlarmDeltas } from '../../../shared/alarms/delta';
import type { Bridge } from '../bridge';
import { BoardStore, type BoardMeta } from './boardStore';
import { SUMMARY_MS, summaryTicks, DeltaBatcher, displayFrames, mergeDeltas, type RequestFrame } from './frames';
import { ClientSettingsStore } from './clientSettings';
import { Observable, pacedUntilWhole, throttled } from './observable';
import { shareAlarm, shareRow } from './intern';

const INFO_REFRESH_MS = 15_000;

export type AppInfo = RequestResult<'app:info'>;

export interface ConnectionState {
  connected: boolean;
  feeds: FeedStatus | null;
  /** The last failure talking to main, shown until the next success. */
  error: string | null;
}

/** Everything the renderer knows, fed by the bridge: one instance per window. */
export interface ConsoleState {
  bridge: Bridge;
  boards: BoardStore;
  connection: Observable<ConnectionState>;
  /** The core's settings, shared by every seat (wall rotation, retention). */
  settings: Observable<Settings>;
  /** This seat's own settings (language, theme, operator, wall on boot), kept in the browser. */
  client: ClientSettingsStore;
  /** False until main has answered `settings:get`, so the UI does not flash defaults. */
  settingsLoaded: Observable<boolean>;
  info: Observable<AppInfo | null>;
  /** This console's alarms and silence, as main pushes them. */
  alarms: Observable<AlarmState>;
  /** Whether `alarms` holds the whole state: not while it comes in pages (at a start, after a reconnect). */
  alarmsWhole: Observable<boolean>;
  /** `alarms` as the views that look through every alarm follow it (the banner, its sound): at most every summary tick while its pages come. */
  alarmsView: Observable<AlarmState>;
  /** The boards' state as the views that look through every row follow it (counts, filter choices, alarms): at most every SUMMARY_MS. */
  boardSummary: Observable<BoardMeta>;
  /** The board the desk shows and its filter: alarms sound only for what passes it. */
  deskView: Observable<{ level: BoardLevel; filter: BoardFilter }>;
  /** A ticket to open in the desk's drawer (a notification or an alarm banner was clicked). */
  focusTicket: Observable<{ level: BoardLevel; key: string } | null>;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}


/**
 * Rows of each page of a board's whole list. What a page costs this thread is
 * mostly its bytes (2.6 kB a row: Chromium's receipt of the message, its
 * parse, its validation): pages of 500 rows held it in 41 tasks over 50 ms
 * while a cold start's 11,019 rows streamed in, the longest 214 ms, each a
 * click or a key held back; pages of 125 asked one ahead: 4 to 11 (zod's parse,
 * the receipt and the grid's transaction, 50-70 ms together); pages of 64: 1
 * to 3, the lists whole 4-8 % later (10.9 against 10.4 s; bench/coldstart.ts,
 * 10,000 open tickets, seven alternating pairs; the alarms' first AudioContext,
 * 160 ms, counted in both). Since then a page of 64 took 30-45 ms, and in 4 of
 * 10 cold starts one took 51-57 ms (each a group page's reply); pages of 48:
 * 1 of 10 (60 ms); pages of 40: none in 10, the lists whole in 7.45 s
 * instead of 6.75 (medians; each long task matched to the message it handled).
 */
const PAGE_ROWS = 40;

/**
 * Alarms of each page of the whole state: 0.4 kB of JSON each, so a page is
 * about 200 kB, as a board's is 325. In one message, a cold start's 45,000
 * alarms (10,000 breached tickets) held this thread in two tasks of 1.6 and
 * 0.95 s right after the boards were whole (bench/coldstart.ts).
 */
const ALARM_PAGE = 500;

/**
 * Pages one after another from `from`, each taken the moment it arrives, the
 * next asked for before this one is taken: the core builds it while this
 * thread takes this one. Replies come in order with the pushes, so each page
 * is taken after the deltas older than it. Resolves after the last page.
 */
function pagesFrom<Cursor, Page>(
  from: Cursor,
  ask: (from: Cursor) => Promise<Page>,
  nextOf: (page: Page) => Cursor | undefined,
  take: (page: Page, from: Cursor) => void,
): Promise<void> {
  return ask(from).then((page) => {
    const next = nextOf(page);
    const rest = next === undefined ? Promise.resolve() : pagesFrom(next, ask, nextOf, take);
    try {
      take(page, from);
    } catch (error) {
      // This failure is the one reported; the page already asked for adds nothing to it.
      rest.catch(() => undefined);
      throw error;
    }
    return rest;
  });
}

/**
 * Subscribes to every push first, then asks for snapshots, so nothing that
 * happens in between is lost; after a reconnect it asks again, and the store
 * turns the fresh snapshot into a transaction instead of a reload.
 */
export function startConsole(
  bridge: Bridge,
  {
    firstOrder = 'board',
    firstReplies = null,
    requestFrame = displayFrames(),
    summaryTick = summaryTicks(),
  }: {
    /** The order of the boards' first rows: the wall's for a window that starts on the wall (what it shows first). */
    firstOrder?: FirstRowsOrder;
    /** The first replies the page came with (shared/contract/first-paint): the store's state until its own arrive. */
    firstReplies?: FirstReplies | null;
    requestFrame?: RequestFrame;
    summaryTick?: RequestFrame;
  } = {},
): ConsoleState {
  const boards = new BoardStore(summaryTick);
  const heldAlarms = new Observable<AlarmState>({ at: 0, alarms: [], silence: null });
  const alarmsWhole = new Observable(false);
  const state: ConsoleState = {
    bridge,
    boards,
    connection: new Observable<ConnectionState>({ connected: bridge.shell === 'electron', feeds: null, error: null }),
    settings: new Observable<Settings>(DEFAULT_SETTINGS),
    client: new ClientSettingsStore(),
    settingsLoaded: new Observable(false),
    info: new Observable<AppInfo | null>(null),
    alarms: heldAlarms,
    alarmsWhole,
    alarmsView: pacedUntilWhole(heldAlarms, alarmsWhole, summaryTick),
    boardSummary: throttled(boards.meta, SUMMARY_MS),
    deskView: new Observable<{ level: BoardLevel; filter: BoardFilter }>({ level: 'group', filter: {} }),
    focusTicket: new Observable<{ level: BoardLevel; key: string } | null>(null),
  };
  const fail = (error: unknown) => state.connection.update((c) => ({ ...c, error: message(error) }));

  const deltas = new DeltaBatcher(requestFrame, (delta: BoardDelta) => state.boards.applyDelta(delta), mergeDeltas);
  bridge.on('board:delta', (delta) => {
    delta.upserts.forEach(shareRow);
    deltas.push(delta);
  });
  bridge.on('feed:status', (feeds) => state.connection.update((c) => ({ ...c, feeds })));
  bridge.on('settings:changed', (settings) => state.settings.set(settings));
  const alarmDeltas = new DeltaBatcher(summaryTick, (delta: AlarmDelta) => state.alarms.update((alarms) => applyAlarmDelta(alarms, delta)), mergeAlarmDeltas);
  bridge.on('alarm:changed', (delta) => {
    delta.changed.forEach(shareAlarm);
    alarmDeltas.push(delta);
  });

  const takeFirstRows = (snapshot: RequestResult<'board:list'>) => {
    snapshot.rows.forEach(shareRow);
    if (snapshot.rows.length < snapshot.total) state.boards.preview(snapshot.level, snapshot.rows, snapshot.at);
    else state.boards.replace(snapshot.level, snapshot.rows, snapshot.at);
  };
  if (firstReplies) {
    state.settings.set(firstReplies.settings);
    state.connection.update((c) => ({ ...c, feeds: firstReplies.feeds }));
    firstReplies.boards.forEach(takeFirstRows);
  }

  const load = async () => {
    try {
      // Each reply is taken the moment it arrives: replies come in order with
      // the pushes, so a delta after a list is applied after it, never undone
      // by it. The most urgent rows come first, what a screen shows before
      // anyone scrolls; then the whole lists, then the alarms (the whole state
      // can be tens of thousands: the boards do not wait for it).
      const others = Promise.all([
        bridge.invoke('settings:get', {}).then((settings) => {
          state.settings.set(settings);
          state.settingsLoaded.set(true);
        }),
        bridge.invoke('app:info', {}).then((info) => state.info.set(info)),
        bridge.invoke('feed:status', {}).then((feeds) => state.connection.update((c) => ({ ...c, feeds, error: null }))),
      ]);
      const previews = await Promise.all(
        (['group', 'province'] as const).map((level) =>
          bridge.invoke('board:list', { level, first: FIRST_ROWS, order: firstOrder }).then((snapshot) => {
            // Deltas that arrived before this reply are older than it: applied first, never after.
            deltas.flush();
            takeFirstRows(snapshot);
            return snapshot;
          }),
        ),
      );
      performance.mark(START_MARKS.firstRows);
      // The whole lists come in pages of a few hundred rows (pagesFrom). Taken whole, 10,000 rows held
      // this thread for seconds (receiving, validating, the grid's transaction).
      const wholeList = (level: BoardLevel) =>
        pagesFrom(
          '',
          (from) => bridge.invoke('board:list', { level, after: from, first: PAGE_ROWS }),
          (page) => page.next ?? undefined,
          (page, from) => {
            page.rows.forEach(shareRow);
            // Deltas that arrived before this page are older than it: applied first, never after.
            deltas.flush();
            state.boards.page(page.level, page.rows, from, page.next ?? null, page.at);
          },
        );
      // A frame first: the first rows are on screen before the pages start to arrive back to back.
      await new Promise<void>((painted) => requestFrame(() => setTimeout(painted, 0)));
      // The whole lists and the alarms stream in side by side, each page taken alone as it arrives: a
      // wall's alarms (what calls a person) do not wait for the 10,000 rows it does not show.
      const lists = (async () => {
        for (const snapshot of previews) if (snapshot.rows.length < snapshot.total) await wholeList(snapshot.level);
        performance.mark(START_MARKS.wholeBoards);
      })();
      // The alarms most pressing first: the banner has the first ones with the first page.
      state.alarmsWhole.set(false);
      const alarms = pagesFrom<AlarmCursor | null, RequestResult<'alarm:list'>>(
        null,
        (after) => bridge.invoke('alarm:list', { ...(after === null ? {} : { after }), first: ALARM_PAGE }),
        (page) => page.next ?? undefined,
        (page, after) => {
          page.alarms.forEach(shareAlarm);
          // Deltas older than the page are applied before it, never after.
          alarmDeltas.flush();
          state.alarms.update((held) => applyAlarmPage(held, page, after));
        },
      ).then(() => {
        state.alarmsWhole.set(true);
        performance.mark(START_MARKS.wholeAlarms);
      });
      await Promise.all([lists, alarms]);
      await others;
    } catch (error) {
      fail(error);
    }
  };

  // Problems (a refused policy edit) can appear while the console runs: ask again now and then.
  setInterval(() => {
    if (state.connection.get().connected) bridge.invoke('app:info', {}).then((info) => state.info.set(info), fail);
  }, INFO_REFRESH_MS);

  let wasConnected: boolean | null = null;
  bridge.onConnection((connected) => {
    state.connection.update((c) => ({ ...c, connected }));
    if (connected && wasConnected !== true) void load();
    wasConnected = connected;
  });
  return state;
}

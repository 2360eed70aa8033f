// The one core every shell serves: the cache, the ingest engine, the feeds (or
// the simulated province the shell hands it), the outbox, and the contract's handlers.
// Electron, web mode and tests all start it here, so they cannot disagree.
import { join } from 'node:path';
import { DEFAULT_SETTINGS, START_MARKS } from '../../shared/contract';
import { loadDefaultPolicy } from '../../shared/domain';
import { isFilterEmpty } from '../../shared/board/filter';
import { boardPage, boardRows, firstRows, mostUrgentRows } from './board/rows';
import { ticketDetail } from './board/detail';
import { BoardDeltas } from './board/deltas';
import { DeadlineScheduler } from './board/deadlines';
import { riskModelOf } from './risk/model';
import { riskDaily } from './risk/daily';
import { loadConfig, type SourceConfig } from './config';
import { createDispatcher, type CallContext, type Dispatch, type Handlers } from './dispatch';
import { exportBoardView } from './export/board-export';
import { FeedManager } from './feeds/manager';
import { chainTokenStores, EnvTokenStore, type TokenStore, type WritableTokenStore } from './feeds/tokens';
import { heatmapHandlers } from './heatmap/handlers';
import { Engine } from './ingest/engine';
import type { PdfPrinter } from './pdf';
import { loadPolicyFile } from './policy-file';
import { watchPolicyFile } from './policy-watch';
import { PushBus } from './push-bus';
import { reportHandlers } from './reports/handlers';
import { handoverHandlers } from './handover/handlers';
import { alarmHandlers } from './alarms/handlers';
import { AlarmService } from './alarms/service';
import { HandoverService } from './handover/service';
import { feedTransport } from './reports/sender';
import { ReportService } from './reports/service';
import { ReportTemplates } from './reports/templates';
import { machineConsoleName, SettingsStore } from './settings-store';
import type { SimulatedProvince, StartSimulatedProvince } from './feeds/simulated-province';
import type { ProtocolVersion } from '../../shared/protocol';
import { markStart } from './start-marks';
import { NODE_TIMERS, type Timers } from './timers';
import { Store, storageError } from './store/db';
import { privateDataDir } from './store/private-files';
import { sourceWrites } from './store/sources';
import { WriteBatch } from './store/statements';
import { APP_NAME, APP_VERSION } from './version';

/** Closed tickets past the retention setting are dropped at start and this often after. */
const RETENTION_INTERVAL_MS = 6 * 3600_000;

/**
 * How long a start leaves the open tickets unfolded unless a call needs them
 * sooner (a screen asks for its whole lists once its first rows are in). A screen loading
 * meanwhile has both cores: folded at once, 10,000 open tickets took one of the
 * two while Chromium loaded the page (its grid chunk came 0.8 s late) and the
 * first row was painted 3.05 s after the spawn (median of 3), against 2.58 s
 * with the fold held 3 s (bench/coldstart.ts, quiet machine).
 */
export const SCREENS_FIRST_MS = 3_000;

export interface CoreOptions {
  dataDir: string;
  shell: 'electron' | 'web';
  /**
   * Tokens typed on the Feeds page (Electron's safeStorage; tests pass an in-memory one).
   * Without it (web mode) `feed:set-token` refuses; config's env vars and 0600 files always count.
   */
  tokenStore?: WritableTokenStore;
  printer: PdfPrinter;
  /**
   * The simulated province, started when config.json names no source: the shells
   * pass electron/simulator's; seed and speed override config.json's.
   */
  simulator?: { start: StartSimulatedProvince; seed?: number; speed?: number; protocol?: ProtocolVersion };
  /** The wall clock; tests move it. */
  now?: () => number;
  /** better-sqlite3 built for Electron's ABI (scripts/electron-native.mjs). */
  sqliteBinding?: string;
  /** The bus the shell already forwards (startingConsoleCore); a new one when absent. */
  pushes?: PushBus;
  /** How long a start may leave the open tickets unfolded while no call needs them (SCREENS_FIRST_MS). */
  foldIdleMs?: number;
  /** The start's timers (foldIdleMs); tests drive them. */
  timers?: Timers;
}

export interface ConsoleCore {
  dispatch: Dispatch;
  pushes: PushBus;
  /** Problems found at start (a bad policy file, damaged settings), shown to the user. */
  problems: string[];
  /**
   * Resolves once every open ticket is folded and what acts on them (retention, deadlines, alarms,
   * the outbox's sender, the risk watch) has started; the first boards are answered before it.
   */
  started: Promise<void>;
  close(): Promise<void>;
}

/**
 * A core the shell can serve before it has started: calls wait for it, pushes
 * flow once it runs. The window or the web server comes up at once, so the
 * page loads its script while the cache opens instead of after it.
 */
export function startingConsoleCore(options: CoreOptions): { dispatch: Dispatch; pushes: PushBus; ready: Promise<ConsoleCore> } {
  const pushes = options.pushes ?? new PushBus();
  // Opening the cache holds the thread for a while: the shell binds its port or opens its window first.
  const ready = new Promise<void>((resolve) => setImmediate(resolve)).then(() => startConsoleCore({ ...options, pushes }));
  return { pushes, ready, dispatch: async (channel, args, context) => (await ready).dispatch(channel, args, context) };
}

export async function startConsoleCore(options: CoreOptions): Promise<ConsoleCore> {
  const now = options.now ?? (() => Date.now());
  privateDataDir(options.dataDir);
  const config = loadConfig(options.dataDir);
  const settings = new SettingsStore(join(options.dataDir, 'settings.json'), { ...DEFAULT_SETTINGS, consoleName: machineConsoleName() });
  const policyFile = config.policyFile ? loadPolicyFile(config.policyFile) : null;
  let policyProblems: readonly string[] = policyFile?.errors ?? [];
  const policy = policyFile?.policy ?? loadDefaultPolicy();
  // A damaged cache found once the console runs (store.checkInBackground, started below).
  let storeProblems: readonly string[] = [];
  const problems = () => [...settings.problems, ...policyProblems, ...storeProblems];

  // Checked in the background once started: quick_check reads every page, 100 s on a cache of 1,000,000 tickets.
  const store = Store.open(join(options.dataDir, 'cache.db'), { nativeBinding: options.sqliteBinding, check: false });
  markStart(START_MARKS.cacheOpen);
  // The province may drop a stale simulated history from the cache, so it starts before the engine loads.
  let simulator: SimulatedProvince | null = null;
  let sources: readonly SourceConfig[] = config.sources;
  let tokens = configuredTokens(config.sources, options.tokenStore);
  if (sources.length === 0 && options.simulator) {
    const { start, seed = config.simulator.seed, speed = config.simulator.speed, protocol = config.simulator.protocol } = options.simulator;
    const forgetSources = async (ids: readonly string[]) => {
      await store.write(sourceWrites.forget(new WriteBatch(), ids));
    };
    simulator = await start({ dataDir: options.dataDir, seed, speed, protocol, now, forgetSources });
    sources = simulator.sources;
    tokens = simulator.tokens;
  }
  // The open tickets fold in slices once something needs them (afterStart below: a screen's whole list, its
  // alarms), or after foldIdleMs: a screen's first board is answered from the stored projection meanwhile.
  const timers = options.timers ?? NODE_TIMERS;
  let needTickets = () => {};
  const ticketsNeeded = new Promise<void>((resolve) => (needTickets = resolve));
  const idleFold = timers.set(() => needTickets(), options.foldIdleMs ?? SCREENS_FIRST_MS);
  const engine = await Engine.starting(store, { policy, now }, ticketsNeeded);
  const feeds = new FeedManager({
    engine,
    sources,
    tokens,
    client: `${APP_NAME}/${APP_VERSION}`,
    now,
  });

  const pushes = options.pushes ?? new PushBus();
  const deltas = new BoardDeltas({ engine, now, publish: (delta) => pushes.publish('board:delta', delta) });
  const templates = new ReportTemplates();
  const reports = new ReportService({
    engine,
    transport: feedTransport(feeds),
    printer: options.printer,
    templates,
    now,
    consoleName: () => settings.get().consoleName,
    onChange: (entry) => pushes.publish('report:changed', entry),
    // The engine hears an acknowledgement as it hears an event: the ticket's clocks count it, its row is pushed.
    onAcknowledged: (entry) => {
      if (entry.ticketId !== null) engine.acknowledged({ source: entry.source, ticketId: entry.ticketId });
    },
  });

  const handovers = new HandoverService({
    engine,
    reports,
    printer: options.printer,
    templates,
    now,
    shifts: () => settings.get().shifts,
    consoleName: () => settings.get().consoleName,
    onChange: (entry) => pushes.publish('handover:changed', entry),
  });

  const alarms = new AlarmService({
    engine,
    reports,
    feeds,
    now,
    consoleName: () => settings.get().consoleName,
    onChange: (state) => pushes.publish('alarm:changed', state),
  });

  // Calls that act on the open tickets wait for the start below: every ticket folded, the services
  // started (a failed load, a damaged cache, is their error). The started promise is made below.
  // Asking for them ends a start's wait for a screen (SCREENS_FIRST_MS): a screen does once its first rows are in.
  const afterStart = () => {
    needTickets();
    return engine.loaded().then(() => started);
  };
  const handlers: Handlers = {
    'app:info': () => ({
      name: APP_NAME,
      version: APP_VERSION,
      shell: options.shell,
      policyVersion: engine.policy.version,
      now: now(),
      feedTokens: simulator ? 'simulated' : options.tokenStore ? 'typed' : 'config',
      problems: problems(),
    }),
    'board:list': async ({ level, filter, first, after, order = 'board' }) => {
      // While the open tickets are folded a screen's first rows come from the stored projection: nothing is
      // ingested until they are, so the store is the truth then. Once they are, memory is: the stored
      // projection trails it by the write unit still open (a first call then found 0 rows of 4).
      if (first !== undefined && after === undefined && isFilterEmpty(filter ?? {}) && !engine.isLoaded) {
        markStart(START_MARKS.firstBoardAsked);
        const at = now();
        const snapshot = { at, level, policyVersion: engine.policy.version, ...mostUrgentRows(engine, level, at, first, order) };
        markStart(START_MARKS.firstBoardAnswered);
        return snapshot;
      }
      if (after !== undefined) {
        if (!isFilterEmpty(filter ?? {})) throw new Error('a page of the whole list (board:list with after) takes no filter');
        await afterStart();
        const at = now();
        const page = boardPage(engine, level, at, after, first ?? Number.MAX_SAFE_INTEGER);
        deltas.listed(page.rows);
        return { at, level, policyVersion: engine.policy.version, ...page };
      }
      await afterStart();
      const at = now();
      const rows = boardRows(engine, level, at, filter);
      const shown = first === undefined ? rows : firstRows(rows, at, first, order);
      deltas.listed(shown);
      return { at, level, policyVersion: engine.policy.version, rows: shown, total: rows.length };
    },
    'ticket:get': (key) => ticketDetail(engine, key, now()),
    'board:export': (view) => exportBoardView(view, engine.policy.version),
    'feed:status': () => feeds.status(),
    'feed:quarantine': ({ sourceId, limit }) => store.read((reads) => reads.quarantine.latest(limit, sourceId)),
    'feed:set-token': ({ sourceId, token }) => {
      if (!options.tokenStore) throw new Error(`in ${options.shell} mode tokens come from config.json (tokenEnv or a 0600 tokenFile), not from the UI`);
      if (!config.sources.some((source) => source.id === sourceId)) throw new Error(`no configured source "${sourceId}"`);
      options.tokenStore.set(sourceId, token);
      // The typed-in store comes first in the chain: the source reconnects with this token now.
      feeds.reconnect(sourceId);
      return { stored: true, restartNeeded: false };
    },
    'settings:get': () => settings.get(),
    'settings:set': (patch) => {
      const next = settings.update(patch);
      pushes.publish('settings:changed', next);
      return next;
    },
    ...heatmapHandlers({ engine, now }),
    'risk:daily': (period) => riskDaily(store, engine.policy, period),
    ...gatedOn(afterStart, reportHandlers({ reports })),
    // A sheet lists the unacknowledged alarms from the alarm log: it waits for the first derivation's.
    ...gatedOn(() => afterStart().then(() => alarms.derived()), handoverHandlers({ handovers })),
    ...gatedOn(afterStart, alarmHandlers({ alarms, now })),
  };

  let replacingPolicy = Promise.resolve();
  const policyWatch = config.policyFile
    ? watchPolicyFile(
        config.policyFile,
        () => engine.policy,
        // One re-projection at a time; close() waits for the last.
        (next) => (replacingPolicy = replacingPolicy.then(() => engine.replacePolicy(next))),
        (found) => (policyProblems = found),
      )
    : null;
  const purgeExpired = () =>
    engine.purgeClosed(settings.get().retentionDays).catch((error: unknown) => console.warn(`retention: ${(error as Error).message}`));

  const stopFeedPushes = feeds.onChange((status) => pushes.publish('feed:status', status));
  const stopDeltas = engine.onChange((keys) => deltas.touch(keys));
  // A report of this console's outbox that the source echoed is acknowledged on disk: every seat sees it at once.
  const stopEchoes = engine.onEchoes((echoes) => {
    for (const entry of store.read((reads) => echoes.map((echo) => reads.outbox.get(echo.reportId)))) {
      if (entry) pushes.publish('report:changed', entry);
    }
    // A handover or its acknowledgement echoed (from any console): the Handover page shows it.
    handovers.echoed(echoes.map((echo) => echo.reportId));
  });
  const deadlines = new DeadlineScheduler(engine, (keys) => {
    deltas.touch(keys);
    alarms.touch(keys);
  });
  // The risk history loads in slices from the cache once the open tickets are folded and their alarms
  // derived: rows built meanwhile carry no risk (the first boards), then the watch below sends again those
  // that have one. Built on demand instead, it held the first board back by the whole history's load; its
  // slices begun at once shared the event loop with the folding and the page's first requests, and begun
  // with the alarms' first derivation they put the first alarm on screen 0.2-0.4 s later (bench/coldstart.ts).
  const risk = riskModelOf(engine);
  void risk.warmUp(
    NODE_TIMERS,
    engine.loaded().then(() => alarms.derived()),
  );
  let stopRiskWatch = () => {};
  let retention: ReturnType<typeof setInterval> | null = null;
  let closing = false;
  // What acts on the open tickets (the retention purge, deadlines, alarms, the outbox's sender and
  // the risk watch) starts once every one is folded, never on half of them; then one more turn of
  // the event loop, so the calls that waited for the core (a screen's first board) run first. With
  // 10,000 open tickets the purge's write, the deadlines' first evaluation (0.4 s) and the alarm log
  // (0.6 s) held the first board back (bench/coldstart.ts). Each starts in a turn of its own: in
  // one, the deadlines' first pass and the alarms' log held the loop 230-300 ms (a live event, a
  // screen's call waiting), the risk history's first pages aside (screen bench's cache, logged).
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const started = engine
    .loaded()
    .then(nextTurn)
    .then(
      async () => {
        markStart(START_MARKS.ticketsFolded);
        if (closing) return;
        void purgeExpired();
        retention = setInterval(() => void purgeExpired(), RETENTION_INTERVAL_MS);
        const services = [
          () => deadlines.start(),
          () => alarms.start(),
          () => reports.start(),
          // A quiet ticket's risk moves as its clock runs on: its row goes out again when the flag or the figure moves.
          () => (stopRiskWatch = risk.watch((keys) => deltas.touchHeld(keys))),
        ];
        for (const start of services) {
          await nextTurn();
          if (closing) return;
          start();
        }
      },
      // A damaged cache: every call that waits for the tickets says why.
      (error: unknown) => console.error(`the cache's open tickets did not load: ${(error as Error).message}`),
    );
  // The cache's pages are checked once the console has started, loaded or not: damage stops the
  // writer (every later write fails, naming the file) and is shown as a problem.
  void started.then(() => {
    if (!closing) store.checkInBackground().catch((error: unknown) => (storeProblems = [(error as Error).message]));
  });
  // Its events wait for the open tickets in the engine (Engine.ingest).
  feeds.start();

  return {
    dispatch: createDispatcher(handlers, (error) => storageError(store.file, error)),
    pushes,
    problems: problems(),
    started,
    async close() {
      closing = true;
      timers.clear(idleFold);
      needTickets();
      await started;
      if (retention) clearInterval(retention);
      policyWatch?.stop();
      await replacingPolicy;
      stopFeedPushes();
      stopDeltas();
      stopEchoes();
      deadlines.stop();
      stopRiskWatch();
      riskModelOf(engine).close();
      deltas.stop();
      await alarms.stop();
      await reports.stop();
      await feeds.stop();
      await simulator?.close();
      await options.printer.close();
      await engine.flushed();
      await store.close();
    },
  };
}

/**
 * Handlers that act on the open tickets, each made to wait for `ready` (all of
 * them in memory, the services started): a call in the first second of a start
 * waits, it never sees half.
 */
function gatedOn<C extends keyof Handlers>(ready: () => Promise<void>, handlers: Pick<Handlers, C>): Pick<Handlers, C> {
  const gated = {} as Record<string, (args: never, context: CallContext) => unknown>;
  for (const [channel, handler] of Object.entries(handlers) as [string, (args: never, context: CallContext) => unknown][]) {
    gated[channel] = async (args, context) => {
      await ready();
      return handler(args, context);
    };
  }
  return gated as unknown as Pick<Handlers, C>;
}

/** Safe storage first (Electron), then the env var or 0600 file config.json names, then NOC_TOKEN_<ID>. */
function configuredTokens(sources: readonly SourceConfig[], typedIn: TokenStore | undefined): TokenStore {
  const named: TokenStore = {
    get: (sourceId) => {
      const variable = sources.find((source) => source.id === sourceId)?.tokenEnv;
      return variable ? (process.env[variable] ?? null) : null;
    },
  };
  const files = Object.fromEntries(sources.flatMap((source) => (source.tokenFile ? [[source.id, source.tokenFile]] : [])));
  return chainTokenStores(...(typedIn ? [typedIn] : []), named, new EnvTokenStore(process.env, files));
}

// The simulated province as two live upstream sources: the group one-stop
// system and the provincial electronic operations system, each its own
// socket.io server (the protocol fixes the namespace, so a source is a port).
// Simulated time runs `speed` times the injected clock from `start`; events
// from `epoch` up to `start` are served as history at once, later ones as they come due.
import type { ProtocolVersion, SourceInfo } from '../../shared/protocol';
import type { DraftEvent, SourceRole } from './draft';
import type { GeneratorOptions } from './generator';
import { EventStream } from './generator';
import { openJournal } from './journal';
import type { FeedServer, FiledReport, MalformedKind, ReportRule } from './server';
import { startFeedServer } from './server';
import type { WallClock } from './time';
import { shanghaiMidnight } from '../../shared/time';
import { systemClock } from './time';

const DAY = 86_400_000;

export interface SimulatorOptions {
  /** The group source listens on `port`, the province source on `port + 1`; 0 (default) takes two free ports. */
  port?: number;
  host?: string;
  seed?: number;
  /** Simulated seconds per real second. */
  speed?: number;
  /** The real clock; simulated time derives from it. */
  clock?: WallClock;
  /** Simulated instant at the clock's first reading; defaults to that reading. */
  start?: number;
  /**
   * Where the generated history begins. The default, the Shanghai midnight a
   * day before `start`, keeps seqs and ids identical across restarts on the
   * same day, so a console resuming with `since` sees the same stream.
   */
  epoch?: number;
  tokens?: Partial<Record<SourceRole, string>>;
  heartbeatMs?: number;
  /** Real ms between pushes of due events; 0 leaves pushing to `pump()`. */
  tickMs?: number;
  generator?: Omit<GeneratorOptions, 'seed' | 'start'>;
  /** `1.1` (the default): reports echoed, claims taken, checks and urges answered; `1.0`: none of it. */
  protocol?: ProtocolVersion;
  /**
   * A file that keeps the sources' own 1.1 events and filed reports across restarts
   * (journal.ts), so a restarted province serves the same stream; without one a
   * restart forgets them.
   */
  journal?: string;
}

export interface SimulatedSource extends SourceInfo {
  role: SourceRole;
  /** `http://127.0.0.1:PORT`: connect with `io(url + '/noc', { auth: { token, client } })`. */
  url: string;
  token: string;
}

export type SimulatorFault =
  | { kind: 'refuse-tokens'; on: boolean }
  | { kind: 'drop-connections' }
  | { kind: 'duplicate'; on: boolean }
  | { kind: 'reorder'; on: boolean }
  | { kind: 'gap'; events: number }
  | { kind: 'malformed'; variant: MalformedKind }
  | { kind: 'refuse-reports'; rule: ReportRule | null };

export interface Simulator {
  readonly sources: readonly SimulatedSource[];
  server(role: SourceRole): FeedServer;
  simulatedNow(): number;
  /** Sends every event due by the simulated now, the replies to checks and urges included; returns how many. */
  pump(): number;
  /** Applies a fault to one source, or to both when `role` is omitted. */
  inject(fault: SimulatorFault, role?: SourceRole): void;
  reports(role: SourceRole): readonly FiledReport[];
  close(): Promise<void>;
}

export const SIMULATED_SOURCES: Readonly<Record<SourceRole, SourceInfo>> = {
  group: { id: 'sim-group-one-stop', name: '集团一站式故障处理系统（模拟）', level: 'group' },
  province: { id: 'sim-js-eom', name: '江苏电子运维系统（模拟）', level: 'province' },
};

const DEFAULT_TOKENS: Readonly<Record<SourceRole, string>> = { group: 'sim-group-token', province: 'sim-province-token' };
const ROLES: readonly SourceRole[] = ['group', 'province'];

function applyFault(server: FeedServer, fault: SimulatorFault): void {
  switch (fault.kind) {
    case 'refuse-tokens':
      server.faults.refuseTokens = fault.on;
      return;
    case 'drop-connections':
      server.dropConnections();
      return;
    case 'duplicate':
      server.faults.duplicate = fault.on;
      return;
    case 'reorder':
      server.faults.reorder = fault.on;
      return;
    case 'gap':
      server.skipLive(fault.events);
      return;
    case 'malformed':
      server.appendMalformed(fault.variant);
      return;
    case 'refuse-reports':
      server.faults.reportRule = fault.rule;
      return;
  }
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const clock = options.clock ?? systemClock;
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be a positive number, got ${speed}`);
  const realStart = clock.now();
  const start = options.start ?? realStart;
  const epoch = options.epoch ?? shanghaiMidnight(start) - DAY;
  const simulatedClock: WallClock = { now: () => start + (clock.now() - realStart) * speed };
  const seed = options.seed ?? 1;
  const stream = new EventStream({ ...options.generator, seed, start: epoch });
  const memory = options.journal === undefined ? null : openJournal(options.journal, { seed, epoch });

  const servers = {} as Record<SourceRole, FeedServer>;
  const port = options.port ?? 0;
  try {
    for (const [index, role] of ROLES.entries()) {
      servers[role] = await startFeedServer({
        source: SIMULATED_SOURCES[role],
        token: options.tokens?.[role] ?? DEFAULT_TOKENS[role],
        port: port === 0 ? 0 : port + index,
        host: options.host,
        clock: simulatedClock,
        heartbeatMs: options.heartbeatMs,
        protocol: options.protocol,
        // The simulated clock is the source's: reply delays run in it as they are.
        replies: { seed: seed + index, pace: 1 },
        memory: memory?.(role),
      });
    }
  } catch (error) {
    await Promise.all(Object.values(servers).map((server) => server.close()));
    throw error;
  }

  const due: Record<SourceRole, DraftEvent[]> = { group: [], province: [] };
  function pump(): number {
    let count = stream.drain(simulatedClock.now(), (event, role) => due[role].push(event));
    for (const role of ROLES) {
      if (due[role].length > 0) servers[role].append(due[role]);
      due[role] = [];
      // After the ticket's own events, so a reply reads the ticket as it stands now.
      count += servers[role].releaseReplies();
    }
    return count;
  }
  pump();
  const tickMs = options.tickMs ?? 200;
  const timer = tickMs > 0 ? setInterval(pump, tickMs) : null;

  return {
    sources: ROLES.map((role) => ({ ...SIMULATED_SOURCES[role], role, url: servers[role].url, token: servers[role].token })),
    server: (role) => servers[role],
    simulatedNow: () => simulatedClock.now(),
    pump,
    inject(fault, role) {
      for (const target of role === undefined ? ROLES : [role]) applyFault(servers[target], fault);
    },
    reports: (role) => servers[role].reports(),
    async close() {
      if (timer !== null) clearInterval(timer);
      await Promise.all(ROLES.map((role) => servers[role].close()));
    },
  };
}

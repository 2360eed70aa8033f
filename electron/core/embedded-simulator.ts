import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProtocolVersion } from '../../shared/protocol';
import { startSimulator, type Simulator } from '../simulator';
import type { SourceConfig } from './config';
import type { TokenStore } from './feeds/tokens';
import type { Store } from './store/db';
import { sourceWrites } from './store/sources';
import { WriteBatch } from './store/statements';

export interface EmbeddedSimulator {
  sources: (SourceConfig & { id: string })[];
  tokens: TokenStore;
  simulator: Simulator;
  close(): Promise<void>;
}

const DAY = 86_400_000;
/** History older than this is not replayed: a fresh simulated province starts instead. */
const MAX_HISTORY_DAYS = 7;

/**
 * The simulated province started in-process when no upstream is configured.
 * Its epoch is kept in the data directory so a restart serves the identical
 * stream and the console resumes with its `since`; after a week the
 * simulated history is dropped from the cache and a new province begins.
 */
export async function embeddedSimulator(options: {
  dataDir: string;
  store: Store;
  seed?: number;
  speed?: number;
  /** 1.1 unless told: the simulated province echoes reports, takes claims and answers checks. */
  protocol?: ProtocolVersion;
  now?: () => number;
}): Promise<EmbeddedSimulator> {
  const now = options.now ?? (() => Date.now());
  const seed = options.seed ?? 20261122;
  const stateFile = join(options.dataDir, 'simulator.json');
  const stored = existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as { seed: number; epoch: number }) : null;
  let epoch = stored && stored.seed === seed && now() - stored.epoch < MAX_HISTORY_DAYS * DAY ? stored.epoch : null;
  if (epoch === null) {
    // A new simulated province renumbers its streams: the old one's rows must not linger.
    const forget = new WriteBatch();
    sourceWrites.forgetByPrefix(forget, 'sim-');
    await options.store.write(forget);
    epoch = now() - DAY;
    writeFileSync(stateFile, JSON.stringify({ seed, epoch }));
  }
  const simulator = await startSimulator({
    host: '127.0.0.1',
    port: 0,
    seed,
    speed: options.speed ?? 1,
    epoch,
    protocol: options.protocol,
    // The province's own echoes, claims and replies, so a restart serves the stream the cache holds.
    journal: join(options.dataDir, 'simulator-journal.jsonl'),
  });
  const tokenById = new Map(simulator.sources.map((source) => [source.id, source.token]));
  return {
    sources: simulator.sources.map((source) => ({ id: source.id, name: source.name, url: source.url, level: source.level })),
    tokens: { get: (sourceId) => tokenById.get(sourceId) ?? null },
    simulator,
    close: () => simulator.close(),
  };
}

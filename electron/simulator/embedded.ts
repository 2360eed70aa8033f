// The simulated province as the console's default upstream. The shells start
// it (through this function, handed to the core) when config.json names no
// source. Its epoch is kept in the data directory so a restart serves the
// identical stream and the console resumes with its `since`; after a week a
// new province begins, and the console forgets the old one's rows first. It matches the core's SimulatedProvince by shape: the
// simulator imports nothing of the console.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProtocolVersion, SourceInfo } from '../../shared/protocol';
import { SIMULATED_SOURCES, startSimulator, type Simulator } from './simulator';

export interface EmbeddedProvince {
  sources: (SourceInfo & { url: string })[];
  tokens: { get(sourceId: string): string | null };
  /** The running simulator, for tests that make it misbehave or read what it was sent. */
  simulator: Simulator;
  close(): Promise<void>;
}

const DAY = 86_400_000;
/** History older than this is not replayed: a fresh simulated province starts instead. */
const MAX_HISTORY_DAYS = 7;

export interface EmbeddedProvinceRequest {
  dataDir: string;
  seed: number;
  speed: number;
  now: () => number;
  /** 1.1 unless told: the simulated province echoes reports, takes claims and answers checks. */
  protocol?: ProtocolVersion;
  /** The console forgets what it holds of these sources (the old history). */
  forgetSources(sourceIds: readonly string[]): Promise<void>;
}

export async function startEmbeddedProvince(request: EmbeddedProvinceRequest): Promise<EmbeddedProvince> {
  const { dataDir, seed, speed, now } = request;
  const stateFile = join(dataDir, 'simulator.json');
  const stored = existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as { seed: number; epoch: number }) : null;
  const resumed = stored !== null && stored.seed === seed && now() - stored.epoch < MAX_HISTORY_DAYS * DAY;
  const epoch = resumed ? stored.epoch : now() - DAY;
  if (!resumed) {
    // A new province renumbers its streams: the old one's rows must not linger under the new seqs.
    await request.forgetSources(Object.values(SIMULATED_SOURCES).map((source) => source.id));
    writeFileSync(stateFile, JSON.stringify({ seed, epoch }));
  }
  const simulator = await startSimulator({
    host: '127.0.0.1',
    port: 0,
    seed,
    speed,
    epoch,
    protocol: request.protocol,
    // The province's own echoes, claims and replies, so a restart serves the stream the cache holds.
    journal: join(dataDir, 'simulator-journal.jsonl'),
  });
  const tokenById = new Map(simulator.sources.map((source) => [source.id, source.token]));
  return {
    sources: simulator.sources.map((source) => ({ id: source.id, name: source.name, url: source.url, level: source.level })),
    tokens: { get: (sourceId) => tokenById.get(sourceId) ?? null },
    simulator,
    close: () => simulator.close(),
  };
}

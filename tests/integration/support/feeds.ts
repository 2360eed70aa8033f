// The feeds' test rig: a cache on a real SQLite file, the engine over it, an
// upstream server on 127.0.0.1 (the simulator's or a hostile one), and the
// console's FeedSource against it, all closed after each test, last first.
import { afterEach, beforeEach } from 'vitest';
import { FeedSource, type FeedSourceOptions } from '../../../electron/core/feeds/source';
import { Engine, type EngineOptions } from '../../../electron/core/ingest/engine';
import type { Store } from '../../../electron/core/store/db';
import type { RawDraft } from '../../../electron/simulator/server';
import type { FeedEvent } from '../../../shared/protocol';
import { openTemp, policy, snapshot, SOURCE, START, tempDir } from './cache';

/** The events as a server appends them: it numbers them itself. */
export function drafts(events: readonly FeedEvent[]): RawDraft[] {
  return events.map(({ seq: _seq, ...rest }) => rest);
}

/** Polls until `predicate` holds; fails with `what` after `timeoutMs` (generous: a limit for hangs, not a speed target). */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The engine's clock in the feeds' tests: five days after the generated history starts. */
export const FEED_NOW = START + 5 * 86_400_000;

interface Upstream {
  readonly url: string;
  close(): Promise<void>;
}

export interface FeedRigOptions<S extends Upstream> {
  /** The temp folder's prefix. */
  name: string;
  token: string;
  /** The upstream each test starts with (closed after it). */
  server(): Promise<S>;
  /** Engine options beyond the policy and the clock (e.g. sliceSize). */
  engine?: Partial<Omit<EngineOptions, 'policy' | 'now'>>;
  /** The feed's reconnect backoff: short, so a test waits on reconnects, not on timers. */
  backoff?: FeedSourceOptions['backoff'];
}

export interface FeedRig<S extends Upstream> {
  dir: ReturnType<typeof tempDir>;
  cache: Store;
  engine: Engine;
  /** The upstream; a test that restarts it assigns the new one (and closes it with `closing`). */
  server: S;
  /** Runs `close` after the test, before what was registered earlier. */
  closing(close: () => Promise<void>): void;
  /** A FeedSource of SOURCE on the server (or `overrides.config`), stopped after the test. */
  feed(overrides?: Partial<FeedSourceOptions>): FeedSource;
  /** Each error the feed's health reports, once per change. */
  errorsOf(source: FeedSource): string[];
  /** The cache a clean, in-process ingest of `stream` produces (compared with what the feed left). */
  referenceSnapshot(stream: readonly unknown[]): Promise<ReturnType<typeof snapshot>>;
}

/** Registers the rig's beforeEach and afterEach in the calling describe; its fields are set for each test. */
export function feedRig<S extends Upstream>(options: FeedRigOptions<S>): FeedRig<S> {
  const closers: (() => Promise<void>)[] = [];
  const rig = {
    closing: (close: () => Promise<void>) => void closers.push(close),
    feed(overrides: Partial<FeedSourceOptions> = {}) {
      const source = new FeedSource({
        engine: rig.engine,
        config: { url: rig.server.url, id: SOURCE.id },
        token: options.token,
        client: 'noc-test/1',
        now: () => Date.now(),
        backoff: options.backoff ?? { initialMs: 20, maxMs: 200 },
        ...overrides,
      });
      closers.push(() => source.stop());
      return source;
    },
    errorsOf(source: FeedSource) {
      const errors: string[] = [];
      source.onHealth((health) => {
        if (health.lastError !== null && errors.at(-1) !== health.lastError) errors.push(health.lastError);
      });
      return errors;
    },
    async referenceSnapshot(stream: readonly unknown[]) {
      const clean = openTemp(rig.dir, 'clean.db');
      const reference = await Engine.open(clean, { policy, now: () => FEED_NOW });
      reference.registerSource(SOURCE, rig.server.url);
      await reference.ingest(SOURCE.id, stream);
      await reference.flushed();
      const result = snapshot(clean);
      await clean.close();
      return result;
    },
  } as FeedRig<S>;

  beforeEach(async () => {
    rig.dir = tempDir(options.name);
    rig.cache = openTemp(rig.dir);
    rig.engine = await Engine.open(rig.cache, { policy, now: () => FEED_NOW, ...options.engine });
    rig.server = await options.server();
    closers.push(() => rig.server.close());
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await rig.engine.flushed();
    await rig.cache.close();
    rig.dir.remove();
  });
  return rig;
}

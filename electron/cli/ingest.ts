// `noc ingest` and `noc rebuild`: the cache's writers on the command line.
import { Store } from '../core/store/db';
import { Engine } from '../core/ingest/engine';
import { FeedSource } from '../core/feeds/source';
import { readTokenFile } from '../core/feeds/tokens';
import { duration, formatDuration, policyFrom, required, UsageError } from './options';

export const CLIENT = 'noc-cli/0.1.0';

export interface IngestArgs {
  source?: string;
  'token-file'?: string;
  db?: string;
  'until-caught-up'?: boolean;
  'give-up-after'?: string;
  policy?: string;
}

/** How long a catch-up goes on without applying anything before it gives up. */
export const GIVE_UP_AFTER_MS = 5 * 60_000;

export function tokenOf(args: IngestArgs, env: NodeJS.ProcessEnv): string {
  if (args['token-file'] !== undefined) return readTokenFile(args['token-file']);
  if (env.NOC_TOKEN) return env.NOC_TOKEN;
  throw new UsageError('missing --token-file (or the NOC_TOKEN environment variable)');
}

/**
 * Resolves once the feed is caught up; rejects at once when it stops (unauthorized), and
 * when nothing was applied for `giveUpAfterMs`, naming the last error. Drops in between
 * are the feed's to ride out: it reconnects with back-off and resumes from its since. The
 * clock starts at the first connection's outcome (connected, or an error): starting the
 * feed's worker thread is not the source's silence (seconds from source under tsx on a
 * loaded machine; the connection itself times out after 20 s).
 */
export function caughtUp(feed: FeedSource, giveUpAfterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let applied = feed.health().appliedSeq;
    let lastError: string | null = null;
    const giveUp = () => {
      finish();
      reject(new Error(`${feed.health().name}: no progress for ${formatDuration(giveUpAfterMs)}; last error: ${lastError ?? 'none (connected, but no events came)'}`));
    };
    let timer: NodeJS.Timeout | null = null;
    const restart = () => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(giveUp, giveUpAfterMs);
    };
    const stopWatching = feed.onHealth((health) => {
      lastError = health.lastError ?? lastError;
      if (timer === null && (health.state === 'connected' || health.lastError !== null)) restart();
      if (health.appliedSeq <= applied) return;
      applied = health.appliedSeq;
      restart();
    });
    const finish = () => {
      if (timer !== null) clearTimeout(timer);
      stopWatching();
    };
    feed.whenCaughtUp().then(
      () => {
        finish();
        resolve();
      },
      (error: unknown) => {
        finish();
        reject(error);
      },
    );
  });
}

/** Resolves when caught up (with --until-caught-up) or when `stopSignal` fires. */
export async function ingest(args: IngestArgs, env: NodeJS.ProcessEnv, stopSignal: Promise<void>, log: (line: string) => void): Promise<void> {
  const url = required(args.source, '--source');
  const token = tokenOf(args, env);
  const giveUpAfterMs = duration(args['give-up-after'], '--give-up-after', GIVE_UP_AFTER_MS);
  const store = Store.open(required(args.db, '--db'));
  try {
    const engine = await Engine.open(store, { policy: policyFrom(args.policy), now: () => Date.now() });
    const feed = new FeedSource({
      engine,
      config: { url },
      token,
      client: CLIENT,
      now: () => Date.now(),
      stopOnUnauthorized: args['until-caught-up'] === true,
    });
    feed.start();
    try {
      if (args['until-caught-up']) await caughtUp(feed, giveUpAfterMs);
      else await stopSignal;
    } finally {
      await feed.stop();
      // Everything applied is on disk before the cache closes.
      await engine.flushed();
    }
    const health = feed.health();
    log(`${health.name}: applied up to seq ${health.appliedSeq}, ${health.quarantined} quarantined`);
  } finally {
    await store.close();
  }
}

export async function rebuild(args: { db?: string; policy?: string }, log: (line: string) => void): Promise<void> {
  const store = Store.open(required(args.db, '--db'));
  try {
    const { tickets } = await Engine.rebuilt(store, { policy: policyFrom(args.policy), now: () => Date.now() });
    log(`rebuilt ${tickets} tickets`);
  } finally {
    await store.close();
  }
}

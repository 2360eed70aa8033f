// `noc ingest` and `noc rebuild`: the cache's writers on the command line.
import { Store } from '../core/store/db';
import { Engine } from '../core/ingest/engine';
import { FeedSource } from '../core/feeds/source';
import { readTokenFile } from '../core/feeds/tokens';
import { policyFrom, required, UsageError } from './options';

export const CLIENT = 'noc-cli/0.1.0';

export interface IngestArgs {
  source?: string;
  'token-file'?: string;
  db?: string;
  'until-caught-up'?: boolean;
  policy?: string;
}

function tokenOf(args: IngestArgs, env: NodeJS.ProcessEnv): string {
  if (args['token-file'] !== undefined) return readTokenFile(args['token-file']);
  if (env.NOC_TOKEN) return env.NOC_TOKEN;
  throw new UsageError('missing --token-file (or the NOC_TOKEN environment variable)');
}

/** Resolves when caught up (with --until-caught-up) or when `stopSignal` fires. */
export async function ingest(args: IngestArgs, env: NodeJS.ProcessEnv, stopSignal: Promise<void>, log: (line: string) => void): Promise<void> {
  const url = required(args.source, '--source');
  const token = tokenOf(args, env);
  const store = Store.open(required(args.db, '--db'));
  try {
    const engine = await Engine.open(store, { policy: policyFrom(args.policy), now: () => Date.now() });
    const feed = new FeedSource({
      engine,
      config: { url },
      token,
      client: CLIENT,
      now: () => Date.now(),
      failFast: args['until-caught-up'] === true,
    });
    feed.start();
    try {
      if (args['until-caught-up']) await feed.whenCaughtUp();
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

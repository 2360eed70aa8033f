// A token typed in while the console runs takes effect at once: the source
// reconnects with it (no restart), and a source that could not start for want
// of a token starts. Real socket.io servers on 127.0.0.1 that require a token.
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../../electron/simulator/server';
import { Engine } from '../../../electron/core/ingest/engine';
import { FeedManager } from '../../../electron/core/feeds/manager';
import { chainTokenStores, EnvTokenStore, tokenEnvName, type WritableTokenStore } from '../../../electron/core/feeds/tokens';
import { startConsoleCore, type ConsoleCore } from '../../../electron/core/console-core';
import { chromiumPdfPrinter } from '../../../electron/core/pdf';
import type { Store } from '../../../electron/core/store/db';
import { FEED_NO_TOKEN, type FeedHealth, type FeedStatus } from '../../../shared/contract';
import { generatedEvents, openTemp, policy, SOURCE, START, tempDir, sqlValue } from '../support/cache';
import { drafts, waitFor } from '../support/feeds';

const NOW = START + 5 * 86_400_000;
const RIGHT = 'right-token';
const OTHER = { id: 'src-b', name: 'Source B', level: 'group' as const };
const events = generatedEvents(60);

/** What Electron's safeStorage store is to the core, in memory. */
function memoryStore(): WritableTokenStore & { tokens: Map<string, string> } {
  const tokens = new Map<string, string>();
  return { tokens, get: (id) => tokens.get(id) ?? null, set: (id, token) => void tokens.set(id, token) };
}

describe('a token set while the console runs', () => {
  let dir: ReturnType<typeof tempDir>;
  let cache: Store;
  let engine: Engine;
  let server: FeedServer;
  let other: FeedServer;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    dir = tempDir('set-token');
    cache = openTemp(dir);
    engine = await Engine.open(cache, { policy, now: () => NOW });
    server = await startFeedServer({ source: SOURCE, token: RIGHT, maxBatch: 50 });
    other = await startFeedServer({ source: OTHER, token: RIGHT });
    closers.push(() => server.close(), () => other.close());
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await engine.flushed();
    await cache.close();
    dir.remove();
  });

  /** The chain the core builds: typed-in tokens first, then the environment. */
  function manager(typed: WritableTokenStore, env: NodeJS.ProcessEnv): FeedManager {
    const feeds = new FeedManager({
      engine,
      sources: [
        { id: SOURCE.id, url: server.url },
        { id: OTHER.id, url: other.url },
      ],
      tokens: chainTokenStores(typed, new EnvTokenStore(env)),
      client: 'noc-test/1',
      now: () => Date.now(),
      backoff: { initialMs: 50, maxMs: 200 },
      // The default floor after `unauthorized` (30 s) stays: the reconnect must not wait for it.
    });
    closers.push(() => feeds.stop());
    return feeds;
  }

  const health = (feeds: FeedManager, id: string): FeedHealth => feeds.status().sources.find((s) => s.sourceId === id)!;
  const storedEvents = () => sqlValue<number>(cache, 'SELECT COUNT(*) FROM events WHERE source = ?', SOURCE.id);

  it('turns an unauthorized source connected with the right token, without touching the others', async () => {
    server.append(drafts(events.slice(0, 40)));
    const typed = memoryStore();
    const feeds = manager(typed, { [tokenEnvName(SOURCE.id)]: 'wrong-token', [tokenEnvName(OTHER.id)]: RIGHT });
    const seen: FeedStatus[] = [];
    feeds.onChange((status) => seen.push(status));
    feeds.start();
    await waitFor(() => health(feeds, SOURCE.id).state === 'unauthorized' && health(feeds, OTHER.id).state === 'connected', 'the refusal');
    const refused = health(feeds, SOURCE.id);
    expect(refused).toMatchObject({ lastError: 'unauthorized', appliedSeq: 0 });
    expect(refused.nextRetryAt).toBeGreaterThan(Date.now() + 20_000);
    expect(storedEvents()).toBe(0);

    typed.set(SOURCE.id, RIGHT);
    seen.length = 0;
    feeds.reconnect(SOURCE.id);
    // At once: the pending retry is dropped and a connection starts now, not at the back-off's end.
    expect(health(feeds, SOURCE.id)).toMatchObject({ state: 'connecting', nextRetryAt: null });
    await waitFor(() => health(feeds, SOURCE.id).appliedSeq === 40, 'the backlog after the new token', 60_000);
    expect(health(feeds, SOURCE.id)).toMatchObject({ state: 'connected', lastError: null, nextRetryAt: null, lag: 0 });
    expect(storedEvents()).toBe(40);

    // Live events follow on the same connection, and the other source never dropped.
    server.append(drafts(events.slice(40)));
    await waitFor(() => health(feeds, SOURCE.id).appliedSeq === events.length, 'live events');
    expect(storedEvents()).toBe(events.length);
    expect(seen.every((status) => status.sources.find((s) => s.sourceId === OTHER.id)!.state === 'connected')).toBe(true);
    expect(server.connectedClients()).toBe(1);
    expect(other.connectedClients()).toBe(1);
    expect(feeds.status().staleSince).toBeNull();
  });

  it('starts a source that was blocked for want of a token, in its configured place', async () => {
    server.append(drafts(events.slice(0, 30)));
    const typed = memoryStore();
    const feeds = manager(typed, { [tokenEnvName(OTHER.id)]: RIGHT });
    feeds.start();
    await waitFor(() => health(feeds, OTHER.id).state === 'connected', 'the other source');
    expect(health(feeds, SOURCE.id)).toMatchObject({ state: 'disconnected', lastError: FEED_NO_TOKEN });
    expect(server.connectedClients()).toBe(0);

    // Still no token: refused without a connection attempt, the source stays blocked.
    expect(() => feeds.reconnect(SOURCE.id)).toThrow(`${SOURCE.id}: ${FEED_NO_TOKEN}`);
    expect(() => feeds.reconnect('not-configured')).toThrow('no configured source "not-configured"');
    expect(health(feeds, SOURCE.id).lastError).toBe(FEED_NO_TOKEN);

    typed.set(SOURCE.id, RIGHT);
    feeds.reconnect(SOURCE.id);
    await waitFor(() => health(feeds, SOURCE.id).appliedSeq === 30, 'the backlog of the late source', 60_000);
    expect(health(feeds, SOURCE.id)).toMatchObject({ state: 'connected', lastError: null, name: SOURCE.name });
    expect(storedEvents()).toBe(30);
    expect(feeds.status().sources.map((s) => s.sourceId)).toEqual([SOURCE.id, OTHER.id]);

    // A second save reconnects the running feed rather than starting another one.
    feeds.reconnect(SOURCE.id);
    server.append(drafts(events.slice(30)));
    await waitFor(() => health(feeds, SOURCE.id).appliedSeq === events.length, 'live events after a second save');
    expect(server.connectedClients()).toBe(1);
    expect(feeds.status().sources).toHaveLength(2);
  });
});

describe('feed:set-token through the core', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: FeedServer;
  let core: ConsoleCore | null = null;

  beforeEach(async () => {
    dir = tempDir('set-token-core');
    server = await startFeedServer({ source: SOURCE, token: RIGHT });
    server.append(drafts(events.slice(0, 20)));
    writeFileSync(dir.file('config.json'), JSON.stringify({ sources: [{ id: SOURCE.id, name: SOURCE.name, url: server.url }] }));
  });
  afterEach(async () => {
    await core?.close();
    core = null;
    await server.close();
    dir.remove();
  });

  const call = (channel: string, args: unknown) => core!.dispatch(channel, args, { caller: 'test' });
  const source = async () => ((await call('feed:status', {})) as FeedStatus).sources[0]!;

  it('stores the token and starts the source at once: no restart needed', async () => {
    const typed = memoryStore();
    core = await startConsoleCore({ dataDir: dir.dir, shell: 'electron', tokenStore: typed, printer: chromiumPdfPrinter() });
    expect(await call('app:info', {})).toMatchObject({ feedTokens: 'typed' });
    expect(await source()).toMatchObject({ state: 'disconnected', lastError: FEED_NO_TOKEN });

    expect(await call('feed:set-token', { sourceId: SOURCE.id, token: RIGHT })).toEqual({ stored: true, restartNeeded: false });
    expect(typed.tokens.get(SOURCE.id)).toBe(RIGHT);
    let last: FeedHealth | null = null;
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !((last = await source()).state === 'connected' && last.appliedSeq === 20)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(last).toMatchObject({ state: 'connected', appliedSeq: 20, lastError: null });

    const error = await call('feed:set-token', { sourceId: 'elsewhere', token: RIGHT }).catch((e: Error) => e);
    expect((error as Error).message).toBe('feed:set-token: no configured source "elsewhere"');
  });

  it('refuses in web mode, where tokens come from config.json, and says so in app:info', async () => {
    core = await startConsoleCore({ dataDir: dir.dir, shell: 'web', printer: chromiumPdfPrinter() });
    expect(await call('app:info', {})).toMatchObject({ shell: 'web', feedTokens: 'config' });
    const error = await call('feed:set-token', { sourceId: SOURCE.id, token: 'typed-secret' }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/in web mode tokens come from config\.json \(tokenEnv or a 0600 tokenFile\)/);
    expect((error as Error).message).not.toContain('typed-secret');
    expect(await source()).toMatchObject({ state: 'disconnected', lastError: FEED_NO_TOKEN });
  });
});

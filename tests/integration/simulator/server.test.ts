import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFeedEvent, reportAck } from '../../../shared/protocol';
import type { UpwardReport } from '../../../shared/protocol';
import type { DraftEvent } from '../../../electron/simulator/draft';
import { generateTickets } from '../../../electron/simulator/generator';
import type { FeedServer } from '../../../electron/simulator/server';
import { startFeedServer } from '../../../electron/simulator/server';
import type { FeedClient } from './feed-client';
import { ManualClock, connectFeed, handshakeError, range, seqs } from './feed-client';

const START = Date.parse('2026-11-22T08:00:00+08:00');
const SOURCE = { id: 'test-source', name: '测试源', level: 'province' } as const;
const TOKEN = 'secret';
const DRAFTS: DraftEvent[] = generateTickets({ seed: 3, start: START, count: 60 }).flatMap((ticket) => ticket.events);

function report(id: string): UpwardReport {
  return {
    id,
    ticketId: 'JS-NJ-20261122-0001',
    kind: 'progress',
    audience: 'group',
    createdAt: '2026-11-22T10:01:00+08:00',
    title: '进展通报',
    body: '抢修中',
  };
}

let server: FeedServer;
const clients: FeedClient[] = [];

async function client(): Promise<FeedClient> {
  const connected = await connectFeed(server.url, TOKEN);
  clients.push(connected);
  return connected;
}

beforeEach(async () => {
  server = await startFeedServer({ source: SOURCE, token: TOKEN, clock: new ManualClock(START), heartbeatMs: 20, maxBatch: 100 });
  server.append(DRAFTS.slice(0, 250));
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.close();
});

describe('subscription', () => {
  it('acknowledges with the source and head, then sends the backlog in order without gaps in batches of at most maxBatch', async () => {
    const c = await client();
    const ack = await c.subscribe(0);
    expect(ack).toEqual({
      source: SOURCE,
      headSeq: 250,
      serverTime: '2026-11-22T08:00:00+08:00',
      protocol: '1.1',
      features: ['report-echo', 'claims', 'replies'],
    });
    await c.until(() => c.events().length >= 250, 'the backlog');
    expect(seqs(c.events())).toEqual(range(1, 250));
    expect(c.batches.map((batch) => batch.length)).toEqual([100, 100, 50]);
    expect(c.events().map((event) => event.id)).toEqual(DRAFTS.slice(0, 250).map((draft) => draft.id));
    for (const event of c.events()) expect(parseFeedEvent(event).ok).toBe(true);
  });

  it('resumes after `since`, then streams live appends', async () => {
    const c = await client();
    await c.subscribe(240);
    server.append(DRAFTS.slice(250, 255));
    await c.until(() => c.events().length >= 15, 'backlog and live events');
    expect(seqs(c.events())).toEqual(range(241, 255));
  });

  it('sends heartbeats with the head seq and server time', async () => {
    const c = await client();
    await c.until(() => c.heartbeats.length >= 2, 'two heartbeats');
    expect(c.heartbeats[0]).toEqual({ serverTime: '2026-11-22T08:00:00+08:00', headSeq: 250 });
  });

  it('refuses a wrong token, and every token while refuse-tokens is on', async () => {
    expect((await handshakeError(server.url, 'wrong')).message).toBe('unauthorized');
    server.faults.refuseTokens = true;
    expect((await handshakeError(server.url, TOKEN)).message).toBe('unauthorized');
    server.faults.refuseTokens = false;
    await client();
    expect(server.connectedClients()).toBe(1);
  });
});

describe('reports', () => {
  it('files a report once and answers a repeated id with the first receipt', async () => {
    const c = await client();
    const first = reportAck.parse(await c.report(report('r-1')));
    const again = reportAck.parse(await c.report({ ...report('r-1'), body: '重发' }));
    expect(first.ok).toBe(true);
    expect(again).toEqual(first);
    expect(server.reports().map((filed) => filed.report.id)).toEqual(['r-1']);
    expect(server.reports()[0]?.report.body).toBe('抢修中');
  });

  it('refuses reports by rule without filing them, and files the retry once the rule is lifted', async () => {
    const c = await client();
    server.faults.reportRule = (r) => (r.kind === 'progress' ? { code: 'not-open', message: '工单已关闭' } : null);
    expect(await c.report(report('r-2'))).toEqual({ ok: false, error: { code: 'not-open', message: '工单已关闭' } });
    expect(server.reports()).toEqual([]);
    server.faults.reportRule = null;
    expect(reportAck.parse(await c.report(report('r-2'))).ok).toBe(true);
    expect(server.reports()).toHaveLength(1);
  });

  it('refuses a report that does not validate', async () => {
    const c = await client();
    const ack = reportAck.parse(await c.report({ ...report('r-3'), kind: 'gossip' } as unknown as UpwardReport));
    expect(ack.ok).toBe(false);
    expect(server.reports()).toEqual([]);
  });
});

describe('fault injection', () => {
  it('duplicates every batch', async () => {
    server.faults.duplicate = true;
    const c = await client();
    await c.subscribe(245);
    await c.until(() => c.batches.length >= 2, 'the batch and its duplicate');
    expect(c.batches.map(seqs)).toEqual([range(246, 250), range(246, 250)]);
  });

  it('reorders within a batch', async () => {
    server.faults.reorder = true;
    const c = await client();
    await c.subscribe(245);
    await c.until(() => c.batches.length >= 1, 'a batch');
    expect(seqs(c.events())).toEqual(range(246, 250).reverse());
  });

  it('skips live events to make a gap, which a re-subscribe fills', async () => {
    const c = await client();
    await c.subscribe(250);
    await c.until(() => server.connectedClients() === 1, 'the subscription');
    server.skipLive(2);
    server.append(DRAFTS.slice(250, 255));
    await c.until(() => c.events().length >= 3, 'the events after the gap');
    expect(seqs(c.events())).toEqual([253, 254, 255]);
    await c.subscribe(250);
    await c.until(() => c.events().length >= 8, 'the refill');
    expect(seqs(c.events()).slice(3)).toEqual(range(251, 255));
  });

  it('sends malformed events that clients must quarantine, numbered in the stream', async () => {
    const badPayload = server.appendMalformed('bad-payload');
    const unknownType = server.appendMalformed('unknown-type');
    const c = await client();
    await c.subscribe(250);
    await c.until(() => c.events().length >= 2, 'the malformed events');
    expect(c.events()).toEqual([badPayload, unknownType]);
    expect(seqs(c.events())).toEqual([251, 252]);
    const parsed = c.events().map(parseFeedEvent);
    expect(parsed.map((p) => p.ok)).toEqual([false, false]);
    expect(parsed[1]).toMatchObject({ reason: 'unknown event type: "teleported"' });
  });

  it('drops every connection from the server side', async () => {
    const first = await client();
    const second = await client();
    const reasons = Promise.all([first, second].map((c) => new Promise<string>((resolve) => c.socket.once('disconnect', resolve))));
    server.dropConnections();
    expect(await reasons).toEqual(['io server disconnect', 'io server disconnect']);
  });
});

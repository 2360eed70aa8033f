import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseFeedEvent } from '../../../shared/protocol';
import { dumpSimulatedLog, sequencedEvents, writeJsonl } from '../../../electron/simulator/jsonl';
import type { Replay } from '../../../electron/simulator/replay';
import { startReplay } from '../../../electron/simulator/replay';
import type { FeedClient } from './feed-client';
import { ManualClock, connectFeed, range, seqs } from './feed-client';

const START = Date.parse('2026-11-22T08:00:00+08:00');
const LOG = { seed: 21, start: START, tickets: 40 };

let dir: string;
const replays: Replay[] = [];
const clients: FeedClient[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noc-replay-'));
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(replays.splice(0).map((replay) => replay.close()));
  await rm(dir, { recursive: true, force: true });
});

async function replay(file: string, options: Omit<Parameters<typeof startReplay>[0], 'file'>): Promise<Replay> {
  const started = await startReplay({ file, heartbeatMs: 50, ...options });
  replays.push(started);
  return started;
}

describe('JSONL logs', () => {
  it('write one event per line and read back the same events', async () => {
    const file = join(dir, 'log.jsonl');
    const events = [...sequencedEvents(LOG)];
    expect(await dumpSimulatedLog(file, LOG)).toBe(events.length);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(events);
    expect(seqs(events)).toEqual(range(1, events.length));
  });

  it('number one source’s events on their own', () => {
    const group = [...sequencedEvents({ ...LOG, source: 'group' })];
    const province = [...sequencedEvents({ ...LOG, source: 'province' })];
    expect(seqs(group)).toEqual(range(1, group.length));
    expect(group.every((event) => event.ticketId.startsWith('JT-'))).toBe(true);
    expect(group.length + province.length).toBe([...sequencedEvents(LOG)].length);
  });
});

describe('noc replay', () => {
  it('serves the whole log at speed 0, renumbered, with unreadable lines as malformed events', async () => {
    const file = join(dir, 'log.jsonl');
    const recorded = [...sequencedEvents(LOG)].map((event) => ({ ...event, seq: event.seq * 10 }));
    await writeJsonl(recorded, file);
    await appendFile(file, 'this is not json\n\n');
    const served = await replay(file, { speed: 0 });
    await served.finished;
    expect(served.total).toBe(recorded.length + 1);

    const client = await connectFeed(served.url, served.token);
    clients.push(client);
    const ack = await client.subscribe(0);
    expect(ack.headSeq).toBe(recorded.length + 1);
    expect(ack.source.level).toBe('province');
    await client.until(() => client.events().length >= ack.headSeq, 'the whole log');
    const events = client.events();
    expect(seqs(events)).toEqual(range(1, recorded.length + 1));
    expect(events.slice(0, -1).map((event) => event.id)).toEqual(recorded.map((event) => event.id));
    expect(events.slice(0, -1).every((event) => parseFeedEvent(event).ok)).toBe(true);
    expect(events.at(-1)).toMatchObject({ id: `replay-line-${recorded.length + 1}`, raw: 'this is not json' });
    expect(parseFeedEvent(events.at(-1)).ok).toBe(false);
  });

  it('spaces events by their recorded `at` divided by the speed', async () => {
    const file = join(dir, 'log.jsonl');
    const recorded = [...sequencedEvents(LOG)];
    await writeJsonl(recorded, file);
    const clock = new ManualClock(START);
    const served = await replay(file, { speed: 600, clock, tickMs: 0 });
    const first = Date.parse(recorded[0]?.at ?? '');
    const dueWithin = (ms: number) => recorded.filter((event) => Date.parse(event.at) - first <= ms).length;

    expect(served.sent()).toBe(dueWithin(0));
    clock.advance(60_000);
    served.pump();
    expect(served.sent()).toBe(dueWithin(600 * 60_000));
    expect(served.server.headSeq()).toBe(served.sent());
    expect(served.sent()).toBeLessThan(recorded.length);

    clock.advance(365 * 24 * 3_600_000);
    served.pump();
    await served.finished;
    expect(served.server.headSeq()).toBe(recorded.length);
  });
});

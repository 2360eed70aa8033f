import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFeedEvent, reportAck } from '../../../shared/protocol';
import type { Simulator, SimulatorOptions } from '../../../electron/simulator/simulator';
import { startSimulator } from '../../../electron/simulator/simulator';
import type { WireEvent } from '../../../electron/simulator/server';
import type { FeedClient } from './feed-client';
import { ManualClock, connectFeed, handshakeError, range, seqs } from './feed-client';

const START = Date.parse('2026-11-22T10:00:00+08:00');
const running: Simulator[] = [];
const clients: FeedClient[] = [];

async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ seed: 9, clock: new ManualClock(START), tickMs: 0, heartbeatMs: 20, ...options });
  running.push(sim);
  return sim;
}

async function backlog(sim: Simulator, role: 'group' | 'province'): Promise<{ client: FeedClient; events: WireEvent[] }> {
  const source = sim.sources.find((s) => s.role === role);
  if (source === undefined) throw new Error(`no ${role} source`);
  const client = await connectFeed(source.url, source.token);
  clients.push(client);
  const { headSeq } = await client.subscribe(0);
  await client.until(() => client.events().length >= headSeq, `${role} backlog`);
  return { client, events: client.events() };
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

describe('the simulated province', () => {
  it('serves a group and a province source, each with its own token and a valid history up to now', async () => {
    const sim = await simulator();
    expect(sim.sources.map(({ id, level, role }) => ({ id, level, role }))).toEqual([
      { id: 'sim-group-one-stop', level: 'group', role: 'group' },
      { id: 'sim-js-eom', level: 'province', role: 'province' },
    ]);
    const [group, province] = sim.sources;
    expect((await handshakeError(group?.url ?? '', province?.token ?? '')).message).toBe('unauthorized');
    for (const role of ['group', 'province'] as const) {
      const { events } = await backlog(sim, role);
      expect(events.length).toBeGreaterThan(100);
      expect(seqs(events)).toEqual(range(1, events.length));
      const parsed = events.map(parseFeedEvent);
      expect(parsed.filter((p) => !p.ok)).toEqual([]);
      expect(events.every((e) => Date.parse(String(e.at)) <= START)).toBe(true);
      expect(events.every((e) => String(e.ticketId).startsWith(role === 'group' ? 'JT-' : 'JS-'))).toBe(true);
    }
  });

  it('replays the same events for the same seed and clock', async () => {
    const first = await simulator();
    const second = await simulator();
    for (const role of ['group', 'province'] as const) {
      expect((await backlog(first, role)).events).toEqual((await backlog(second, role)).events);
    }
    const other = await simulator({ seed: 10 });
    expect((await backlog(other, 'province')).events).not.toEqual((await backlog(first, 'province')).events);
  });

  it('plays time forward at the speed factor, sending events as they come due', async () => {
    const clock = new ManualClock(START);
    const sim = await simulator({ clock, speed: 60 });
    const { client, events } = await backlog(sim, 'province');
    const history = events.length;
    clock.advance(30 * 60_000);
    expect(sim.simulatedNow()).toBe(START + 30 * 3_600_000);
    expect(sim.pump()).toBeGreaterThan(0);
    const head = sim.server('province').headSeq();
    await client.until(() => client.events().length >= head, 'live events');
    const live = client.events().slice(history);
    expect(live.length).toBeGreaterThan(0);
    expect(seqs(client.events())).toEqual(range(1, head));
    expect(live.every((e) => Date.parse(String(e.at)) > START && Date.parse(String(e.at)) <= sim.simulatedNow())).toBe(true);
    await client.until(() => client.heartbeats.some((beat) => beat.headSeq === head), 'a heartbeat at the new head');
    expect(client.heartbeats.at(-1)?.serverTime).toBe('2026-11-23T16:00:00+08:00');
  });

  it('applies a fault to the chosen source only', async () => {
    const sim = await simulator();
    const heads = () => [sim.server('group').headSeq(), sim.server('province').headSeq()];
    const [group, province] = heads();
    sim.inject({ kind: 'malformed', variant: 'unknown-type' }, 'group');
    expect(heads()).toEqual([(group ?? 0) + 1, province]);
    sim.inject({ kind: 'refuse-reports', rule: () => ({ code: 'closed', message: '不接收' }) });
    const { client } = await backlog(sim, 'province');
    const ack = reportAck.parse(
      await client.report({ id: 'r-1', ticketId: 'JS-NJ-1', kind: 'progress', audience: 'group', createdAt: '2026-11-22T10:00:00+08:00', title: 't', body: 'b' }),
    );
    expect(ack).toEqual({ ok: false, error: { code: 'closed', message: '不接收' } });
    expect(sim.reports('province')).toEqual([]);
    expect(sim.server('group').faults.reportRule).not.toBeNull();
  });

  it('listens on the given port for the group source and the next one for the province', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const sim = await simulator({ port });
    expect(sim.sources.map((s) => s.url)).toEqual([`http://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`]);
  });
});

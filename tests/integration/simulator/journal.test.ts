// A simulated province restarted on its journal serves the stream it served
// before: its echoes, claims and replies back at their seqs, and a retried
// report answered with its first receipt, so consoles resuming with `since`
// neither skip an event nor see a report twice.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportAck, claimAck } from '../../../shared/protocol';
import type { UpwardReport } from '../../../shared/protocol';
import type { Simulator, SimulatorOptions } from '../../../electron/simulator/simulator';
import { startSimulator } from '../../../electron/simulator/simulator';
import type { WireEvent } from '../../../electron/simulator/server';
import type { FeedClient } from './feed-client';
import { ManualClock, connectFeed } from './feed-client';

const START = Date.parse('2026-11-22T10:00:00+08:00');
const MINUTE = 60_000;
const OPERATOR = { name: '张晓华', console: 'desk-duty' };

let dir: string;
const running: Simulator[] = [];
const clients: FeedClient[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'noc-journal-'));
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(running.splice(0).map((sim) => sim.close()));
  await rm(dir, { recursive: true, force: true });
});

async function province(clock: ManualClock, options: SimulatorOptions = {}) {
  const sim = await startSimulator({ seed: 9, clock, tickMs: 0, heartbeatMs: 1000, journal: join(dir, 'journal.jsonl'), ...options });
  running.push(sim);
  const source = sim.sources.find((s) => s.role === 'group')!;
  const client = await connectFeed(source.url, source.token);
  clients.push(client);
  const { headSeq } = await client.subscribe(0);
  await client.until(() => client.events().length >= headSeq, 'the backlog');
  return { sim, client, caughtUp: () => client.until(() => client.events().length >= sim.server('group').headSeq(), 'the head') };
}

function report(id: string, ticketId: string, over: Partial<UpwardReport> = {}): UpwardReport {
  return { id, ticketId, kind: 'progress', audience: 'group', createdAt: '2026-11-22T10:00:00+08:00', title: '进展通报', body: '抢修中', operator: OPERATOR, ...over };
}

const open = (events: readonly WireEvent[]) => String(events.find((event) => event.type === 'accepted')!.ticketId);
const own = (events: readonly WireEvent[]) => events.filter((event) => ['reported', 'claimed', 'replied'].includes(String(event.type)));

describe('the simulator journal', () => {
  it('puts the echoes, claims and replies of the last run back at their seqs, and answers a retry with its first receipt', async () => {
    const clock = new ManualClock(START);
    const first = await province(clock);
    const ticketId = open(first.client.events());
    const firstAck = reportAck.parse(await first.client.report(report('r-1', ticketId)));
    clock.advance(10 * MINUTE);
    first.sim.pump();
    const claim = { ticketId, kind: 'check', audience: 'city-noc', cycle: '2026-11-22T10:30:00+08:00', operator: OPERATOR } as const;
    expect(claimAck.parse(await first.client.claim(claim)).ok).toBe(true);
    for (let n = 0; n < 6; n += 1) expect(reportAck.parse(await first.client.report(report(`chk-${n}`, ticketId, { kind: 'check', audience: 'city-noc' }))).ok).toBe(true);
    for (let minute = 0; minute < 60; minute += 10) {
      clock.advance(10 * MINUTE);
      first.sim.pump();
    }
    await first.caughtUp();
    const before = first.client.events();
    expect(own(before).filter((event) => event.type === 'replied').length).toBeGreaterThan(0);
    for (const c of clients.splice(0)) c.close();
    await Promise.all(running.splice(0).map((sim) => sim.close()));

    // Later the same day: everything the first run sent is the start of the second run's stream.
    clock.advance(2 * 60 * MINUTE);
    const second = await province(new ManualClock(clock.now()));
    const after = second.client.events();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(own(after)).toEqual(own(before));

    expect(reportAck.parse(await second.client.report(report('r-1', ticketId)))).toEqual(firstAck);
    const next = reportAck.parse(await second.client.report(report('r-2', ticketId)));
    expect(next).toMatchObject({ ok: true, receipt: 'sim-group-one-stop-R000008' });
    await second.caughtUp();
    expect(second.client.events().filter((event) => event.id === 'rep-r-1')).toHaveLength(1);
  });

  it('starts afresh for another seed or epoch, and skips a line torn by a crash', async () => {
    const file = join(dir, 'journal.jsonl');
    const clock = new ManualClock(START);
    const first = await province(clock);
    const ticketId = open(first.client.events());
    expect(reportAck.parse(await first.client.report(report('r-1', ticketId))).ok).toBe(true);
    await first.caughtUp();
    const head = first.sim.server('group').headSeq();
    await writeFile(file, `${await readFile(file, 'utf8')}{"role":"group","event":{"seq":`);
    for (const c of clients.splice(0)) c.close();
    await Promise.all(running.splice(0).map((sim) => sim.close()));

    const again = await province(new ManualClock(START));
    expect(again.sim.server('group').headSeq()).toBe(head);
    expect(again.sim.reports('group').map((filed) => filed.report.id)).toEqual(['r-1']);
    expect(reportAck.parse(await again.client.report(report('r-2', ticketId))).ok).toBe(true);
    await again.caughtUp();
    for (const c of clients.splice(0)) c.close();
    await Promise.all(running.splice(0).map((sim) => sim.close()));

    // What was kept after the torn line is read back too.
    const third = await province(new ManualClock(START));
    expect(third.sim.reports('group').map((filed) => filed.report.id)).toEqual(['r-1', 'r-2']);
    expect(third.sim.server('group').headSeq()).toBe(head + 1);
    for (const c of clients.splice(0)) c.close();
    await Promise.all(running.splice(0).map((sim) => sim.close()));

    const other = await province(new ManualClock(START), { seed: 10 });
    expect(other.sim.reports('group')).toEqual([]);
    expect(own(other.client.events())).toEqual([]);
  });
});

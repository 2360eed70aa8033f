// `--protocol 1.0` serves the old protocol (no echo, no claims, no replies, no
// protocol in the acknowledgement), and `noc replay` speaks 1.1 like the
// simulator, its replies keeping pace with the replayed log.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SUPERVISION_EVENT_TYPES, WIRE, reportAck, sourceCapabilities } from '../../../shared/protocol';
import type { UpwardReport } from '../../../shared/protocol';
import { sequencedEvents, writeJsonl } from '../../../electron/simulator/jsonl';
import type { Replay } from '../../../electron/simulator/replay';
import { startReplay } from '../../../electron/simulator/replay';
import type { Simulator } from '../../../electron/simulator/simulator';
import { startSimulator } from '../../../electron/simulator/simulator';
import type { FeedServer } from '../../../electron/simulator/server';
import type { FeedClient } from './feed-client';
import { ManualClock, connectFeed } from './feed-client';

const START = Date.parse('2026-11-22T10:00:00+08:00');
const OPERATOR = { name: '张晓华', console: 'desk-duty' };
const running: { close(): Promise<void> }[] = [];
const clients: FeedClient[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(running.splice(0).map((served) => served.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function subscribed(url: string, token: string) {
  const client = await connectFeed(url, token);
  clients.push(client);
  const ack = await client.subscribe(0);
  await client.until(() => client.events().length >= ack.headSeq, 'the backlog');
  return { client, ack };
}

function report(id: string, ticketId: string, over: Partial<UpwardReport> = {}): UpwardReport {
  return { id, ticketId, kind: 'progress', audience: 'group', createdAt: '2026-11-22T10:00:00+08:00', title: '进展通报', body: '抢修中', operator: OPERATOR, ...over };
}

const check = (id: string, ticketId: string) => report(id, ticketId, { kind: 'check', audience: 'city-noc', title: '核实', body: '请反馈处理进展' });

/** A 1.0 source neither echoes nor claims; what it files it only acknowledges. */
async function expectOneZero(server: FeedServer, client: FeedClient, ticketId: string): Promise<void> {
  const head = server.headSeq();
  expect(reportAck.parse(await client.report(report('r-1', ticketId))).ok).toBe(true);
  // The echo would be on the stream before the acknowledgement left the source.
  expect(server.headSeq()).toBe(head);
  expect(await client.report(check('r-2', ticketId))).toEqual({
    ok: false,
    error: { code: 'invalid-report', message: expect.stringContaining('protocol 1.0 takes progress, stage-feedback, fault-report, suspend-request reports') },
  });
  // A claim is left unanswered, as by any 1.0 source: the report after it is answered, the claim never.
  let claimAnswered = false;
  client.socket.emit(WIRE.claim, { ticketId, kind: 'progress', audience: 'group', cycle: '2026-11-22T10:30:00+08:00', operator: OPERATOR }, () => {
    claimAnswered = true;
  });
  expect(reportAck.parse(await client.report(report('r-3', ticketId))).ok).toBe(true);
  expect(claimAnswered).toBe(false);
  expect(server.headSeq()).toBe(head);
  expect(server.reports().map((filed) => filed.report.id)).toEqual(['r-1', 'r-3']);
}

const supervisionEvents = (client: FeedClient) => client.events().filter((event) => (SUPERVISION_EVENT_TYPES as readonly unknown[]).includes(event.type));

describe('the simulated province with --protocol 1.0', () => {
  it('acknowledges subscriptions without a protocol, echoes nothing, takes no claims and never replies', async () => {
    const clock = new ManualClock(START);
    const sim: Simulator = await startSimulator({ seed: 9, clock, tickMs: 0, heartbeatMs: 1000, protocol: '1.0' });
    running.push(sim);
    const source = sim.sources.find((s) => s.role === 'province')!;
    const { client, ack } = await subscribed(source.url, source.token);
    expect(Object.keys(ack).sort()).toEqual(['headSeq', 'serverTime', 'source']);
    expect(sourceCapabilities(ack)).toEqual({ protocol: '1.0', echoesReports: false, takesClaims: false, sendsReplies: false });
    const ticketId = String(client.events()[0]!.ticketId);
    await expectOneZero(sim.server('province'), client, ticketId);

    clock.advance(3 * 3_600_000);
    sim.pump();
    await client.until(() => client.events().length >= sim.server('province').headSeq(), 'three hours of events');
    expect(supervisionEvents(client)).toEqual([]);
  });

  it('still speaks 1.1 by default', async () => {
    const sim = await startSimulator({ seed: 9, clock: new ManualClock(START), tickMs: 0, heartbeatMs: 1000 });
    running.push(sim);
    const source = sim.sources.find((s) => s.role === 'group')!;
    const { ack } = await subscribed(source.url, source.token);
    expect(sourceCapabilities(ack)).toEqual({ protocol: '1.1', echoesReports: true, takesClaims: true, sendsReplies: true });
  });
});

describe('noc replay', () => {
  async function log(): Promise<{ file: string; ticketId: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'noc-replay-'));
    dirs.push(dir);
    const file = join(dir, 'log.jsonl');
    const events = [...sequencedEvents({ seed: 21, start: START - 2 * 3_600_000, tickets: 40 })];
    await writeJsonl(events, file);
    const open = events.find((event) => event.type === 'accepted')!;
    return { file, ticketId: open.ticketId };
  }

  it('echoes reports and answers checks at the pace of the log (1.1)', async () => {
    const { file, ticketId } = await log();
    const clock = new ManualClock(START);
    const served: Replay = await startReplay({ file, speed: 600, clock, tickMs: 0, heartbeatMs: 1000 });
    running.push(served);
    clock.advance(24 * 3_600_000);
    served.pump();
    await served.finished;
    const { client, ack } = await subscribed(served.url, served.token);
    expect(sourceCapabilities(ack).echoesReports).toBe(true);

    const checks = Array.from({ length: 8 }, (_, n) => check(`chk-${n}`, ticketId));
    const received: number[] = [];
    for (const request of checks) {
      const answer = reportAck.parse(await client.report(request));
      if (!answer.ok) throw new Error(answer.error.message);
      received.push(Date.parse(answer.receivedAt));
    }
    await client.until(() => client.events().filter((event) => event.type === 'reported').length === checks.length, 'the echoes');
    // At 600 times the recorded pace, 75 minutes of the city's time pass in 7.5 real seconds.
    clock.advance(8_000);
    served.pump();
    const replies = () => client.events().filter((event) => event.type === 'replied');
    await client.until(() => replies().length > 0 && client.events().length >= served.server.headSeq(), 'the replies');
    for (const reply of replies()) {
      const n = checks.findIndex((request) => request.id === (reply.data as { reportId: string }).reportId);
      const delay = Date.parse(String(reply.at)) - received[n]!;
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(8_000);
    }
  });

  it('serves the old protocol with --protocol 1.0', async () => {
    const { file, ticketId } = await log();
    const served = await startReplay({ file, speed: 0, tickMs: 0, heartbeatMs: 1000, protocol: '1.0' });
    running.push(served);
    const { client, ack } = await subscribed(served.url, served.token);
    expect(ack.protocol).toBeUndefined();
    await expectOneZero(served.server, client, ticketId);
  });
});

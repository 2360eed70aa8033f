// Protocol 1.1 at a source, with real socket.io clients on 127.0.0.1: every
// console sees each acknowledged report echoed exactly once, and a cadence
// cycle is claimed by exactly one console (compare-and-swap with a TTL).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WIRE, claimAck, parseFeedEvent, parseStreamEvent, reportAck } from '../../../shared/protocol';
import type { ClaimAck, ReportClaim, ReportOperator, UpwardReport } from '../../../shared/protocol';
import type { DraftEvent } from '../../../electron/simulator/draft';
import { generateTickets } from '../../../electron/simulator/generator';
import type { FeedServer, WireEvent } from '../../../electron/simulator/server';
import { startFeedServer } from '../../../electron/simulator/server';
import type { FeedClient } from './feed-client';
import { ManualClock, connectFeed } from './feed-client';

const START = Date.parse('2026-11-22T10:00:00+08:00');
const SOURCE = { id: 'test-source', name: '测试源', level: 'group' } as const;
const TOKEN = 'secret';
const DRAFTS: DraftEvent[] = generateTickets({ seed: 5, start: START - 3_600_000, count: 20 }).flatMap((ticket) => ticket.events);
const TICKET = DRAFTS[0]!.ticketId;
const WALL: ReportOperator = { name: '王芳', console: 'wall-1' };
const DESK: ReportOperator = { name: '张晓华', console: 'desk-duty' };
const CYCLE = '2026-11-22T10:31:00+08:00';

let clock: ManualClock;
let server: FeedServer;
const clients: FeedClient[] = [];

/** A console subscribed from the head: it sees only what happens from now on. */
async function openConsole(): Promise<FeedClient> {
  const client = await connectFeed(server.url, TOKEN);
  clients.push(client);
  await client.subscribe(server.headSeq());
  return client;
}

function progress(id: string, operator: ReportOperator = DESK): UpwardReport {
  return { id, ticketId: TICKET, kind: 'progress', audience: 'group', createdAt: '2026-11-22T10:01:00+08:00', title: '进展通报', body: '抢修中', operator };
}

function claim(operator: ReportOperator, over: Partial<ReportClaim> = {}): ReportClaim {
  return { ticketId: TICKET, kind: 'progress', audience: 'group', cycle: CYCLE, operator, ttlSeconds: 300, ...over };
}

async function claimed(client: FeedClient, request: ReportClaim): Promise<ClaimAck> {
  return claimAck.parse(await client.claim(request));
}

const ofType = (client: FeedClient, type: string) => client.events().filter((event) => event.type === type);
const echoesOf = (client: FeedClient, reportId: string) => ofType(client, 'reported').filter((event) => (event.data as { reportId: string }).reportId === reportId);

/** Everything the source sent up to now has arrived once `marker`'s echo has: a source sends in order. */
async function settle(reporter: FeedClient, watchers: readonly FeedClient[], marker: string): Promise<void> {
  expect(reportAck.parse(await reporter.report(progress(marker))).ok).toBe(true);
  for (const watcher of watchers) await watcher.until(() => echoesOf(watcher, marker).length > 0, `the echo of ${marker}`);
}

beforeEach(async () => {
  clock = new ManualClock(START);
  server = await startFeedServer({ source: SOURCE, token: TOKEN, clock, heartbeatMs: 1000 });
  server.append(DRAFTS);
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.close();
});

describe('echo', () => {
  it('sends every console the acknowledged report once, the sender after its receipt', async () => {
    const desk = await openConsole();
    const wall = await openConsole();
    const head = server.headSeq();
    // Ack callbacks and event handlers run as their packets arrive: this is the order on the wire.
    const order: string[] = [];
    desk.socket.on(WIRE.events, (batch: WireEvent[]) => order.push(...batch.map((event) => `event ${event.type}`)));
    const answer = await new Promise((resolve) => {
      desk.socket.emit(WIRE.report, progress('r-1'), (reply: unknown) => {
        order.push('ack');
        resolve(reply);
      });
    });
    const ack = reportAck.parse(answer);
    if (!ack.ok) throw new Error('refused');
    await settle(desk, [desk, wall], 'marker');
    expect(order.slice(0, 2)).toEqual(['ack', 'event reported']);

    for (const client of [desk, wall]) {
      const echoes = echoesOf(client, 'r-1');
      expect(echoes).toHaveLength(1);
      expect(parseFeedEvent(echoes[0])).toEqual({
        ok: true,
        event: {
          seq: head + 1,
          id: 'rep-r-1',
          ticketId: TICKET,
          type: 'reported',
          at: ack.receivedAt,
          data: { reportId: 'r-1', kind: 'progress', audience: 'group', createdAt: '2026-11-22T10:01:00+08:00', receipt: ack.receipt, operator: DESK, title: '进展通报' },
        },
      });
    }
  });

  it('answers a repeated report id with the first receipt and never echoes it twice', async () => {
    const desk = await openConsole();
    const wall = await openConsole();
    const first = reportAck.parse(await desk.report(progress('r-1')));
    clock.advance(60_000);
    const retried = reportAck.parse(await desk.report({ ...progress('r-1'), body: '重发' }));
    const fromWall = reportAck.parse(await wall.report(progress('r-1', WALL)));
    expect(retried).toEqual(first);
    expect(fromWall).toEqual(first);
    await settle(desk, [desk, wall], 'marker');
    expect(echoesOf(desk, 'r-1')).toHaveLength(1);
    expect(echoesOf(wall, 'r-1')).toHaveLength(1);
    expect(server.reports().map((filed) => filed.report.id)).toEqual(['r-1', 'marker']);
  });

  it('echoes a refused report only once it is filed', async () => {
    const desk = await openConsole();
    server.faults.reportRule = () => ({ code: 'busy', message: '系统繁忙' });
    expect(await desk.report(progress('r-1'))).toEqual({ ok: false, error: { code: 'busy', message: '系统繁忙' } });
    server.faults.reportRule = null;
    await settle(desk, [desk], 'r-1');
    expect(echoesOf(desk, 'r-1')).toHaveLength(1);
  });

  it('echoes a supervision act with its operator and subject, and a handover on the source with no ticket', async () => {
    const desk = await openConsole();
    const urge: UpwardReport = { ...progress('r-urge'), kind: 'urge', audience: 'handler', subject: { clock: 'repair', index: 0 } };
    const handover: UpwardReport = { ...progress('r-handover'), ticketId: null, kind: 'handover', audience: 'noc', title: '交接班记录 白班→夜班' };
    for (const report of [urge, handover]) expect(reportAck.parse(await desk.report(report)).ok).toBe(true);
    await desk.until(() => ofType(desk, 'reported').length === 2, 'both echoes');
    const [urgeEcho, handoverEcho] = ofType(desk, 'reported').map(parseStreamEvent);
    expect(urgeEcho).toMatchObject({ ok: true, event: { ticketId: TICKET, data: { kind: 'urge', audience: 'handler', subject: { clock: 'repair', index: 0 }, operator: DESK } } });
    expect(handoverEcho).toMatchObject({ ok: true, sourceEvent: { ticketId: null, id: 'rep-r-handover', data: { kind: 'handover', audience: 'noc', title: '交接班记录 白班→夜班' } } });
  });
});

describe('claims', () => {
  it('go to exactly one of two consoles claiming the same cycle at once, and the other is told who', async () => {
    const desk = await openConsole();
    const wall = await openConsole();
    const cycles = Array.from({ length: 25 }, (_, n) => new Date(Date.parse(CYCLE) + n * 1_800_000).toISOString());
    for (const cycle of cycles) {
      // Both emitted before either answer arrives: the source decides the race.
      const [fromDesk, fromWall] = await Promise.all([claimed(desk, claim(DESK, { cycle })), claimed(wall, claim(WALL, { cycle }))]);
      const answers = [fromDesk, fromWall];
      const winners = answers.filter((answer) => answer.ok);
      expect(winners, cycle).toHaveLength(1);
      const winner = fromDesk.ok ? DESK : WALL;
      const loser = answers.find((answer) => !answer.ok);
      expect(loser).toEqual({ ok: false, claimedBy: winner, expiresAt: winners[0]!.expiresAt });
    }
    await settle(desk, [desk, wall], 'marker');
    for (const client of [desk, wall]) {
      const events = ofType(client, 'claimed');
      expect(events).toHaveLength(cycles.length);
      expect(events.every((event) => parseFeedEvent(event).ok)).toBe(true);
    }
    const first = ofType(desk, 'claimed')[0]!;
    expect(first).toMatchObject({ ticketId: TICKET, at: '2026-11-22T10:00:00+08:00', data: { kind: 'progress', audience: 'group', cycle: cycles[0], ttlSeconds: 300, expiresAt: '2026-11-22T10:05:00+08:00' } });
  });

  it('are renewed for the console that holds them, whoever sits at it', async () => {
    const desk = await openConsole();
    expect(await claimed(desk, claim(DESK, { ttlSeconds: 60 }))).toEqual({ ok: true, expiresAt: '2026-11-22T10:01:00+08:00' });
    clock.advance(30_000);
    const relief = { name: '李娜', console: DESK.console };
    expect(await claimed(desk, claim(relief, { ttlSeconds: 60 }))).toEqual({ ok: true, expiresAt: '2026-11-22T10:01:30+08:00' });
    const wall = await openConsole();
    expect(await claimed(wall, claim(WALL))).toEqual({ ok: false, claimedBy: relief, expiresAt: '2026-11-22T10:01:30+08:00' });
    await settle(desk, [desk], 'marker');
    expect(ofType(desk, 'claimed').map((event) => (event.data as { operator: ReportOperator }).operator)).toEqual([DESK, relief]);
  });

  it('expire after their time to live, and the cycle goes to the next claimant', async () => {
    const desk = await openConsole();
    const wall = await openConsole();
    expect(await claimed(desk, claim(DESK, { ttlSeconds: 60 }))).toMatchObject({ ok: true, expiresAt: '2026-11-22T10:01:00+08:00' });
    clock.advance(59_999);
    expect(await claimed(wall, claim(WALL))).toMatchObject({ ok: false, claimedBy: DESK });
    clock.advance(1);
    expect(await claimed(wall, claim(WALL))).toEqual({ ok: true, expiresAt: '2026-11-22T10:06:00+08:00' });
    expect(await claimed(desk, claim(DESK))).toEqual({ ok: false, claimedBy: WALL, expiresAt: '2026-11-22T10:06:00+08:00' });
  });

  it('take the source default TTL when none is asked, and treat one instant in any offset as one cycle', async () => {
    const desk = await openConsole();
    const wall = await openConsole();
    expect(await claimed(desk, claim(DESK, { ttlSeconds: undefined }))).toEqual({ ok: true, expiresAt: '2026-11-22T10:05:00+08:00' });
    expect(await claimed(wall, claim(WALL, { cycle: '2026-11-22T02:31:00Z' }))).toMatchObject({ ok: false, claimedBy: DESK });
    // Another kind, audience or ticket is another key.
    expect(await claimed(wall, claim(WALL, { kind: 'check', audience: 'city-noc' }))).toMatchObject({ ok: true });
    expect(await claimed(wall, claim(WALL, { kind: 'check', audience: 'handler' }))).toMatchObject({ ok: true });
    expect(await claimed(wall, claim(WALL, { ticketId: DRAFTS.at(-1)!.ticketId }))).toMatchObject({ ok: true });
  });

  it('end when the report is echoed: the cycle is done, and a late claimant is told by whom and with which receipt', async () => {
    const desk = await openConsole();
    const wall = await openConsole();
    expect(await claimed(desk, claim(DESK))).toMatchObject({ ok: true, expiresAt: '2026-11-22T10:05:00+08:00' });
    clock.advance(2_000);
    const ack = reportAck.parse(await desk.report(progress('r-1')));
    if (!ack.ok) throw new Error('refused');
    const done = { ok: false, claimedBy: DESK, expiresAt: '2026-11-22T10:05:00+08:00', reported: { reportId: 'r-1', receipt: ack.receipt } };
    expect(await claimed(wall, claim(WALL))).toEqual(done);
    // Not even the console that held it claims a reported cycle again.
    expect(await claimed(desk, claim(DESK))).toEqual(done);
    // The next cycle, which every console computes from the echo, is free.
    expect(await claimed(wall, claim(WALL, { cycle: '2026-11-22T10:32:00+08:00' }))).toMatchObject({ ok: true });
    // Once the claim would have expired, nothing holds the old cycle.
    clock.advance(300_000);
    expect(await claimed(wall, claim(WALL))).toMatchObject({ ok: true });
    await settle(desk, [desk, wall], 'marker');
    expect(ofType(wall, 'claimed')).toHaveLength(3);
  });

  it('are not ended by a report of another kind or audience', async () => {
    const desk = await openConsole();
    const wall = await openConsole();
    await claimed(desk, claim(DESK));
    const stageFeedback: UpwardReport = { ...progress('r-sf'), kind: 'stage-feedback', audience: 'province-account-manager' };
    expect(reportAck.parse(await wall.report(stageFeedback)).ok).toBe(true);
    expect(await claimed(wall, claim(WALL))).toEqual({ ok: false, claimedBy: DESK, expiresAt: '2026-11-22T10:05:00+08:00' });
  });
});

describe('malformed messages', () => {
  it('get a clear error answer, add nothing to the stream and never stop the source', async () => {
    const desk = await openConsole();
    const head = server.headSeq();
    const good = claim(DESK);
    const badClaims: [unknown, RegExp][] = [
      [null, /expected object/],
      ['claim', /expected object/],
      [{ ...good, kind: 'urge', audience: 'handler' }, /kind/],
      [{ ...good, audience: 'customer' }, /a progress report goes to group, not customer/],
      [{ ...good, operator: undefined }, /operator/],
      [{ ...good, operator: { name: ' ', console: 'x' } }, /blank/],
      [{ ...good, cycle: 'half past ten' }, /cycle/],
      [{ ...good, ttlSeconds: 86_400 }, /ttlSeconds/],
    ];
    for (const [payload, message] of badClaims) {
      const answer = claimAck.parse(await desk.ask(WIRE.claim, payload));
      expect(answer, JSON.stringify(payload)).toEqual({ ok: false, error: { code: 'invalid-claim', message: expect.stringMatching(message) } });
    }
    const badReports: [unknown, RegExp][] = [
      [{ ...progress('b-1'), kind: 'check', audience: 'group' }, /a check report goes to city-noc or handler, not group/],
      [{ ...progress('b-2'), kind: 'urge', audience: 'handler' }, /subject/],
      [{ ...progress('b-3'), kind: 'handover', audience: 'noc' }, /ticketId must be null/],
      [{ ...progress('b-4'), ticketId: null }, /needs its ticketId/],
      [{ ...progress('b-5'), operator: 'desk' }, /operator/],
      [[1, 2, 3], /expected object/],
    ];
    for (const [payload, message] of badReports) {
      expect(reportAck.parse(await desk.ask(WIRE.report, payload)), JSON.stringify(payload)).toEqual({
        ok: false,
        error: { code: 'invalid-report', message: expect.stringMatching(message) },
      });
    }
    // Without an answer callback a message is dropped, and the connection lives on.
    desk.socket.emit(WIRE.claim, good);
    desk.socket.emit(WIRE.report, progress('no-callback'));
    expect(await claimed(desk, good)).toMatchObject({ ok: true });
    expect(reportAck.parse(await desk.report(progress('r-1'))).ok).toBe(true);
    expect(server.headSeq()).toBe(head + 2);
    expect(server.reports().map((filed) => filed.report.id)).toEqual(['r-1']);
  });
});

// The simulated province's city NOCs and handlers answering checks and urges
// (protocol 1.1 `replied` events), with simulated time driven by hand: the
// clock is a ManualClock and nothing is sent until the test pumps.
import { afterEach, describe, expect, it } from 'vitest';
import { REPLY_STATUSES, parseFeedEvent, reportAck } from '../../../shared/protocol';
import type { RepliedData, UpwardReport } from '../../../shared/protocol';
import type { Simulator } from '../../../electron/simulator/simulator';
import { startSimulator } from '../../../electron/simulator/simulator';
import type { WireEvent } from '../../../electron/simulator/server';
import type { FeedClient } from './feed-client';
import { ManualClock, connectFeed } from './feed-client';

const START = Date.parse('2026-11-22T10:00:00+08:00');
const MINUTE = 60_000;
const OPERATOR = { name: '张晓华', console: 'desk-duty' };
const running: Simulator[] = [];
const clients: FeedClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

interface Rig {
  sim: Simulator;
  clock: ManualClock;
  client: FeedClient;
  history: WireEvent[];
  /** Moves simulated time on by `ms`, sends what came due and waits until the client has it. */
  advance(ms: number): Promise<void>;
  replies(): (WireEvent & { data: RepliedData })[];
}

async function province(seed = 9): Promise<Rig> {
  const clock = new ManualClock(START);
  const sim = await startSimulator({ seed, clock, tickMs: 0, heartbeatMs: 1000, speed: 1 });
  running.push(sim);
  const source = sim.sources.find((s) => s.role === 'province')!;
  const client = await connectFeed(source.url, source.token);
  clients.push(client);
  const { headSeq } = await client.subscribe(0);
  await client.until(() => client.events().length >= headSeq, 'the backlog');
  const caughtUp = () => client.until(() => client.events().length >= sim.server('province').headSeq(), 'the pumped events');
  return {
    sim,
    clock,
    client,
    history: client.events(),
    async advance(ms) {
      clock.advance(ms);
      sim.pump();
      await caughtUp();
    },
    replies: () => client.events().filter((event) => event.type === 'replied') as (WireEvent & { data: RepliedData })[],
  };
}

/** Tickets of the backlog in the given state: accepted and not yet repaired ('open'), or closed. */
function ticketsIn(events: readonly WireEvent[], state: 'open' | 'closed'): string[] {
  const types = new Map<string, Set<unknown>>();
  for (const event of events) {
    const id = String(event.ticketId);
    types.set(id, (types.get(id) ?? new Set()).add(event.type));
  }
  return [...types]
    .filter(([, seen]) => (state === 'closed' ? seen.has('closed') && !seen.has('reopened') : seen.has('accepted') && !seen.has('repaired') && !seen.has('suspended')))
    .map(([id]) => id);
}

function ask(id: string, ticketId: string, kind: 'check' | 'urge', audience: 'city-noc' | 'handler'): UpwardReport {
  return {
    id,
    ticketId,
    kind,
    audience,
    createdAt: '2026-11-22T10:00:00+08:00',
    title: kind === 'check' ? '核实处理进展' : '催办',
    body: kind === 'check' ? '请反馈当前处理进展' : '修复时限即将超时，请加快处理',
    operator: OPERATOR,
    ...(kind === 'urge' ? { subject: { clock: 'repair', index: 0 } } : {}),
  };
}

/** Forty checks and urges on open tickets: both parties checked on 15 tickets, the handler urged on 10. */
function supervisionOf(open: readonly string[]): UpwardReport[] {
  expect(open.length).toBeGreaterThanOrEqual(15);
  return [
    ...open.slice(0, 15).flatMap((ticket, n) => [ask(`chk-city-${n}`, ticket, 'check', 'city-noc'), ask(`chk-handler-${n}`, ticket, 'check', 'handler')]),
    ...open.slice(0, 10).map((ticket, n) => ask(`urge-${n}`, ticket, 'urge', 'handler')),
  ];
}

async function send(rig: Rig, reports: readonly UpwardReport[]): Promise<Map<string, number>> {
  const receivedAt = new Map<string, number>();
  for (const report of reports) {
    const ack = reportAck.parse(await rig.client.report(report));
    if (!ack.ok) throw new Error(`${report.id} refused: ${ack.error.message}`);
    receivedAt.set(report.id, Date.parse(ack.receivedAt));
  }
  return receivedAt;
}

describe('replies to checks and urges', () => {
  it('come from the party asked, minutes of simulated time later, once at most; some never come', async () => {
    const rig = await province();
    const reports = supervisionOf(ticketsIn(rig.history, 'open'));
    const receivedAt = await send(rig, reports);
    await rig.advance(30_000);
    expect(rig.replies()).toEqual([]);

    for (let minute = 5; minute <= 120; minute += 5) await rig.advance(5 * MINUTE);
    const replies = rig.replies();
    const byReport = new Map(reports.map((report) => [report.id, report]));
    expect(new Set(replies.map((reply) => reply.data.reportId)).size).toBe(replies.length);
    expect(replies.length).toBeGreaterThanOrEqual(reports.length * 0.6);
    expect(replies.length).toBeLessThan(reports.length);
    for (const reply of replies) {
      expect(parseFeedEvent(reply).ok).toBe(true);
      const report = byReport.get(reply.data.reportId)!;
      expect(reply).toMatchObject({ id: `rpl-${report.id}`, ticketId: report.ticketId, data: { by: report.audience } });
      const minutes = (Date.parse(String(reply.at)) - receivedAt.get(report.id)!) / MINUTE;
      expect(minutes).toBeGreaterThanOrEqual(1);
      expect(minutes).toBeLessThanOrEqual(report.kind === 'urge' ? 45 : 75);
      expect(REPLY_STATUSES).toContain(reply.data.status);
      expect(reply.data.note).toMatch(/\p{Script=Han}{4,}/u);
      expect(reply.data.name).toMatch(/\p{Script=Han}/u);
    }
    expect(new Set(replies.map((reply) => reply.data.status)).size).toBeGreaterThanOrEqual(2);
    // Each city's NOC answers through its duty officer of the shift (10:00 to 12:00 is one day shift).
    const officers = new Map<string, Set<string | undefined>>();
    for (const reply of replies.filter((r) => r.data.by === 'city-noc')) {
      const city = String(reply.ticketId).split('-')[1]!;
      officers.set(city, (officers.get(city) ?? new Set()).add(reply.data.name));
    }
    expect(officers.size).toBeGreaterThan(1);
    for (const names of officers.values()) expect(names.size).toBe(1);

    // Whoever has not answered in two hours never does.
    await rig.advance(10 * 60 * MINUTE);
    expect(rig.replies()).toHaveLength(replies.length);
  });

  it('are the same for the same seed, whatever order the reports arrive in', async () => {
    const first = await province();
    const second = await province();
    const reports = supervisionOf(ticketsIn(first.history, 'open'));
    await send(first, reports);
    await send(second, [...reports].reverse());
    for (const rig of [first, second]) for (let minute = 5; minute <= 80; minute += 5) await rig.advance(5 * MINUTE);
    const answers = (rig: Rig) => rig.replies().map(({ id, at, data }) => ({ id, at, data })).sort((a, b) => a.id.localeCompare(b.id));
    expect(answers(first).length).toBeGreaterThan(0);
    expect(answers(second)).toEqual(answers(first));
  });

  it('tell what the stream tells: a closed ticket is repaired', async () => {
    const rig = await province();
    const closed = ticketsIn(rig.history, 'closed').slice(0, 12);
    expect(closed.length).toBe(12);
    await send(rig, closed.map((ticket, n) => ask(`chk-closed-${n}`, ticket, 'check', 'city-noc')));
    for (let minute = 5; minute <= 45; minute += 5) await rig.advance(5 * MINUTE);
    const replies = rig.replies();
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((reply) => reply.data.status === 'repaired')).toBe(true);
  });

  it('never come for a ticket the source does not know, nor for reports that ask nothing', async () => {
    const rig = await province();
    const [ticket] = ticketsIn(rig.history, 'open');
    await send(rig, [
      ask('chk-nowhere', 'JS-XX-20991231-9999', 'check', 'city-noc'),
      ask('urge-nowhere', 'JS-XX-20991231-9999', 'urge', 'handler'),
      { ...ask('progress-1', ticket!, 'check', 'city-noc'), kind: 'progress', audience: 'group' },
    ]);
    for (let minute = 1; minute <= 90; minute += 10) await rig.advance(10 * MINUTE);
    expect(rig.replies()).toEqual([]);
  });
});

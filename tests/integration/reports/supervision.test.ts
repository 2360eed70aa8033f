// Supervision (督办) across the consoles of a NOC, protocol 1.1: checks and
// urges to the city NOC and the handler, their replies, the echo that every
// console counts, and claims that let one console file a cadence report. Two
// consoles are two cores with two caches on one real source.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { boardRows } from '../../../electron/core/board/rows';
import { chromiumPdfPrinter } from '../../../electron/core/pdf';
import type { DraftEvent } from '../../../electron/simulator/draft';
import type { FeedServer } from '../../../electron/simulator/server';
import type { BoardRow } from '../../../shared/contract';
import type { ClockName } from '../../../shared/domain';
import { upwardReport } from '../../../shared/protocol';
import { urgeableClocks } from '../../../shared/reports';
import { tempDir } from '../support/cache';
import { KEY, MINUTE, OPEN_TICKET, SOURCE, T0, TICKET, startConsole, startServer, until, type Rig } from './harness';

const printer = chromiumPdfPrinter();
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(() => printer.close());

interface Room {
  server: FeedServer;
  now: { value: number };
  /** The duty lead's desk and the wall machine: two cores, two caches. */
  desk: Rig;
  wall: Rig;
  dir: ReturnType<typeof tempDir>;
}

async function room(minutes = 140): Promise<Room> {
  const dir = tempDir('supervision');
  const now = { value: T0 + minutes * MINUTE };
  const server = await startServer(now, OPEN_TICKET);
  const desk = await startConsole({ file: dir.file('desk.db'), server, now, printer, consoleName: 'desk-duty', operator: '张晓华' });
  const wall = await startConsole({ file: dir.file('wall.db'), server, now, printer, consoleName: 'wall-1', operator: '李娜' });
  closers.push(async () => {
    await wall.close();
    await desk.close();
    await server.close();
    dir.remove();
  });
  await Promise.all([desk.connected(), wall.connected()]);
  return { server, now, desk, wall, dir };
}

const rowOf = (r: Rig): BoardRow => boardRows(r.engine, 'group', r.now.value).find((row) => row.ticketId === TICKET)!;
const clockOf = (r: Rig, name: string) => rowOf(r).clocks.filter((c) => c.name === name).at(-1)!;

describe('checks (核实)', () => {
  it('asks the city NOC and the handler, each under its claimed cycle, and the check clock restarts on every console', async () => {
    const { desk, wall, server } = await room();
    const before = clockOf(desk, 'check');
    expect(before).toMatchObject({ index: 0, startedAt: T0, state: 'breached' });
    const sent = await desk.service.check(KEY);
    expect(sent.map((e) => e.audience)).toEqual(['city-noc', 'handler']);
    for (const entry of sent) expect(entry).toMatchObject({ kind: 'check', console: 'desk-duty', operator: '张晓华', claimCycle: before.dueAt });
    for (const entry of sent) expect(await desk.answered(entry.id)).toMatchObject({ state: 'acknowledged' });

    const filed = server.reports().map((f) => upwardReport.parse(f.report));
    expect(filed.map((r) => [r.kind, r.audience])).toEqual([
      ['check', 'city-noc'],
      ['check', 'handler'],
    ]);
    expect(filed[0]!.operator).toEqual({ name: '张晓华', console: 'desk-duty' });
    expect(filed[0]!.body).toContain('地市网监中心：请反馈工单 JS-NJ-20261122-0007（南京市公安局');
    expect(filed[1]!.body).toContain('故障处理人：');

    // The wall never sent a check, yet its check clock restarted from the desk's, from the echo alone.
    await until(() => sent.every((e) => wall.echoes.has(e.id)), 'the echoes on the wall');
    for (const r of [desk, wall]) expect(clockOf(r, 'check')).toMatchObject({ index: 1, startedAt: sent[1]!.createdAt, state: 'ok' });
    expect(wall.store.read((reads) => reads.outbox.ofTicket(SOURCE.id, TICKET))).toEqual([]);
    // Both parties asked: the wall shows them awaiting an answer.
    const awaiting = rowOf(wall).supervision.checks;
    expect(awaiting['city-noc']).toMatchObject({ reply: null, noReply: false, operator: { name: '张晓华', console: 'desk-duty' } });
    expect(awaiting.handler).toMatchObject({ reply: null, noReply: false });
  });

  it('shows the replies on every console, and flags a party that has not answered in 15 minutes', async () => {
    const { desk, wall, server, now } = await room();
    const sent = await desk.service.check(KEY);
    for (const entry of sent) await desk.answered(entry.id);
    // An hour on the source's clock: the replies due by then arrive as `replied` events.
    now.value += 60 * MINUTE;
    const released = server.releaseReplies();
    await Promise.all([desk.connected(), wall.connected()]);
    const checks = rowOf(wall).supervision.checks;
    const answered = [checks['city-noc'], checks.handler].filter((c) => c?.reply);
    expect(answered).toHaveLength(released);
    for (const check of [checks['city-noc'], checks.handler]) {
      // A party that has not answered within the policy's 15 minutes is flagged; one that has, is not.
      expect(check!.noReply).toBe(check!.reply === null);
    }
    if (released > 0) {
      const last = rowOf(wall).supervision.lastReply!;
      expect(last).toMatchObject({ kind: 'check' });
      expect(['city-noc', 'handler']).toContain(last.by);
      expect(rowOf(desk).supervision.lastReply).toEqual(last);
    }
  });

  it('refuses a check of a ticket the policy does not check, and writes nothing', async () => {
    const dir = tempDir('supervision-province');
    const now = { value: T0 + 140 * MINUTE };
    // The same fault on a province-tier customer that is not a major fault: no check clock.
    const drafts = OPEN_TICKET.map((e): DraftEvent =>
      e.type === 'created'
        ? { ...e, data: { ...e.data, customer: { id: 'C-1', name: '南京某公司', tier: 'localA' }, circuit: { id: 'X', level: 'normal' }, faultLevel: 3 } }
        : e,
    );
    const server = await startServer(now, drafts);
    const desk = await startConsole({ file: dir.file('c.db'), server, now, printer });
    closers.push(async () => {
      await desk.close();
      await server.close();
      dir.remove();
    });
    await desk.connected();
    await expect(desk.service.check(KEY)).rejects.toThrow(/not checked under policy/);
    expect(desk.store.read((reads) => reads.outbox.ofTicket(SOURCE.id, TICKET))).toEqual([]);
  });
});

describe('urges (催办)', () => {
  it('presses a party on a clock it works to, in warning or breached, naming the clock; refuses one on time or the NOC\'s own', async () => {
    // Four hours in: the repair of an AAA circuit is past its limit, and so is the NOC's own check.
    const { desk, server } = await room(240);
    const row = rowOf(desk);
    const refused = (clock: { name: ClockName; index: number }) =>
      expect(desk.service.urge(KEY, { audience: 'handler', subject: { clock: clock.name, index: clock.index } })).rejects.toThrow(/can be urged/);
    await refused(row.clocks.find((c) => c.state === 'met')!);
    await refused(row.clocks.find((c) => c.name === 'check' && c.state === 'breached')!);
    const [late] = urgeableClocks(row.clocks);
    expect(late).toMatchObject({ name: 'repair', state: 'breached' });
    const entry = await desk.service.urge(KEY, { audience: 'handler', subject: { clock: late!.name, index: late!.index } });
    expect(await desk.answered(entry.id)).toMatchObject({ state: 'acknowledged', kind: 'urge', subject: { clock: 'repair', index: late!.index } });
    const filed = upwardReport.parse(server.reports()[0]!.report);
    expect(filed).toMatchObject({ kind: 'urge', audience: 'handler', subject: { clock: 'repair', index: late!.index } });
    expect(filed.body).toContain('修复时限已超时');
    expect(rowOf(desk).supervision.urges).toBe(1);
  });
});

describe('many consoles, one truth', () => {
  it('clears a progress report sent from the desk on the wall, from the echo', async () => {
    const { desk, wall } = await room();
    expect(clockOf(wall, 'upwardProgress')).toMatchObject({ index: 0, state: 'breached' });
    const entry = await desk.answered((await desk.service.send(KEY, 'progress')).id);
    await until(() => wall.echoes.has(entry.id), 'the echo on the wall');
    expect(clockOf(wall, 'upwardProgress')).toMatchObject({ index: 1, startedAt: entry.createdAt, state: 'ok' });
    expect(rowOf(wall).nextReport?.kind).not.toBe('progress');
  });

  it('files one progress report when two consoles press at once: the other yields and says who is reporting', async () => {
    const { desk, wall, server } = await room();
    const [fromDesk, fromWall] = await Promise.all([desk.service.send(KEY, 'progress'), wall.service.send(KEY, 'progress')]);
    const ends = await Promise.all([
      until(() => ['acknowledged', 'yielded'].includes(desk.report(fromDesk.id)!.state), 'the desk report to end').then(() => desk.report(fromDesk.id)!),
      until(() => ['acknowledged', 'yielded'].includes(wall.report(fromWall.id)!.state), 'the wall report to end').then(() => wall.report(fromWall.id)!),
    ]);
    expect(ends.map((e) => e.state).sort()).toEqual(['acknowledged', 'yielded']);
    expect(server.reports().filter((f) => f.report.kind === 'progress')).toHaveLength(1);
    const winner = ends.find((e) => e.state === 'acknowledged')!;
    const loser = ends.find((e) => e.state === 'yielded')!;
    expect(loser.claimedBy).toEqual({ name: winner.operator, console: winner.console });
    expect(loser.attempts).toBe(0);
    // A yielded report is not sent again by hand either.
    const loserRig = loser.console === 'desk-duty' ? desk : wall;
    await expect(loserRig.service.resend(loser.id, {})).rejects.toThrow(/claimed its cycle first/);
  });

  it('ends a report sent just before a crash acknowledged once, by its echo, after the restart', async () => {
    const dir = tempDir('supervision-crash');
    const now = { value: T0 + 140 * MINUTE };
    const server = await startServer(now, OPEN_TICKET);
    const first = await startConsole({ file: dir.file('desk.db'), server, now, printer });
    await first.connected();
    // The server files the report, the line drops before its answer leaves, and the console is shut
    // down while it cannot reconnect: its outbox still says `sent`, and the echo is in the stream.
    server.faults.reportRule = () => {
      server.faults.refuseTokens = true;
      server.dropConnections();
      return null;
    };
    const sent = await first.service.send(KEY, 'progress');
    await until(() => server.reports().length === 1 && first.report(sent.id)!.state === 'sent', 'the report filed, unanswered');
    await first.close();
    server.faults.reportRule = null;
    server.faults.refuseTokens = false;

    const second = await startConsole({ file: dir.file('desk.db'), server, now, printer });
    closers.push(async () => {
      await second.close();
      await server.close();
      dir.remove();
    });
    const ended = await second.answered(sent.id);
    expect(ended).toMatchObject({ state: 'acknowledged', receipt: server.reports()[0]!.receipt });
    expect(server.reports()).toHaveLength(1);
    expect(second.store.read((reads) => reads.outbox.pending())).toEqual([]);
    expect(clockOf(second, 'upwardProgress')).toMatchObject({ index: 1, startedAt: sent.createdAt });
  });
});

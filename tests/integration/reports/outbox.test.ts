import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { boardRows } from '../../../electron/core/board/rows';
import { chromiumPdfPrinter } from '../../../electron/core/pdf';
import type { FeedServer } from '../../../electron/simulator/server';
import { upwardReport } from '../../../shared/protocol';
import { parseRfc3339 } from '../../../shared/time';
import { tempDir } from '../support/cache';
import { KEY, MINUTE, OPEN_TICKET, REPAIRED_TICKET, SOURCE, T0, TICKET, startConsole, startServer, until, type Rig } from './harness';

const printer = chromiumPdfPrinter();
let dir: ReturnType<typeof tempDir>;
const closers: (() => Promise<void>)[] = [];

async function rig(drafts = OPEN_TICKET, minutes = 140): Promise<Rig & { dir: typeof dir }> {
  dir = tempDir('reports');
  const now = { value: T0 + minutes * MINUTE };
  const server = await startServer(now, drafts);
  const console = await startConsole({ file: dir.file('cache.db'), server, now, printer });
  closers.push(async () => {
    await console.close();
    await server.close();
    dir.remove();
  });
  await console.connected();
  return { ...console, dir };
}

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(() => printer.close());

describe('one click', () => {
  it('writes the report to the outbox, sends it once with the ticket facts, and shows the receipt', async () => {
    const r = await rig();
    const queued = await r.service.send(KEY, 'progress');
    // A send returns once the report is on disk and queued; the rest arrives as pushes.
    expect(queued.state).toBe('queued');
    const entry = await r.answered(queued.id);
    expect(entry.state).toBe('acknowledged');
    const filed = r.server.reports();
    expect(filed).toHaveLength(1);
    const report = upwardReport.parse(filed[0]!.report);
    expect(report).toMatchObject({ id: entry.id, ticketId: TICKET, kind: 'progress', audience: 'group', createdAt: '2026-11-22T11:20:00+08:00' });
    expect(entry.receipt).toBe(filed[0]!.receipt);
    expect(entry.receivedAt).toBe(parseRfc3339(filed[0]!.receivedAt));
    expect(report.title).toBe('关于南京市公安局MPLS-VPN故障处理进度的报告（JS-NJ-20261122-0007）');
    for (const fact of ['NJ-MPLS-2026-0007', '南京', '鼓楼区', '集团级', '管线中心 赵磊', '处理中', '正在熔接', '张晓华', '2026-11-22 09:00']) {
      expect(report.body).toContain(fact);
    }
    // Every clock with its state and the policy version behind the limits.
    expect(report.body).toMatch(/派单；时限标准 15 分钟；.*执行情况 按时完成/);
    expect(report.body).toContain(`时限策略 ${r.engine.policy.version}`);
    // The outbox row was there before the send, in the order queued → sent → acknowledged.
    // (Its echo is pushed too, acknowledged again: the same state, once more.)
    const states = r.changes.filter((c) => c.id === entry.id).map((c) => c.state);
    expect(states.filter((state, i) => state !== states[i - 1])).toEqual(['queued', 'sent', 'acknowledged']);
  });

  it('sends one report for two clicks that race', async () => {
    const r = await rig();
    const [a, b] = await Promise.all([r.service.send(KEY, 'stage-feedback'), r.service.send(KEY, 'stage-feedback')]);
    expect(a.id).toBe(b.id);
    await r.answered(a.id);
    expect(r.server.reports()).toHaveLength(1);
    expect(r.store.read((reads) => reads.outbox.ofTicket(SOURCE.id, TICKET))).toHaveLength(1);
  });

  it('sends every due report of a board in one action', async () => {
    const r = await rig();
    const sent = await r.service.sendDue('group');
    // The check (核实) of a group-tier fault is due too: one to the city NOC, one to the handler.
    const owed = ['check:city-noc', 'check:handler', 'progress:group', 'stage-feedback:province-account-manager'];
    expect(sent.map((e) => `${e.kind}:${e.audience}`).sort()).toEqual(owed);
    for (const entry of sent) await r.answered(entry.id);
    expect(r.server.reports().map((f) => `${f.report.kind}:${f.report.audience}`).sort()).toEqual(owed);
    // Acknowledged cadences are no longer due: a second press sends nothing.
    expect(await r.service.sendDue('group')).toEqual([]);
    expect(r.server.reports()).toHaveLength(4);
  });
});

describe('delivery', () => {
  it('files exactly one report when the connection is cut before the acknowledgement and restored', async () => {
    const r = await rig();
    let cuts = 0;
    // The server files the report, then the connection drops before its answer leaves.
    r.server.faults.reportRule = () => {
      if (cuts++ === 0) r.server.dropConnections();
      return null;
    };
    const first = await r.service.send(KEY, 'progress');
    const acknowledged = await r.answered(first.id);
    expect(acknowledged.state).toBe('acknowledged');
    expect(r.server.reports()).toHaveLength(1);
    expect(acknowledged.receipt).toBe(r.server.reports()[0]!.receipt);
    // Acknowledged by the retry's answer, or by the echo the reconnect brought before the retry left.
    expect(acknowledged.attempts).toBeGreaterThanOrEqual(1);
    expect(acknowledged.attempts).toBeLessThanOrEqual(2);
  });

  it('waits while the source is down and sends once when it is back', async () => {
    const r = await rig();
    r.server.faults.refuseTokens = true;
    r.server.dropConnections();
    // Refused, not merely between two attempts: on a busy machine the retry may come before or after the send.
    await until(() => r.feeds.status().sources[0]!.state === 'unauthorized', 'the feed to be refused');
    const queued = await r.service.send(KEY, 'progress');
    expect(queued.state).toBe('queued');
    await until(() => r.report(queued.id)?.lastError?.includes('not connected') === true, 'the sender to note the source is down');
    expect(r.report(queued.id)!.state).toBe('queued');
    r.server.faults.refuseTokens = false;
    expect((await r.answered(queued.id)).state).toBe('acknowledged');
    expect(r.server.reports()).toHaveLength(1);
  });

  it('sends a report left unacknowledged by a stopped console once, after the restart', async () => {
    dir = tempDir('reports-restart');
    const now = { value: T0 + 140 * MINUTE };
    let server: FeedServer = await startServer(now, OPEN_TICKET);
    const port = Number(new URL(server.url).port);
    const first = await startConsole({ file: dir.file('cache.db'), server, now, printer });
    await first.connected();
    // The source goes away; the click still writes the report, which cannot leave.
    await server.close();
    await until(() => first.feeds.status().sources[0]!.state !== 'connected', 'the feed to drop');
    const written = await first.service.send(KEY, 'progress');
    expect(written.state).toBe('queued');
    await until(() => first.report(written.id)?.lastError?.includes('not connected') === true, 'the sender to note the source is down');
    await first.close();

    server = await startServer(now, OPEN_TICKET, port);
    const second = await startConsole({ file: dir.file('cache.db'), server, now, printer });
    closers.push(async () => {
      await second.close();
      await server.close();
      dir.remove();
    });
    expect((await second.answered(written.id)).state).toBe('acknowledged');
    expect(server.reports().map((f) => f.report.id)).toEqual([written.id]);
    expect(second.store.read((reads) => reads.outbox.pending())).toEqual([]);
  });
});

describe('refusal', () => {
  it('keeps the server reason; resending unchanged keeps the id, editing makes a new report', async () => {
    const r = await rig();
    r.server.faults.reportRule = () => ({ code: 'ticket-locked', message: '工单已被集团锁定，暂不接收上报' });
    const refused = await r.answered((await r.service.send(KEY, 'progress')).id);
    expect(refused.state).toBe('refused');
    expect(refused.refusal).toEqual({ code: 'ticket-locked', message: '工单已被集团锁定，暂不接收上报' });
    expect(r.server.reports()).toHaveLength(0);

    // Still refused: the same report under the same id.
    let since = r.changes.length;
    const again = await r.answered((await r.service.resend(refused.id, {})).id, since);
    expect(again).toMatchObject({ id: refused.id, state: 'refused' });

    r.server.faults.reportRule = null;
    since = r.changes.length;
    const edited = await r.answered((await r.service.resend(refused.id, { body: `${refused.body}\n补充：集团已解锁。` })).id, since);
    expect(edited.id).not.toBe(refused.id);
    expect(edited).toMatchObject({ state: 'acknowledged', replaces: refused.id });
    expect(r.report(refused.id)).toMatchObject({ state: 'refused', supersededBy: edited.id });
    await expect(r.service.resend(refused.id, {})).rejects.toThrow(/edited and resent/);
    expect(r.server.reports().map((f) => f.report.id)).toEqual([edited.id]);
    expect(r.server.reports()[0]!.report.body).toContain('补充：集团已解锁。');
  });

  it('files an unchanged refused report under its own id once the server accepts it', async () => {
    const r = await rig();
    r.server.faults.reportRule = () => ({ code: 'busy', message: '系统维护中' });
    const refused = await r.answered((await r.service.send(KEY, 'stage-feedback')).id);
    r.server.faults.reportRule = null;
    const since = r.changes.length;
    const resent = await r.answered((await r.service.resend(refused.id, { title: refused.title, body: refused.body })).id, since);
    expect(resent).toMatchObject({ id: refused.id, state: 'acknowledged', refusal: null });
    expect(r.server.reports().map((f) => f.report.id)).toEqual([refused.id]);
  });
});

describe('cadence', () => {
  it('restarts the progress cadence from the report time once acknowledged, and says which ticket changed', async () => {
    const r = await rig();
    const clockOf = () => boardRows(r.engine, 'group', r.now.value)[0]!.clocks.find((c) => c.name === 'upwardProgress')!;
    const before = clockOf();
    expect(before).toMatchObject({ index: 0, startedAt: T0, state: 'breached' });

    const entry = await r.answered((await r.service.send(KEY, 'progress')).id);
    const after = clockOf();
    expect(after).toMatchObject({ index: 1, startedAt: entry.createdAt, state: 'ok', dueAt: entry.createdAt + 30 * MINUTE });
    expect(r.acknowledged).toEqual([KEY]);
    // A refused report moves no clock.
    r.server.faults.reportRule = () => ({ code: 'no', message: 'no' });
    r.now.value += 5 * MINUTE;
    await r.answered((await r.service.send(KEY, 'stage-feedback')).id);
    expect(boardRows(r.engine, 'group', r.now.value)[0]!.clocks.find((c) => c.name === 'stageFeedback')!.index).toBe(0);
  });
});

describe('fault report', () => {
  // Prints with a cold Chromium: a generous limit for a busy CI machine (bench/print.ts measures the speed).
  it('attaches its A4 PDF to the upward report, and is refused without the words a person writes', { timeout: 180_000 }, async () => {
    const r = await rig(REPAIRED_TICKET, 300);
    await expect(r.service.send(KEY, 'fault-report')).rejects.toThrow(/cause \(原因分析\) is empty/);
    await expect(r.service.send(KEY, 'fault-report', { cause: '光缆被挖断', measures: '熔接修复', prevention: '  ', confirmer: '刘卫东' })).rejects.toThrow(
      /prevention \(预防措施\) is empty/,
    );
    expect(r.server.reports()).toHaveLength(0);
    const entry = await r.answered((await r.service.send(KEY, 'fault-report', { cause: '光缆被挖断', measures: '熔接修复', prevention: '施工前交底', confirmer: '刘卫东' })).id);
    expect(entry).toMatchObject({ state: 'acknowledged', audience: 'customer', attachments: [{ mime: 'application/pdf' }] });
    const attachment = r.server.reports()[0]!.report.attachments![0]!;
    expect(attachment.name).toBe('故障处理报告_JS-NJ-20261122-0007_2026-11-22_1400.pdf');
    expect(Buffer.from(attachment.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(r.server.reports()[0]!.report.body).toContain('预防措施：施工前交底');
  });
});

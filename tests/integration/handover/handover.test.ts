// Shift handover (交接班) on a hand-built shift: the sheet lists exactly the
// obligations running at the moment of handover with their due times; a
// handover while a group-tier clock is breached needs a reason; the signed
// sheet goes upstream with its PDF and the incoming lead, at another console
// (another core, another cache), sees it by the echo and acknowledges it, which
// the outgoing console sees by the echo in turn.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AlarmService } from '../../../electron/core/alarms/service';
import { HandoverService } from '../../../electron/core/handover/service';
import { chromiumPdfPrinter } from '../../../electron/core/pdf';
import { ReportTemplates } from '../../../electron/core/reports/templates';
import type { DraftEvent } from '../../../electron/simulator/draft';
import type { AlarmDto, HandoverEntry, HandoverSheet } from '../../../shared/contract';
import { DEFAULT_SHIFTS, sheetItems } from '../../../shared/handover';
import { upwardReport, type CustomerTier } from '../../../shared/protocol';
import { toShanghaiIso } from '../../../shared/time';
import { tempDir } from '../support/cache';
import { KEY, MINUTE, OPEN_TICKET, TICKET, startConsole, startServer, until, type Rig } from '../reports/harness';

const printer = chromiumPdfPrinter();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(() => printer.close());

/** Shanghai wall time of 2026-11-22 (T0's day) as epoch ms. */
const on22 = (hhmm: string) => Date.parse(`2026-11-22T${hhmm}:00+08:00`);
const iso = (hhmm: string) => toShanghaiIso(on22(hhmm));

const PROVINCE_TICKET = 'JS-SZ-20261122-0031';
const CLOSED_TICKET = 'JS-WX-20261122-0012';
const LOCAL_TICKET = 'JS-YZ-20261122-0090';

const created = (ticketId: string, at: string, tier: CustomerTier, extra: Record<string, unknown> = {}): DraftEvent => ({
  id: `${ticketId}-1`,
  ticketId,
  type: 'created',
  at: iso(at),
  data: {
    customer: { id: `C-${ticketId}`, name: `${ticketId} 客户`, tier },
    circuit: { id: `CIR-${ticketId}`, level: 'normal' },
    service: 'ddn',
    city: '苏州',
    district: '姑苏区',
    channel: 'province-one-stop',
    title: 'DDN专线中断',
    faultLevel: 3,
    accountManager: { name: '周敏', phone: '13900000001' },
    ...extra,
  },
});

/**
 * The day shift of 2026-11-22 (08:00–20:00): the group-tier fault of the
 * harness (since 09:00, in repair), a province-tier fault opened at 19:20, a
 * province-tier fault closed at 10:10 that still owes its fault report, and a
 * local C fault the sheet leaves out.
 */
const SHIFT: DraftEvent[] = [
  ...OPEN_TICKET,
  created(PROVINCE_TICKET, '19:20', 'province'),
  { id: `${PROVINCE_TICKET}-2`, ticketId: PROVINCE_TICKET, type: 'dispatched', at: iso('19:30'), data: { center: 'support', handler: '钱伟' } },
  created(CLOSED_TICKET, '08:30', 'province'),
  { id: `${CLOSED_TICKET}-2`, ticketId: CLOSED_TICKET, type: 'dispatched', at: iso('08:35'), data: { center: 'support', handler: '孙丽' } },
  { id: `${CLOSED_TICKET}-3`, ticketId: CLOSED_TICKET, type: 'accepted', at: iso('08:40'), data: { handler: '孙丽' } },
  { id: `${CLOSED_TICKET}-4`, ticketId: CLOSED_TICKET, type: 'repaired', at: iso('10:00'), data: { cause: '尾纤松动', resolution: '重新插接' } },
  { id: `${CLOSED_TICKET}-5`, ticketId: CLOSED_TICKET, type: 'confirmed', at: iso('10:05'), data: { by: '陈晨' } },
  { id: `${CLOSED_TICKET}-6`, ticketId: CLOSED_TICKET, type: 'closed', at: iso('10:10'), data: {} },
  created(LOCAL_TICKET, '18:00', 'localC'),
];

function handoversOf(rig: Rig, consoleName: string): HandoverService {
  return new HandoverService({
    engine: rig.engine,
    reports: rig.reports,
    printer,
    templates: new ReportTemplates(),
    now: () => rig.now.value,
    shifts: () => DEFAULT_SHIFTS,
    consoleName: () => consoleName,
  });
}

async function room() {
  const dir = tempDir('handover');
  const now = { value: on22('19:00') };
  const server = await startServer(now, SHIFT);
  const desk = await startConsole({ file: dir.file('desk.db'), server, now, printer, consoleName: 'desk-duty', operator: '张晓华' });
  const wall = await startConsole({ file: dir.file('wall.db'), server, now, printer, consoleName: 'desk-2', operator: '李娜' });
  closers.push(async () => {
    await wall.close();
    await desk.close();
    await server.close();
    dir.remove();
  });
  await Promise.all([desk.connected(), wall.connected()]);
  // 19:00 the outgoing lead checks the group-tier fault (nobody answers); 19:10 asks the group to suspend it.
  for (const entry of await desk.service.check(KEY)) await desk.answered(entry.id);
  now.value = on22('19:10');
  await desk.answered((await desk.service.send(KEY, 'suspend-request')).id);
  now.value = on22('19:40');
  await until(() => wall.echoes.size === 3, 'the wall to hear the three reports');
  await Promise.all([desk.engine.flushed(), wall.engine.flushed()]);
  return { dir, now, server, desk, wall };
}

describe('the handover sheet', () => {
  it('lists exactly the running obligations of the open group/province tickets, soonest due first, with the shift’s breaches and what still waits', async () => {
    const { desk, dir } = await room();
    const sheet = handoversOf(desk, 'desk-duty').sheet(desk.now.value, '南京公安专线仍在熔接，22:00 前回访');
    expect(sheet.shift).toEqual({ from: on22('08:00'), to: on22('20:00') });
    expect(sheet.tickets).toBe(2);
    const row = (o: (typeof sheet.obligations)[number]) => [o.ticketId, o.clock, o.index, o.state, o.dueAt === null ? null : toShanghaiIso(o.dueAt)];
    expect(sheet.obligations.map(row)).toEqual([
      [TICKET, 'firstEscalation', 0, 'breached', iso('09:05')],
      [TICKET, 'stageFeedback', 0, 'breached', iso('09:30')],
      [TICKET, 'upwardProgress', 0, 'breached', iso('09:30')],
      [TICKET, 'repair', 0, 'breached', iso('11:00')],
      [PROVINCE_TICKET, 'firstEscalation', 0, 'breached', iso('19:25')],
      [TICKET, 'check', 1, 'breached', iso('19:30')],
      [PROVINCE_TICKET, 'stageFeedback', 0, 'ok', iso('19:50')],
      [PROVINCE_TICKET, 'accept', 0, 'ok', iso('20:00')],
      [PROVINCE_TICKET, 'repair', 0, 'ok', iso('23:20')],
      [CLOSED_TICKET, 'faultReport', 0, 'ok', toShanghaiIso(on22('10:05') + 24 * 60 * MINUTE)],
    ]);
    expect(sheet.obligations.some((o) => o.ticketId === LOCAL_TICKET)).toBe(false);
    // Breached during the shift, the closed ticket's among them.
    const breaches = sheet.breaches.map((b) => `${b.ticketId} ${b.clock}#${b.index} ${b.state} ${toShanghaiIso(b.breachedAt).slice(11, 16)}`).sort();
    expect(breaches).toEqual(
      [
        `${CLOSED_TICKET} firstEscalation#0 metLate 08:35`,
        `${CLOSED_TICKET} stageFeedback#0 metLate 09:00`,
        `${PROVINCE_TICKET} firstEscalation#0 breached 19:25`,
        `${TICKET} accept#1 metLate 10:18`,
        `${TICKET} check#0 metLate 09:30`,
        `${TICKET} check#1 breached 19:30`,
        `${TICKET} firstEscalation#0 breached 09:05`,
        `${TICKET} repair#0 breached 11:00`,
        `${TICKET} stageFeedback#0 breached 09:30`,
        `${TICKET} upwardProgress#0 breached 09:30`,
      ].sort(),
    );
    expect(sheet.reports).toMatchObject({ sent: 3, queued: 0, refused: 0 });
    expect(sheet.unansweredChecks.map((c) => [c.ticketId, c.party, toShanghaiIso(c.createdAt)])).toEqual([
      [TICKET, 'city-noc', iso('19:00')],
      [TICKET, 'handler', iso('19:00')],
    ]);
    expect(sheet.pendingSuspensions.map((s) => [s.ticketId, s.state, toShanghaiIso(s.createdAt)])).toEqual([[TICKET, 'echoed', iso('19:10')]]);
    // No alarm service ran on this cache: the log holds nothing, and the sheet says "none" of what it does track.
    expect(sheet.alarms).toEqual({ tracked: true, unacknowledged: [], feeds: [] });
    expect(sheet.leftOut).toEqual(['localTickets', 'otherConsolesQueues', 'closedTicketsExceptFaultReport']);

    // `noc handover` prints the same sheet in the shape, from the same cache.
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'electron/cli/noc.ts', 'handover', '--db', dir.file('desk.db'), '--at', iso('19:40'), '--json'], {
      encoding: 'utf8',
    });
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['at', 'shift', 'obligations', 'breaches', 'reports', 'unansweredChecks', 'pendingSuspensions', 'unacknowledgedAlarms', 'note']);
    expect(json.shift).toEqual({ from: iso('08:00'), to: iso('20:00') });
    expect(json.obligations).toEqual(sheet.obligations.map((o) => ({ source: o.source, ticketId: o.ticketId, clock: o.clock, index: o.index, state: o.state, dueAt: o.dueAt && toShanghaiIso(o.dueAt) })));
    expect(json.reports).toEqual({ sent: 3, queued: 0, refused: 0 });
    expect(json.unacknowledgedAlarms).toEqual([]);
  }, 120_000);
});

/** An alarm service on a console of the room, as the app runs one, once it has derived every open ticket's alarms. */
async function alarmsOn(rig: Rig, consoleName: string) {
  const service = new AlarmService({ engine: rig.engine, reports: rig.reports, feeds: rig.feeds, now: () => rig.now.value, consoleName: () => consoleName, onChange: () => {} });
  service.start();
  closers.push(() => service.stop());
  await service.derived();
  return service;
}

const alarmRows = (sheet: HandoverSheet) => {
  if (!sheet.alarms.tracked) throw new Error('alarms not tracked');
  return sheet.alarms.unacknowledged.map((a) => `${a.ticketId} ${a.clock}#${a.index} ${a.severity} ${toShanghaiIso(a.since).slice(11, 16)}`);
};

describe('the alarms on the handover sheet', () => {
  it('lists exactly the alarms nobody had acknowledged at the moment of handover, from the alarm log, acknowledged on either console', async () => {
    const { desk, wall, now, server, dir } = await room();
    const deskAlarms = await alarmsOn(desk, 'desk-duty');
    const wallAlarms = await alarmsOn(wall, 'desk-2');
    const breachAlarm = (clock: string, ticketId = TICKET): AlarmDto => {
      const found = deskAlarms.page().alarms.find((a) => a.ticketId === ticketId && a.clock === clock && a.cause !== 'cadenceDue');
      if (!found) throw new Error(`no ${clock} alarm of ${ticketId}`);
      return found;
    };
    const raised = [
      `${TICKET} firstEscalation#0 critical 09:05`,
      `${TICKET} stageFeedback#0 critical 09:30`,
      `${TICKET} upwardProgress#0 critical 09:30`,
      `${TICKET} repair#0 critical 11:00`,
      `${PROVINCE_TICKET} firstEscalation#0 major 19:25`,
      `${TICKET} check#1 critical 19:30`,
    ];
    await until(() => desk.store.read((reads) => reads.alarms.soundingPage(null, Number.MAX_SAFE_INTEGER).alarms).length >= raised.length, "the desk's alarm log");
    const outgoing = handoversOf(desk, 'desk-duty');
    expect(alarmRows(outgoing.sheet(now.value))).toEqual(raised);

    // 19:45 the wall acknowledges the repair alarm, the desk the province ticket's; each reaches the other console by the echo alone.
    now.value = on22('19:45');
    const wallRepair = wallAlarms.page().alarms.find((a) => a.id === breachAlarm('repair').id)!;
    const fromWall = await wallAlarms.acknowledge(wallRepair.id, { operator: '李娜', locale: 'zh-CN' });
    await wall.answered(fromWall.report!.id);
    const fromDesk = await deskAlarms.acknowledge(breachAlarm('firstEscalation', PROVINCE_TICKET).id, { operator: '张晓华', locale: 'zh-CN' });
    await desk.answered(fromDesk.report!.id);
    const acknowledgedInLog = () => desk.store.read((reads) => reads.alarms.soundingPage(null, Number.MAX_SAFE_INTEGER).alarms).filter((a) => a.acknowledged).length;
    await until(() => acknowledgedInLog() === 2, "both acknowledgements in the desk's alarm log");

    // 19:50 the group-tier fault is repaired: its repair and check alarms clear.
    now.value = on22('19:50');
    server.append([{ id: `${TICKET}-repaired`, ticketId: TICKET, type: 'repaired', at: iso('19:50'), data: { cause: '光缆挖断', resolution: '熔接修复' } }]);
    // The two by name: a count of every cleared alarm waited forever when the full suite's load made one more clear first.
    const cleared = (clock: string) => desk.store.read((reads) => reads.alarms.between(0, Infinity, 500)).some((a) => a.ticketId === TICKET && a.clock === clock && a.cause !== 'cadenceDue' && a.clearedAt !== null);
    await until(() => cleared('repair') && cleared('check'), 'the cleared repair and check alarms in the log');

    // The sheet at each instant: before the acknowledgements, between them and the repair, after it.
    expect(alarmRows(outgoing.sheet(on22('19:44')))).toEqual(raised);
    const afterAcks = raised.filter((row) => !row.startsWith(`${TICKET} repair#0`) && !row.startsWith(`${PROVINCE_TICKET} firstEscalation#0`));
    expect(alarmRows(outgoing.sheet(on22('19:49')))).toEqual(afterAcks);
    const atHandover = outgoing.sheet(now.value);
    expect(alarmRows(atHandover)).toEqual(afterAcks.filter((row) => !row.startsWith(`${TICKET} check#1`)));
    expect(atHandover.alarms).toMatchObject({ feeds: [] });
    expect(atHandover.alarms.tracked && atHandover.alarms.unacknowledged[0]).toMatchObject({ customer: '南京市公安局', tier: 'group', city: '南京', boards: ['group', 'province'] });
    // Each is an item the incoming lead acknowledges.
    expect(sheetItems(atHandover).filter((item) => item.startsWith('alarm:'))).toEqual([
      `alarm:js-group:${TICKET}:firstEscalation:0`,
      `alarm:js-group:${TICKET}:stageFeedback:0`,
      `alarm:js-group:${TICKET}:upwardProgress:0`,
    ]);

    // The signed sheet's A4 page prints them.
    const signed = await outgoing.sign({ operator: '张晓华', locale: 'zh-CN', note: '交班', reason: '已报集团' });
    const pdf = await outgoing.pdf(signed.id, 'zh-CN');
    writeFileSync(dir.file('alarms.pdf'), Buffer.from(pdf.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', dir.file('alarms.pdf'), '-'], { encoding: 'utf8' });
    const alarmsPart = text.slice(text.lastIndexOf('未认领告警'));
    for (const clock of ['首次上报', '阶段反馈', '集团进度上报']) expect(alarmsPart).toContain(clock);
    expect(alarmsPart.match(/紧急/g)).toHaveLength(3);
    expect(alarmsPart).not.toContain('未纳入');
  }, 120_000);
});

describe('signing and acknowledging', () => {
  it('refuses a signature without a reason while a group-tier clock is breached; the signed sheet reaches the other console, whose acknowledgement comes back', async () => {
    const { desk, wall, server, dir } = await room();
    const outgoing = handoversOf(desk, 'desk-duty');
    const incoming = handoversOf(wall, 'desk-2');
    const by = { operator: '张晓华', locale: 'zh-CN' as const };
    await expect(outgoing.sign({ ...by, note: '交班' })).rejects.toThrow(/group-tier clock\(s\) breached .*needs a stated reason/);
    await expect(outgoing.sign({ ...by, note: '交班', reason: '   ' })).rejects.toThrow(/stated reason/);
    expect(desk.store.read((reads) => reads.handovers.latest(10))).toEqual([]);

    const signed = await outgoing.sign({ ...by, note: '南京公安专线仍在熔接', reason: '抢修现场已由接班人接手，超时已报集团' });
    expect(signed).toMatchObject({ outgoing: { by: '张晓华', console: 'desk-duty', at: on22('19:40') }, reason: '抢修现场已由接班人接手，超时已报集团', acknowledged: null });
    await desk.answered(signed.id);
    const filed = upwardReport.parse(server.reports().at(-1)!.report);
    expect(filed).toMatchObject({ id: signed.id, kind: 'handover', audience: 'noc', ticketId: null, operator: { name: '张晓华', console: 'desk-duty' } });
    expect(filed.attachments?.[0]).toMatchObject({ mime: 'application/pdf' });
    writeFileSync(dir.file('filed.pdf'), Buffer.from(filed.attachments![0]!.base64, 'base64'));
    // Kept for a person to look at (pdftoppm -r 80 -png artifacts/handover/handover-sheet.pdf).
    mkdirSync('artifacts/handover', { recursive: true });
    copyFileSync(dir.file('filed.pdf'), 'artifacts/handover/handover-sheet.pdf');
    const text = execFileSync('pdftotext', ['-layout', dir.file('filed.pdf'), '-'], { encoding: 'utf8' });
    for (const words of ['值班交接班记录', TICKET, PROVINCE_TICKET, CLOSED_TICKET, 'JS-NOC-default-2026.2', '未认领告警', '抢修现场已由接班人接手', '交班人']) {
      expect(text).toContain(words);
    }
    expect(text).toMatch(/第\s*1\s*页\s*共\s*\d+\s*页/);
    expect(text).not.toContain(LOCAL_TICKET);

    // The incoming lead's console knows it from the echo alone, and recomputes the same obligations from its own cache.
    await until(() => wall.echoes.has(signed.id), 'the handover echoed to the other console');
    await wall.engine.flushed();
    const seen = incoming.list().find((e) => e.id === signed.id)!;
    expect(seen).toMatchObject({ outgoing: { by: '张晓华', console: 'desk-duty' }, echoed: true, reportState: null, acknowledged: null });
    const { sheet } = incoming.get(signed.id);
    const { sheet: asSigned } = outgoing.get(signed.id);
    expect(sheet.obligations).toEqual(asSigned.obligations);

    // The outgoing lead cannot acknowledge their own handover; the incoming one goes item by item, then the rest as a whole.
    await expect(outgoing.acknowledge(signed.id, by)).rejects.toThrow(/signed this handover/);
    const items = sheetItems(sheet);
    wall.now.value = on22('19:50');
    const partly = await incoming.acknowledge(signed.id, { operator: '李娜', locale: 'zh-CN' }, items.slice(0, 2));
    expect(partly.items.map((i) => [i.item, i.by, i.at])).toEqual(items.slice(0, 2).map((item) => [item, '李娜', on22('19:50')]));
    expect(partly.acknowledged).toBeNull();
    await expect(incoming.acknowledge(signed.id, { operator: '李娜', locale: 'zh-CN' }, ['obligation:nope'])).rejects.toThrow(/not items/);
    const whole = await incoming.acknowledge(signed.id, { operator: '李娜', locale: 'zh-CN' });
    expect(whole.acknowledged).toEqual({ by: '李娜', console: 'desk-2', at: on22('19:50') });

    // The outgoing console sees who took over, and when, from the echo.
    const ackId = `${signed.id}.ack`;
    await until(() => desk.echoes.has(ackId), 'the acknowledgement echoed to the outgoing console');
    await desk.engine.flushed();
    const back: HandoverEntry = outgoing.list().find((e) => e.id === signed.id)!;
    expect(back.acknowledged).toMatchObject({ by: '李娜', console: 'desk-2', at: on22('19:50') });
    // Pressed again, the acknowledgement is not filed twice.
    await incoming.acknowledge(signed.id, { operator: '李娜', locale: 'zh-CN' });
    expect(server.reports().filter((f) => upwardReport.parse(f.report).id === ackId)).toHaveLength(1);
  }, 120_000);
});

// Alarms across the consoles of a NOC (protocol 1.1): an acknowledgement (认领)
// pressed on one console goes upstream as an `acknowledge` report, and the
// source's echo alone stops the alarm on every console. Two consoles are two
// cores with two caches on one real socket.io source.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AlarmService, LOG_PAGE_ROWS } from '../../../electron/core/alarms/service';
import { alarmWrites } from '../../../electron/core/store/alarms';
import { WriteBatch } from '../../../electron/core/store/statements';
import type { Timers } from '../../../electron/core/timers';
import { allClocks } from '../../../electron/core/ingest/kept';
import { chromiumPdfPrinter } from '../../../electron/core/pdf';
import { applyAlarmDelta, compareAlarms } from '../../../shared/alarms';
import type { AlarmDelta, AlarmDto, AlarmState } from '../../../shared/contract';
import { upwardReport } from '../../../shared/protocol';
import { tempDir } from '../support/cache';
import { manualTimers } from '../../support/timers';
import { MINUTE, OPEN_TICKET, SOURCE, T0, TICKET, startConsole, startServer, until, type Rig } from '../reports/harness';

const printer = chromiumPdfPrinter();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(() => printer.close());

interface Seat {
  rig: Rig;
  alarms: AlarmService;
  /** Every `alarm:changed` the service pushed. */
  pushes: AlarmDelta[];
  /** What a screen that heard every push shows. */
  latest(): AlarmState;
}

async function seat(rig: Rig, consoleName: string): Promise<Seat> {
  const pushes: AlarmDelta[] = [];
  let screen: AlarmState | null = null;
  const onChange = (delta: AlarmDelta) => {
    pushes.push(delta);
    // A screen folds in what is pushed after it loaded the whole state (alarm:list).
    if (screen) screen = applyAlarmDelta(screen, delta);
  };
  const alarms = new AlarmService({ engine: rig.engine, reports: rig.reports, feeds: rig.feeds, now: () => rig.now.value, consoleName: () => consoleName, onChange });
  alarms.start();
  // alarm:list answers once every open ticket's alarms are derived; the derivation itself is not pushed.
  await alarms.derived();
  expect(pushes).toEqual([]);
  screen = alarms.page();
  return { rig, alarms, pushes, latest: () => screen! };
}

/** The screen folded from deltas shows what the service holds. */
function expectScreenCurrent(s: Seat): void {
  const { alarms, silence } = s.alarms.page();
  expect(s.latest().alarms).toEqual(alarms);
  expect(s.latest().silence).toEqual(silence);
}

async function room(minutes = 140) {
  const dir = tempDir('alarms');
  const now = { value: T0 + minutes * MINUTE };
  const server = await startServer(now, OPEN_TICKET);
  const deskRig = await startConsole({ file: dir.file('desk.db'), server, now, printer, consoleName: 'desk-duty', operator: '张晓华' });
  const wallRig = await startConsole({ file: dir.file('wall.db'), server, now, printer, consoleName: 'wall-1', operator: '李娜' });
  await Promise.all([deskRig.connected(), wallRig.connected()]);
  const desk = await seat(deskRig, 'desk-duty');
  const wall = await seat(wallRig, 'wall-1');
  closers.push(async () => {
    await wall.alarms.stop();
    await desk.alarms.stop();
    await wallRig.close();
    await deskRig.close();
    await server.close();
    dir.remove();
  });
  return { server, now, desk, wall, dir };
}

const alarmOf = (s: Seat, clock: string): AlarmDto | undefined => s.latest().alarms.find((a) => a.ticketId === TICKET && a.clock === clock && a.cause === 'groupBreach');

describe('alarms across consoles', () => {
  it('sounds on both consoles for a breached group-tier clock, and an acknowledgement on the desk stops it on the wall through the echo', async () => {
    const { desk, wall, server } = await room();
    // 140 min in: the AAA repair limit (2 h) has passed on a group-tier fault.
    for (const s of [desk, wall]) {
      expect(alarmOf(s, 'repair')).toMatchObject({ severity: 'critical', repeatMs: 30_000, acknowledged: null, since: T0 + 120 * MINUTE, city: '南京' });
    }
    const repair = alarmOf(desk, 'repair')!;
    const pushesBefore = wall.pushes.length;

    const { report } = await desk.alarms.acknowledge(repair.id, { operator: '张晓华', locale: 'zh-CN' });
    expect(report).toMatchObject({ kind: 'acknowledge', audience: 'noc', subject: { clock: 'repair', index: 0 }, operator: '张晓华', console: 'desk-duty' });
    await desk.rig.answered(report!.id);

    // The wall sent nothing; the echo alone makes its alarm acknowledged, with who and from where.
    await until(() => alarmOf(wall, 'repair')?.acknowledged !== null && wall.pushes.length > pushesBefore, 'the acknowledgement on the wall');
    expect(alarmOf(wall, 'repair')!.acknowledged).toMatchObject({ by: '张晓华', console: 'desk-duty' });
    // The acknowledgement reached the wall as a delta of that one alarm, not as the whole state again.
    const acknowledging = wall.pushes.find((delta) => delta.changed.some((a) => a.id === repair.id && a.acknowledged !== null));
    expect(acknowledging!.changed.map((a) => a.id)).toEqual([repair.id]);
    expectScreenCurrent(wall);
    expect(wall.rig.store.read((reads) => reads.outbox.ofTicket(SOURCE.id, TICKET))).toEqual([]);
    // Kept in the wall's alarm log too.
    await until(() => wall.alarms.log(0, Infinity, 50).alarms.some((a) => a.clock === 'repair' && a.acknowledged !== null), "the wall's log");
    expect(wall.alarms.log(0, Infinity, 50).alarms.find((a) => a.clock === 'repair')).toMatchObject({ acknowledged: { by: '张晓华', console: 'desk-duty' }, clearedAt: null });

    // Another clock breached on the same ticket alarms on its own: the repair acknowledgement does not cover it.
    const stillLoud = [...wall.latest().alarms].sort(compareAlarms).find((alarm) => alarm.acknowledged === null) ?? null;
    expect(stillLoud).not.toBeNull();
    expect(stillLoud!.clock).not.toBe('repair');
    expect(stillLoud!.ticketId).toBe(TICKET);

    // The wall pressing the same alarm files nothing new upstream: one acknowledgement per clock instance.
    const again = await wall.alarms.acknowledge(repair.id, { operator: '李娜', locale: 'zh-CN' });
    await wall.rig.answered(again.report!.id);
    const acknowledgements = server.reports().map((f) => upwardReport.parse(f.report)).filter((r) => r.kind === 'acknowledge');
    expect(acknowledgements).toHaveLength(1);
    expect(acknowledgements[0]).toMatchObject({ operator: { name: '张晓华', console: 'desk-duty' }, subject: { clock: 'repair', index: 0 } });
    expect(alarmOf(wall, 'repair')!.acknowledged).toMatchObject({ by: '张晓华' });
  });

  it('raises a breach when a clock passes its due time with no event, at the deadline it armed', async () => {
    const { desk, now, server } = await room();
    await desk.alarms.stop();
    // Transferred now: a new accept clock starts, the one clock of the ticket not yet past its limit.
    const key = `${SOURCE.id}:${TICKET}`;
    // Every clock: the engine keeps finished ones (the superseded accept) packed.
    const acceptClocks = () => allClocks(desk.rig.engine.evaluationOf(key)!).filter((c) => c.name === 'accept').length;
    const acceptsBefore = acceptClocks();
    server.append([{ id: 'e-0007-t', ticketId: TICKET, type: 'transferred', at: new Date(now.value).toISOString(), data: { center: 'support', handler: '钱伟', reason: '转回支撑' } }]);
    await until(() => acceptClocks() > acceptsBefore, 'the new accept clock');
    const clock = {
      get now() {
        return now.value;
      },
      set now(value: number) {
        now.value = value;
      },
    };
    const { timers, advanceTo, nextAt } = manualTimers(clock);
    let screen: AlarmState | null = null;
    const service = new AlarmService({
      engine: desk.rig.engine,
      reports: desk.rig.reports,
      feeds: desk.rig.feeds,
      now: () => now.value,
      timers,
      consoleName: () => 'desk-duty',
      onChange: (delta) => (screen = screen && applyAlarmDelta(screen, delta)),
    });
    closers.push(() => service.stop());
    service.start();
    advanceTo(now.value + 50);
    await service.derived();
    screen = service.page();
    const running = desk.rig.engine
      .evaluationOf(key)!
      .clocks.filter((c) => (c.state === 'ok' || c.state === 'warning') && c.dueAt !== null && c.dueAt > now.value)
      .sort((a, b) => a.dueAt! - b.dueAt!)[0]!;
    const breach = () => screen!.alarms.find((a) => a.cause === 'groupBreach' && a.clock === running.name && a.index === running.index);
    expect(breach()).toBeUndefined();
    // The service wakes no later than that instant (a feed falling quiet may wake it sooner), and then raises the breach.
    expect(nextAt()).toBeLessThanOrEqual(running.dueAt! + 1);
    advanceTo(running.dueAt!);
    expect(breach()).toBeUndefined();
    // Heard within the service's coalescing of changes (50 ms).
    advanceTo(running.dueAt! + 1000);
    expect(breach()).toMatchObject({ severity: 'critical', since: running.dueAt, acknowledged: null });
    expect(screen!.alarms).toEqual(service.page().alarms);
  });

  it('clears an alarm when its clock stops, silences a console with its reason, and raises nothing twice after a restart', async () => {
    const { desk, server, now } = await room();
    const repair = alarmOf(desk, 'repair')!;
    const silenced = await desk.alarms.silenceFor('张晓华', 20, '机房演练');
    expect(silenced).toMatchObject({ by: '张晓华', console: 'desk-duty', reason: '机房演练', until: now.value + 20 * MINUTE });
    await expect(desk.alarms.silenceFor('张晓华', 10, ' ')).rejects.toThrow(/reason/);

    server.append([{ id: 'e-0007-7', ticketId: TICKET, type: 'repaired', at: new Date(now.value).toISOString(), data: { cause: '光缆挖断', resolution: '熔接修复' } }]);
    await until(() => alarmOf(desk, 'repair') === undefined, 'the repair alarm to clear');
    expect(desk.pushes.some((delta) => delta.removed.includes(repair.id))).toBe(true);
    expectScreenCurrent(desk);
    await until(() => desk.alarms.log(0, Infinity, 50).alarms.find((a) => a.id === repair.id)?.clearedAt !== null, 'the clear in the log');

    const ended = await desk.alarms.silenceFor('张晓华', 0, '');
    expect(ended).toBeNull();
    await until(() => desk.latest().silence === null, 'the silence ended on the screens');
    const log = desk.alarms.log(0, Infinity, 50);
    expect(log.silences).toMatchObject([{ by: '张晓华', reason: '机房演练', endedBy: '张晓华' }]);
    const raised = log.alarms.length;

    // A restart reads the active alarms back: nothing is raised again.
    await desk.alarms.stop();
    const reopened = new AlarmService({
      engine: desk.rig.engine,
      reports: desk.rig.reports,
      feeds: desk.rig.feeds,
      now: () => now.value,
      consoleName: () => 'desk-duty',
      onChange: () => {},
    });
    reopened.start();
    await until(() => reopened.page().alarms.length > 0, 'the reopened service to derive');
    await reopened.stop();
    expect(desk.rig.store.read((reads) => reads.alarms.between(0, Number.MAX_SAFE_INTEGER, 500)).length).toBe(raised);
  });

  it('reads the sounding alarms a restart finds in its log a page a turn, and clears those no ticket raises any more', async () => {
    const { desk, now } = await room();
    await desk.alarms.stop();
    // Left sounding by an earlier run: more than a page of them, for tickets gone from the cache, some sharing an instant.
    const phantoms = LOG_PAGE_ROWS + 5;
    const batch = new WriteBatch();
    for (let i = 0; i < phantoms; i++) {
      const alarm = alarmOf(desk, 'repair')!;
      alarmWrites.raise(batch, { ...alarm, id: `groupBreach|${SOURCE.id}|GONE-${i}|repair|0`, ticketId: `GONE-${i}`, key: null, since: T0 + Math.floor(i / 3), repeatMs: null, acknowledged: null, boards: [] }, false);
    }
    await desk.rig.store.write(batch);
    const loggedActive = () => desk.rig.store.read((reads) => reads.alarms.soundingPage(null, Number.MAX_SAFE_INTEGER).alarms);
    expect(loggedActive().filter((a) => a.id.includes('|GONE-'))).toHaveLength(phantoms);

    const manual = manualTimers({ get now() { return now.value; }, set now(value: number) { now.value = value; } });
    let turns = 0;
    const timers: Timers = { set: (callback, delayMs) => ((turns += delayMs === 0 ? 1 : 0), manual.timers.set(callback, delayMs)), clear: manual.timers.clear };
    const service = new AlarmService({ engine: desk.rig.engine, reports: desk.rig.reports, feeds: desk.rig.feeds, now: () => now.value, timers, consoleName: () => 'desk-duty', onChange: () => {} });
    closers.push(() => service.stop());
    service.start();
    // The log's pages, a turn each after the first, before any derivation.
    const logTurns = Math.ceil(loggedActive().length / LOG_PAGE_ROWS) - 1;
    expect(logTurns).toBeGreaterThan(0);
    manual.advanceTo(now.value);
    expect(turns).toBe(logTurns);
    manual.advanceTo(now.value + 1000);
    await service.derived();
    await service.stop();
    // Every phantom was read back, so every one is cleared; the ticket's own alarms sound on, none raised twice.
    expect(loggedActive().filter((a) => a.id.includes('|GONE-'))).toEqual([]);
    expect(service.page().alarms.some((a) => a.ticketId === TICKET)).toBe(true);
    const log = desk.rig.store.read((reads) => reads.alarms.between(0, Number.MAX_SAFE_INTEGER, 100_000));
    expect(new Set(log.map((a) => a.id)).size).toBe(log.length);
  });

  it("keeps a silent feed's alarm, and who acknowledged it, across a restart while the feed stays silent", async () => {
    const dir = tempDir('alarms-feed');
    const now = { value: T0 + 140 * MINUTE };
    const server = await startServer(now, OPEN_TICKET);
    let rig = await startConsole({ file: dir.file('desk.db'), server, now, printer, consoleName: 'desk-duty' });
    await rig.connected();
    let desk = await seat(rig, 'desk-duty');
    closers.push(async () => {
      await desk.alarms.stop();
      await rig.close();
      dir.remove();
    });
    const feedAlarm = () => desk.latest().alarms.find((a) => a.cause === 'feedStale');
    expect(feedAlarm()).toBeUndefined();

    // The source goes away; two minutes of silence later the feed alarms, and the desk acknowledges it.
    await server.close();
    await until(() => rig.feeds.status().sources.every((s) => s.state !== 'connected'), 'the feed to drop');
    now.value += 2 * MINUTE;
    desk.alarms.touch([]);
    await until(() => feedAlarm() !== undefined, 'the feed alarm');
    const stale = feedAlarm()!;
    await desk.alarms.acknowledge(stale.id, { operator: '张晓华', locale: 'zh-CN' });
    await until(() => feedAlarm()?.acknowledged != null, 'the acknowledgement on screen');
    await until(() => desk.alarms.log(0, Infinity, 50).alarms.some((a) => a.id === stale.id && a.acknowledged !== null), 'the acknowledgement in the log');

    // The console restarts a minute later, the feed still silent: the same alarm sounds on, still acknowledged, not raised again.
    await desk.alarms.stop();
    await rig.close();
    now.value += MINUTE;
    rig = await startConsole({ file: dir.file('desk.db'), server, now, printer, consoleName: 'desk-duty' });
    desk = await seat(rig, 'desk-duty');
    expect(feedAlarm()).toMatchObject({ id: stale.id, since: stale.since, acknowledged: { by: '张晓华', console: 'desk-duty' } });
    expect(desk.alarms.log(0, Infinity, 50).alarms.filter((a) => a.cause === 'feedStale')).toMatchObject([{ id: stale.id, clearedAt: null, acknowledged: { by: '张晓华' } }]);

    // The source is back: the feed speaks, and its alarm clears.
    const back = await startServer(now, OPEN_TICKET, Number(new URL(server.url).port));
    closers.push(() => back.close());
    await until(() => feedAlarm() === undefined, 'the feed alarm to clear');
    await desk.alarms.stop();
    expect(desk.alarms.log(0, Infinity, 50).alarms.filter((a) => a.cause === 'feedStale')).toMatchObject([{ id: stale.id, clearedAt: now.value }]);
  });
});

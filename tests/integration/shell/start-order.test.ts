// A console restarted on a cache of open tickets: the first board is answered from the stored
// projection while the tickets still fold, and nothing that acts on the open tickets (alarms,
// handover, reports, deadlines, the whole board) answers or starts before every one is in; and
// the fold waits for a call that needs the tickets (or an idle timer), its CPU left to the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmCursor, AlarmPage, AlarmState, BoardSnapshot, HandoverSheet } from '../../../shared/contract';
import { alarmCursor } from '../../../shared/alarms';
import { SCREENS_FIRST_MS, startConsoleCore, type ConsoleCore } from '../../../electron/core/console-core';
import type { Timers } from '../../../electron/core/timers';
import { chromiumPdfPrinter } from '../../../electron/core/pdf';
import { cacheBefore, generatedEvents, tempDir } from '../support/cache';
import { compareKeys } from '../../../shared/board/page';

// Every generated ticket closes in the end: the cache holds 60 % of the stream, with some 200 tickets open.
const stream = generatedEvents(600, 29);
const NOW = Date.parse(stream[Math.floor(stream.length * 0.6)]!.at) + 60_000;

describe('a console start on a cache of open tickets', () => {
  let dir: ReturnType<typeof tempDir>;
  let core: ConsoleCore | undefined;

  beforeAll(async () => {
    dir = tempDir('start-order');
    await cacheBefore(dir, stream, NOW, 'NOC_START_ORDER_NO_TOKEN');
  });
  afterAll(async () => {
    await core?.close();
    dir.remove();
  });

  it('answers the first board before the tickets are folded, and the rest only after', async () => {
    core = await startConsoleCore({ dataDir: dir.dir, shell: 'web', printer: chromiumPdfPrinter(), now: () => NOW });
    const order: string[] = [];
    const heard = <T>(name: string, call: Promise<T>) =>
      call.then((value) => {
        order.push(name);
        return value;
      });
    const ask = (channel: string, args: unknown) => core!.dispatch(channel, args, { caller: 'test' });
    const started = heard('tickets folded', core.started);
    const first = heard('first board', ask('board:list', { level: 'province', first: 12 }) as Promise<BoardSnapshot>);
    const alarms = heard('alarms', ask('alarm:list', {}) as Promise<AlarmState>);
    const sheet = heard('handover sheet', ask('handover:sheet', {}) as Promise<HandoverSheet>);
    const reports = heard('reports', ask('report:list', {}));
    const whole = heard('whole board', ask('board:list', { level: 'province' }) as Promise<BoardSnapshot>);
    await Promise.all([started, first, alarms, sheet, reports, whole]);
    expect(order[0]).toBe('first board');
    expect(order[1]).toBe('tickets folded');
    expect(order.slice(2).sort()).toEqual(['alarms', 'handover sheet', 'reports', 'whole board']);

    // What they answered is what they answer with every ticket long in: none saw half of them.
    expect((await first).rows).toEqual((await whole).rows.slice(0, 12));
    expect((await first).total).toBe((await whole).total);
    expect((await whole).total).toBeGreaterThan(12);
    expect(await alarms).toEqual(await ask('alarm:list', {}));
    expect(await sheet).toEqual(await ask('handover:sheet', {}));
    // The sheet lists the alarms from the log: the first derivation's were in it (an empty list before they were).
    const sheetAlarms = (await sheet).alarms;
    expect(sheetAlarms.tracked && sheetAlarms.unacknowledged.length).toBeGreaterThan(0);
    expect((await sheet).tickets).toBeGreaterThan(12);
  });

  it('pages the whole board in key order: its pages together are the whole list, the last one says so', async () => {
    const ask = (args: unknown) => core!.dispatch('board:list', args, { caller: 'test' }) as Promise<BoardSnapshot>;
    const whole = await ask({ level: 'province' });
    expect(whole.total).toBeGreaterThan(12);
    const paged: BoardSnapshot['rows'] = [];
    let after: string | null = '';
    let pages = 0;
    while (after !== null) {
      const page: BoardSnapshot = await ask({ level: 'province', after, first: 5 });
      expect(page.total).toBe(whole.total);
      expect(page.rows.length).toBeLessThanOrEqual(5);
      paged.push(...page.rows);
      after = page.next ?? null;
      if (after !== null) expect(after).toBe(page.rows.at(-1)!.key);
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(whole.total / 5));
    expect(paged.map((row) => row.key)).toEqual(whole.rows.map((row) => row.key).sort(compareKeys));
    expect([...paged].sort((a, b) => compareKeys(a.key, b.key))).toEqual([...whole.rows].sort((a, b) => compareKeys(a.key, b.key)));
    await expect(ask({ level: 'province', after: '', filter: { cities: ['x'] } })).rejects.toThrow(/takes no filter/);
  });

  it('pages the alarms most pressing first: its pages together are the whole state, the last one says so', async () => {
    const ask = (args: unknown) => core!.dispatch('alarm:list', args, { caller: 'test' }) as Promise<AlarmPage>;
    const whole = await ask({});
    expect(whole.next).toBeNull();
    expect(whole.alarms.length).toBeGreaterThan(6);
    const paged: AlarmPage['alarms'] = [];
    let after: AlarmCursor | null = null;
    do {
      const page: AlarmPage = await ask({ ...(after === null ? {} : { after }), first: 3 });
      expect(page.alarms.length).toBeLessThanOrEqual(3);
      paged.push(...page.alarms);
      after = page.next;
      if (after !== null) expect(after).toEqual(alarmCursor(page.alarms.at(-1)!));
    } while (after !== null);
    expect(paged).toEqual(whole.alarms);
    await expect(ask({ first: 0 })).rejects.toThrow();
  });

  it('leaves the tickets unfolded while a screen loads: until a call needs them (a whole list, the alarms), or the idle timer fires', async () => {
    await core?.close();
    const pending = new Map<number, () => void>();
    let handles = 0;
    const timers: Timers = {
      set: (callback) => (pending.set((handles += 1), callback), handles),
      clear: (handle) => pending.delete(handle as number),
    };
    const startHeld = async () => {
      const held = await startConsoleCore({ dataDir: dir.dir, shell: 'web', printer: chromiumPdfPrinter(), now: () => NOW, foldIdleMs: SCREENS_FIRST_MS, timers });
      let folded = false;
      void held.started.then(() => (folded = true));
      return { held, folded: () => folded };
    };
    const turns = async (count: number) => {
      for (let turn = 0; turn < count; turn += 1) await new Promise((done) => setImmediate(done));
    };

    // Only first boards asked: nothing folds until the timer fires.
    const idle = await startHeld();
    core = idle.held;
    const first = (await core.dispatch('board:list', { level: 'province', first: 12 }, { caller: 'test' })) as BoardSnapshot;
    expect(first.rows).toHaveLength(12);
    await turns(50);
    expect(idle.folded()).toBe(false);
    expect(pending.size).toBe(1);
    [...pending.values()][0]!();
    await core.started;
    expect(idle.folded()).toBe(true);
    await core.close();

    // A screen asks for its whole list, or for what else needs the tickets: the fold starts then, the timer never fires.
    for (const [channel, args] of [
      ['board:list', { level: 'province', after: '', first: 500 }],
      ['alarm:list', {}],
    ] as const) {
      pending.clear();
      const asked = await startHeld();
      core = asked.held;
      await turns(50);
      expect(asked.folded(), channel).toBe(false);
      await core.dispatch(channel, args, { caller: 'test' });
      expect(asked.folded(), channel).toBe(true);
      expect(pending.size).toBe(1);
      await core.close();
    }
  });
});

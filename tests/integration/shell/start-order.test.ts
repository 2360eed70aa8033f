// A console restarted on a cache of open tickets: the first board is answered from the stored
// projection while the tickets still fold, and nothing that acts on the open tickets (alarms,
// handover, reports, deadlines, the whole board) answers or starts before every one is in.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmState, BoardSnapshot, HandoverSheet } from '../../../shared/contract';
import { startConsoleCore, type ConsoleCore } from '../../../electron/core/console-core';
import { Engine } from '../../../electron/core/ingest/engine';
import { chromiumPdfPrinter } from '../../../electron/core/pdf';
import { generatedEvents, openTemp, policy, SOURCE, tempDir } from '../support/cache';
import { compareKeys } from '../../../shared/board/page';

// Every generated ticket closes in the end: the cache holds 60 % of the stream, with some 200 tickets open.
const stream = generatedEvents(600, 29);
const NOW = Date.parse(stream[Math.floor(stream.length * 0.6)]!.at) + 60_000;

describe('a console start on a cache of open tickets', () => {
  let dir: ReturnType<typeof tempDir>;
  let core: ConsoleCore | undefined;

  beforeAll(async () => {
    dir = tempDir('start-order');
    const cache = openTemp(dir);
    const engine = await Engine.open(cache, { policy, now: () => NOW });
    engine.registerSource(SOURCE, 'http://127.0.0.1:9');
    await engine.ingest(
      SOURCE.id,
      stream.filter((event) => Date.parse(event.at) < NOW),
    );
    await engine.flushed();
    await cache.close();
    // The source is configured but unreachable (no token): the console runs on what the cache holds.
    writeFileSync(dir.file('config.json'), JSON.stringify({ sources: [{ id: SOURCE.id, name: SOURCE.name, url: 'http://127.0.0.1:9', level: SOURCE.level, tokenEnv: 'NOC_START_ORDER_NO_TOKEN' }] }));
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
});

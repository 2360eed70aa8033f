import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareUrgency } from '../../../shared/board/urgency';
import { compareWallUrgency, isLongBreach } from '../../../shared/board/wall';
import { REQUEST_CHANNELS, requests, type BoardSnapshot } from '../../../shared/contract';
import { startConsoleCore, type ConsoleCore } from '../../../electron/core/console-core';
import { ContractError } from '../../../electron/core/dispatch';
import { chromiumPdfPrinter } from '../../../electron/core/pdf';
import { startEmbeddedProvince } from '../../../electron/simulator';

let core: ConsoleCore;

beforeAll(async () => {
  core = await startConsoleCore({
    dataDir: mkdtempSync(join(tmpdir(), 'noc-contract-')),
    shell: 'web',
    printer: chromiumPdfPrinter(),
    simulator: { start: startEmbeddedProvince, seed: 11, speed: 1 },
  });
});
afterAll(async () => {
  await core?.close();
});

const call = (channel: unknown, args: unknown) => core.dispatch(channel, args, { caller: 'test' });

describe('the main <-> renderer contract', () => {
  it('lists every request channel with a schema, and no other', () => {
    expect([...REQUEST_CHANNELS].sort()).toEqual(Object.keys(requests).sort());
  });

  it('has a handler for every channel: none answers "unknown channel"', async () => {
    for (const channel of REQUEST_CHANNELS) {
      const outcome = await call(channel, {}).then(
        () => 'answered',
        (error: ContractError) => error.code,
      );
      expect(outcome, channel).not.toBe('unknown-channel');
    }
  });

  it('refuses an unknown channel by name', async () => {
    await expect(call('fs:readFile', {})).rejects.toMatchObject({ code: 'unknown-channel', message: 'unknown channel: "fs:readFile"' });
  });

  it('refuses bad arguments with the field that is wrong, before any handler runs', async () => {
    const error = await call('board:list', { level: 'city' }).catch((e: ContractError) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).code).toBe('bad-arguments');
    expect((error as ContractError).message).toMatch(/^board:list: .*level/s);
    await expect(call('settings:set', { retentionDays: 'forever' })).rejects.toMatchObject({ code: 'bad-arguments' });
    await expect(call('ticket:get', { source: '' })).rejects.toMatchObject({ code: 'bad-arguments' });
  });

  it('answers app:info and board:list in the promised shapes', async () => {
    const info = (await call('app:info', {})) as { shell: string; policyVersion: string; feedTokens: string };
    expect(info.shell).toBe('web');
    // The embedded simulated province: no token to set, so the Feeds page offers no field.
    expect(info.feedTokens).toBe('simulated');
    expect(info.policyVersion.length).toBeGreaterThan(0);
    const board = (await call('board:list', { level: 'group' })) as { level: string; rows: unknown[] };
    expect(board.level).toBe('group');
    expect(Array.isArray(board.rows)).toBe(true);
  });

  it("sends the most urgent rows of a board first when asked for the first few, with the whole board's count", async () => {
    const province = async () => (await call('board:list', { level: 'province' })) as BoardSnapshot;
    // The embedded province streams its day so far from the start: wait until the board holds some of it.
    await expect.poll(async () => (await province()).total, { timeout: 120_000 }).toBeGreaterThan(3);
    const whole = await province();
    expect(whole.total).toBe(whole.rows.length);
    const first = (await call('board:list', { level: 'province', first: 3 })) as BoardSnapshot;
    expect(first.rows).toHaveLength(3);
    expect(first.total).toBeGreaterThan(3);
    // In urgency order at the snapshot's own instant: breached first, then the soonest due.
    expect([...first.rows].sort((a, b) => compareUrgency(a, b, first.at))).toEqual(first.rows);
    await expect(call('board:list', { level: 'province', first: 0 })).rejects.toMatchObject({ code: 'bad-arguments' });
    // In the wall's order: no breach over an hour old, the wall's order (tests/integration/ingest/first-board.test.ts
    // holds which rows; the province keeps streaming, so only what holds at the snapshot's instant is checked here).
    const wall = (await call('board:list', { level: 'province', first: 3, order: 'wall' })) as BoardSnapshot;
    expect(wall.total).toBeGreaterThan(3);
    expect(wall.rows.some((row) => isLongBreach(row, wall.at))).toBe(false);
    expect([...wall.rows].sort((a, b) => compareWallUrgency(a, b, wall.at))).toEqual(wall.rows);
    await expect(call('board:list', { level: 'province', first: 3, order: 'screen' })).rejects.toMatchObject({ code: 'bad-arguments' });
  });

  it('persists settings and pushes the change', async () => {
    const seen: unknown[] = [];
    const stop = core.pushes.subscribe((channel, payload) => {
      if (channel === 'settings:changed') seen.push(payload);
    });
    const next = (await call('settings:set', { retentionDays: 180 })) as { retentionDays: number };
    stop();
    expect(next.retentionDays).toBe(180);
    expect(seen).toEqual([next]);
    expect(await call('settings:get', {})).toMatchObject({ retentionDays: 180 });
  });

  it("refuses to keep one seat's settings for every seat (web clients share this core)", async () => {
    for (const change of [{ operator: '值班长 李娜' }, { locale: 'en' }, { theme: 'light' }, { wall: { enabled: true } }]) {
      await expect(call('settings:set', change), JSON.stringify(change)).rejects.toMatchObject({ code: 'bad-arguments' });
    }
    expect(await call('settings:get', {})).not.toHaveProperty('operator');
  });

  it('refuses to send a report without the name of the operator who sends it', async () => {
    // Refused before the ticket is even looked up.
    const key = { source: 'sim-group-one-stop', ticketId: 'JT-NJ-20261122-0001' };
    await expect(call('report:send', { ...key, kind: 'progress', locale: 'zh-CN' })).rejects.toMatchObject({ code: 'bad-arguments' });
    await expect(call('report:send', { ...key, kind: 'progress', operator: ' ', locale: 'zh-CN' })).rejects.toMatchObject({
      code: 'failed',
      message: expect.stringMatching(/^report:send: no operator name: set your name in Settings first/),
    });
    await expect(call('report:send-due', { level: 'group', operator: '', locale: 'en' })).rejects.toThrow(/no operator name/);
    await expect(call('report:resend', { id: 'r-none', operator: '', locale: 'en' })).rejects.toThrow(/no operator name/);
  });
});

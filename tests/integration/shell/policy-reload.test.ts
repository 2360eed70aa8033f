import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleCore, type ConsoleCore } from '../../../electron/core/console-core';
import { chromiumPdfPrinter } from '../../../electron/core/pdf';
import { startEmbeddedProvince } from '../../../electron/simulator';

const shipped = JSON.parse(readFileSync('resources/policy/default.json', 'utf8')) as Record<string, unknown>;
const dataDir = mkdtempSync(join(tmpdir(), 'noc-policy-'));
const policyFile = join(dataDir, 'province-policy.json');
const writePolicy = (version: string, dispatchMinutes: unknown) =>
  writeFileSync(
    policyFile,
    JSON.stringify({ ...shipped, version, clocks: { ...(shipped.clocks as object), dispatch: { limit: { minutes: dispatchMinutes }, tiers: ['group', 'province', 'localA', 'localB', 'localC'] } } }, null, 2),
  );

let core: ConsoleCore;
const info = async () => (await core.dispatch('app:info', {}, { caller: 'test' })) as { policyVersion: string; problems: string[] };

beforeAll(async () => {
  writePolicy('JS-2027.1', 10);
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ policyFile }));
  core = await startConsoleCore({ dataDir, shell: 'web', printer: chromiumPdfPrinter(), simulator: { start: startEmbeddedProvince, seed: 5 } });
});
afterAll(async () => {
  await core?.close();
});

describe("a province's policy file while the console runs", () => {
  it('is in force from the start', async () => {
    expect(await info()).toMatchObject({ policyVersion: 'JS-2027.1', problems: [] });
  });

  it('refuses a bad edit with its line and keeps the last good policy', async () => {
    writePolicy('JS-2027.2', 'fifteen');
    await expect.poll(async () => (await info()).problems, { timeout: 60_000 }).toEqual([
      expect.stringMatching(new RegExp(`^${policyFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: clocks\\.dispatch\\.limit`)),
    ]);
    expect((await info()).policyVersion).toBe('JS-2027.1');
  });

  it('takes a good edit: boards are re-evaluated under the new version', async () => {
    writePolicy('JS-2027.3', 12);
    await expect.poll(async () => (await info()).policyVersion, { timeout: 60_000 }).toBe('JS-2027.3');
    expect((await info()).problems).toEqual([]);
    const board = (await core.dispatch('board:list', { level: 'province' }, { caller: 'test' })) as {
      policyVersion: string;
      rows: { clocks: { name: string; limitMs: number }[] }[];
    };
    expect(board.policyVersion).toBe('JS-2027.3');
    const dispatchLimits = board.rows.flatMap((row) => row.clocks.filter((c) => c.name === 'dispatch').map((c) => c.limitMs));
    for (const limit of dispatchLimits) expect(limit).toBe(12 * 60_000);
  });
});

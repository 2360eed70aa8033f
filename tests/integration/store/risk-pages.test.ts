// The breach-risk history's warm-up reads the stored clocks a page at a time
// (store/risk.ts startedPage): every clock of the range exactly once, the
// earliest first, no page much longer than asked for, however the start
// instants cluster (a ticket's clocks often start at one instant).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/core/ingest/engine';
import type { Store } from '../../../electron/core/store/db';
import type { RiskClockRow } from '../../../electron/core/store/risk';
import { generatedEvents, openTemp, policy, SOURCE, START, tempDir } from '../support/cache';

const dir = tempDir('risk-pages');
let store: Store;
const keyOf = (row: RiskClockRow) => `${row.source}:${row.ticket_id}/${row.name}/${row.idx}`;

beforeAll(async () => {
  store = openTemp(dir);
  const engine = await Engine.open(store, { policy, now: () => START + 40 * 86_400_000 });
  engine.registerSource(SOURCE, 'http://127.0.0.1:1');
  await engine.ingest(SOURCE.id, generatedEvents(120));
  await engine.flushed();
}, 120_000);

afterAll(async () => {
  await store.close();
  dir.remove();
});

function allPages(from: number, to: number, limit: number): RiskClockRow[][] {
  const pages: RiskClockRow[][] = [];
  let next: number | null = from;
  while (next !== null) {
    const page = store.read((reads) => reads.risk.startedPage(next!, to, limit));
    pages.push(page.rows);
    expect(page.next === null || page.next > next).toBe(true);
    next = page.next;
  }
  return pages;
}

describe('the risk history read a page at a time', () => {
  it.each([1, 2, 7, 500])('pages of %i give every clock of the range once, in order of start', (limit) => {
    const from = START - 86_400_000;
    const to = START + 40 * 86_400_000;
    const whole = store.read((reads) => reads.risk.startedBetween(from, to));
    // A range with clocks sharing their start instant, more of them than a small page holds.
    const perInstant = new Map<number, number>();
    for (const row of whole) perInstant.set(row.started_at, (perInstant.get(row.started_at) ?? 0) + 1);
    expect(whole.length).toBeGreaterThan(300);
    expect(Math.max(...perInstant.values())).toBeGreaterThan(2);

    const pages = allPages(from, to, limit);
    const read = pages.flat();
    expect(read.map(keyOf).sort()).toEqual(whole.map(keyOf).sort());
    expect(new Set(read.map(keyOf)).size).toBe(read.length);
    const starts = read.map((row) => row.started_at);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    for (const page of pages) {
      // Longer than asked only when it is one instant's clocks, all of them.
      if (page.length > limit) expect(new Set(page.map((row) => row.started_at)).size).toBe(1);
      if (page.length > limit) expect(page.length).toBe(perInstant.get(page[0]!.started_at));
    }
    if (limit < whole.length) expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(whole.length / Math.max(limit, ...perInstant.values())));
  });

  it('a range with no clocks is one empty page', () => {
    expect(allPages(START - 10 * 86_400_000, START - 9 * 86_400_000, 500)).toEqual([[]]);
  });
});

// A screen's first board from the stored projection (board/rows.ts mostUrgentRows), asked
// for while a restarted engine still folds its open tickets: the same rows, in the same
// order, and the same count as the full fold's board gives once every ticket is in (in the
// wall's order too: the rows a wall shows first); and the
// column it orders by (breached_after) filled by its migration as the writer fills it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/core/ingest/engine';
import { boardRows, mostUrgentRows } from '../../../electron/core/board/rows';
import { isBreached } from '../../../shared/board/urgency';
import { isLongBreach, pickWallRows } from '../../../shared/board/wall';
import Database from 'better-sqlite3';
import { Store } from '../../../electron/core/store/db';
import { MIGRATIONS } from '../../../electron/core/store/migrations';
import { policySchema, type Policy } from '../../../shared/domain';
import { generatedEvents, openTemp, policy, SOURCE, tempDir } from '../support/cache';

const HOUR = 3_600_000;
// Every generated ticket closes in the end: the cache holds the stream up to 60 % of it, with some 200 open.
const stream = generatedEvents(600, 23);
const LAST = Date.parse(stream[Math.floor(stream.length * 0.6)]!.at);
const events = stream.filter((event) => Date.parse(event.at) <= LAST);
const MIDDLE = Date.parse(stream[Math.floor(stream.length * 0.3)]!.at);
const LEVELS = ['group', 'province'] as const;

/** Every limit four hours for each minute: tickets of the last days still run toward their deadlines, older ones are breached. */
function slower(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(slower);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === 'minutes' && typeof inner === 'number' ? inner * 240 : slower(inner)]));
}
const SLOW: Policy = policySchema.parse({ ...(slower(policy) as object), version: 'first-board-slow' });
const POLICIES: [string, Policy][] = [
  ['the default policy', policy],
  ['limits four hours for each minute', SLOW],
];

describe("a restarted console's first board, from the stored projection", () => {
  let dir: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    dir = tempDir('first-board');
    for (const [, under] of POLICIES) {
      const cache = openTemp(dir, `${under.version}.db`);
      const engine = await Engine.open(cache, { policy: under, now: () => LAST });
      engine.registerSource(SOURCE, 'http://127.0.0.1:1');
      await engine.ingest(SOURCE.id, events);
      await engine.flushed();
      await cache.close();
    }
  });
  afterAll(() => dir.remove());

  // Just after the last event; hours later, when most running clocks are past due; and in the
  // middle of the stream, where many tickets have events after the instant asked about.
  const instants: [string, number][] = [
    ['just after the last event', LAST + 60_000],
    ['six hours later', LAST + 6 * HOUR],
    ['in the middle of the stream', MIDDLE],
  ];
  it.each(POLICIES.flatMap(([name, under]) => instants.map(([label, at]) => [`${name}, ${label}`, under, at] as const)))(
    '%s: the head of the full fold, answered before the fold', async (_label, under, at) => {
    const cache = Store.open(dir.file(`${under.version}.db`));
    try {
      const engine = await Engine.starting(cache, { policy: under, now: () => at, sliceSize: 20 });
      expect(engine.isLoaded).toBe(false);
      const firsts = [1, 12, 100, 10_000];
      const early = LEVELS.map((level) => firsts.map((first) => mostUrgentRows(engine, level, at, first)));
      const wallEarly = LEVELS.map((level) => firsts.map((first) => mostUrgentRows(engine, level, at, first, 'wall')));
      expect(engine.isLoaded).toBe(false);
      await engine.loaded();
      expect(engine.isLoaded).toBe(true);
      for (const [l, level] of LEVELS.entries()) {
        const whole = boardRows(engine, level, at);
        expect(whole.length).toBeGreaterThan(12);
        for (const [f, first] of firsts.entries()) {
          expect(early[l]![f], `${level}, first ${first}`).toEqual({ rows: whole.slice(0, first), total: whole.length });
        }
      }
      // In the wall's order (a breach over an hour old counted, never shown): what the wall shows first once every ticket is in.
      for (const level of LEVELS) {
        const whole = boardRows(engine, level, at);
        for (const [f, first] of firsts.entries()) {
          expect(wallEarly[LEVELS.indexOf(level)]![f], `wall, ${level}, first ${first}`).toEqual({ rows: pickWallRows(whole, first, at).shown, total: whole.length });
        }
      }
      // The case the wall's order is for: hours on, the province board's first rows all breached over an hour ago (the wall
      // showed none of them, and had nothing else until its whole list came), the wall's first rows none of those.
      if (at === LAST + 6 * HOUR) {
        const whole = boardRows(engine, 'province', at);
        const head = new Set(whole.slice(0, 12).map((row) => row.key));
        expect(whole.slice(0, 12).every((row) => isLongBreach(row, at))).toBe(true);
        const wall = wallEarly[1]![1]!.rows;
        expect(wall.length).toBeGreaterThan(4);
        expect(wall.some((row) => head.has(row.key) || isLongBreach(row, at))).toBe(false);
      }
      // The order was put to the test: many different due times and, under the slower limits, breached rows and running ones.
      const whole = boardRows(engine, 'province', at);
      expect(new Set(whole.map((row) => row.nextDueAt)).size).toBeGreaterThan(12);
      const breached = whole.filter((row) => isBreached(row, at)).length;
      if (under !== SLOW) expect(breached).toBeGreaterThan(12);
      else if (at !== MIDDLE) {
        expect(breached).toBeGreaterThan(0);
        expect(whole.length - breached).toBeGreaterThan(12);
      }
    } finally {
      await cache.close();
    }
  },
  );

  it.each(POLICIES)('%s: migration 0018 fills breached_after on a cache from before it as the writer does', (_name, under) => {
    const file = dir.file(`${under.version}.db`);
    const copy = dir.file(`${under.version}-before-0018.db`);
    const written = (db: Database.Database) =>
      db.prepare('SELECT source, ticket_id, breached_after FROM tickets WHERE open = 1 ORDER BY source, ticket_id').all() as { breached_after: number | null }[];
    const source = new Database(file, { readonly: true });
    const expected = written(source);
    source.prepare('VACUUM INTO ?').run(copy);
    source.close();
    expect(expected.filter((row) => row.breached_after !== null).length).toBeGreaterThan(12);
    const before = new Database(copy);
    try {
      before.exec('ALTER TABLE tickets DROP COLUMN breached_after');
      before.exec(MIGRATIONS.find((migration) => migration.version === 18)!.sql);
      expect(written(before)).toEqual(expected);
    } finally {
      before.close();
    }
  });
});

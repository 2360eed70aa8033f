import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handoverSheet } from '../../../electron/core/handover/sheet';
import { Engine } from '../../../electron/core/ingest/engine';
import { composeReport } from '../../../electron/core/reports/service';
import { ReportTemplates } from '../../../electron/core/reports/templates';
import type { Store } from '../../../electron/core/store/db';
import { handoverWrites } from '../../../electron/core/store/handovers';
import { alarmWrites } from '../../../electron/core/store/alarms';
import { ticketAlarms } from '../../../shared/alarms';
import { outboxWrites } from '../../../electron/core/store/outbox';
import { PER_SOURCE_TABLES, SOURCELESS_TABLES, sourceWrites } from '../../../electron/core/store/sources';
import { WriteBatch } from '../../../electron/core/store/statements';
import { DEFAULT_SHIFTS } from '../../../shared/handover';
import { documentText } from '../../../shared/reports';
import { generatedEvents, openTemp, policy, sql, sqlValue, START, tempDir } from '../support/cache';

const FORGOTTEN = { id: 'sim-js-eom', name: '江苏电子运维系统（模拟）', level: 'province' as const };
const KEPT = { id: 'js-eom', name: '江苏电子运维系统', level: 'province' as const };

describe('forgetting a source', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    dir = tempDir('forget');
    store = openTemp(dir);
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  /** Every table of the schema, read from SQLite, not from the store's own lists. */
  const tables = () => sql<{ name: string }>(store, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").map((row) => row.name);
  const rowsOf = (table: string, source: string) =>
    sqlValue<number>(store, `SELECT COUNT(*) FROM "${table}" WHERE ${table === 'sources' ? 'id' : 'source'} = ?`, source);

  it('knows every table: each holds per-source rows in a `source` column it forgets, is `sources`, or is declared sourceless', () => {
    // A new table holding rows per source must join PER_SOURCE_TABLES (or be declared sourceless, with its reason).
    const withSourceColumn = sql<{ name: string }>(
      store,
      `SELECT m.name FROM sqlite_schema AS m, pragma_table_info(m.name) AS c WHERE m.type = 'table' AND c.name = 'source' ORDER BY m.name`,
    ).map((row) => row.name);
    expect([...PER_SOURCE_TABLES].sort()).toEqual(withSourceColumn);
    for (const table of tables()) {
      expect(PER_SOURCE_TABLES.includes(table) || table === 'sources' || SOURCELESS_TABLES.includes(table), `table ${table}`).toBe(true);
    }
  });

  it('forgets every row of one source in every table and keeps the others', async () => {
    const at = START + 3 * 86_400_000;
    const engine = await Engine.open(store, { policy, now: () => at });
    const events = generatedEvents(40);
    for (const source of [FORGOTTEN, KEPT]) {
      engine.registerSource(source, `http://127.0.0.1:1/${source.id}`);
      // One malformed event after the stream: a quarantine row.
      await engine.ingest(source.id, [...events, { seq: events.length + 1, id: 'broken', type: 'no-such-type' }]);
    }
    await engine.flushed();
    const templates = new ReportTemplates();
    const reports = new WriteBatch();
    for (const source of [FORGOTTEN, KEPT]) {
      const key = { source: source.id, ticketId: events[0]!.ticketId };
      const { doc, customer } = composeReport({ engine, templates }, key, 'progress', at, { operator: '张晓华', locale: 'zh-CN' });
      outboxWrites.insert(reports, {
        id: `report-${source.id}`,
        ...key,
        kind: 'progress',
        audience: doc.audience,
        locale: doc.locale,
        title: doc.title,
        body: documentText(doc),
        customer,
        attachments: [],
        document: doc,
        createdAt: at,
        operator: '张晓华',
        console: 'desk-duty',
        policyVersion: doc.policyVersion,
        replaces: null,
      });
    }
    // A handover through each source, acknowledged item by item on this console.
    const sheet = handoverSheet(engine, { at, shifts: DEFAULT_SHIFTS, note: '交接' });
    for (const source of [FORGOTTEN, KEPT]) {
      const id = `handover-${source.id}`;
      handoverWrites.insert(reports, { id, source: source.id, at, shift: sheet.shift, outgoing: '张晓华', outgoingConsole: 'desk-duty', reason: null, note: sheet.note, sheet });
      handoverWrites.acknowledge(reports, { handoverId: id, source: source.id, item: '*', by: '李强', console: 'wall', at });
    }
    // An alarm of a ticket of each source, raised and acknowledged.
    for (const source of [FORGOTTEN, KEPT]) {
      const ticket = { key: `${source.id}:T`, source: source.id, ticketId: events[0]!.ticketId, city: '南京', customer: null, boards: ['group' as const], claimedKinds: [] };
      const clock = { name: 'repair' as const, index: 0, state: 'breached' as const, dueAt: at - 60_000, breachedAt: at - 60_000 };
      const [alarm] = ticketAlarms({ ...ticket, clocks: [clock] }, [], policy.alarms, at);
      alarmWrites.raise(reports, alarm!, false);
      alarmWrites.acknowledge(reports, alarm!.id, { name: '李强', console: 'wall' }, at);
    }
    await store.write(reports);

    const perSource = tables().filter((table) => !SOURCELESS_TABLES.includes(table));
    const kept = Object.fromEntries(perSource.map((table) => [table, rowsOf(table, KEPT.id)]));
    for (const table of perSource) {
      // Every table must hold rows of the source, or this test would not show they are forgotten.
      expect(rowsOf(table, FORGOTTEN.id), `${table} before: populate it in this test`).toBeGreaterThan(0);
    }

    // The start days of the forgotten clocks (migration 0017): their versions rise, so no read connection keeps them as they were.
    const dayOf = '(started_at + 28800000) / 86400000';
    const forgottenDays = sql<{ day: number }>(store, `SELECT DISTINCT ${dayOf} AS day FROM clocks WHERE source = ? AND started_at IS NOT NULL`, FORGOTTEN.id);
    const versionOf = (day: number) => sqlValue<number | undefined>(store, 'SELECT version FROM clock_day_versions WHERE day = ?', day) ?? 0;
    const versionsBefore = forgottenDays.map(({ day }) => versionOf(day));
    expect(forgottenDays.length).toBeGreaterThan(0);

    await store.write(sourceWrites.forget(new WriteBatch(), [FORGOTTEN.id]));

    forgottenDays.forEach(({ day }, i) => expect(versionOf(day), `day ${day}`).toBeGreaterThan(versionsBefore[i]!));

    for (const table of perSource) {
      expect(rowsOf(table, FORGOTTEN.id), `${table} after`).toBe(0);
      expect(rowsOf(table, KEPT.id), `${table} kept`).toBe(kept[table]);
    }
    // The rollups over every source count the kept source's clocks alone now.
    const started = sqlValue<number>(store, 'SELECT COUNT(*) FROM clocks WHERE started_at IS NOT NULL');
    expect(started).toBeGreaterThan(0);
    for (const rollup of SOURCELESS_TABLES.filter((table) => table.startsWith('clock_counts_'))) {
      expect(sqlValue<number>(store, `SELECT SUM(total) FROM ${rollup}`), rollup).toBe(started);
    }
  });
});

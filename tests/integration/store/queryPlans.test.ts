// The query plan of every statement the store prepares, read and write: none
// may scan a large table except where it is listed below with its reason.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Store } from '../../../electron/core/store/db';
import { preparedReads } from '../../../electron/core/store/read';
import { writeStatementsFrom } from '../../../electron/core/store/statements';
import { openTemp, tempDir } from '../support/cache';

// Every module of the store that defines a write statement, imported before the statements are listed: a
// statement is listed only once its module has been imported, and the retention purge's were missed until a
// test helper happened to import the engine (one of them scanned the whole quarantine). The first test below
// holds this list to the store's files.
import '../../../electron/core/store/alarms';
import '../../../electron/core/store/day-versions';
import '../../../electron/core/store/events';
import '../../../electron/core/store/handovers';
import '../../../electron/core/store/meta';
import '../../../electron/core/store/outbox';
import '../../../electron/core/store/projection';
import '../../../electron/core/store/quarantine';
import '../../../electron/core/store/retention';
import '../../../electron/core/store/rollups';
import '../../../electron/core/store/sources';

/** Whole-table work that is meant: what it is and why it may scan. */
const SCANS_ALLOWED: [RegExp, string][] = [
  [/FROM sources/, 'a handful of rows'],
  [/FROM meta/, 'a handful of rows'],
  [/^DELETE FROM (clocks|tickets)$/, 'a rebuild clears the projection'],
  [/^UPDATE clock_day_versions SET version = version \+ 1$/, "a rebuild raises every day's version (migration 0017): a row a day"],
  [/^DELETE FROM quarantine WHERE kind = 'rejected'$/, 'a rebuild decides every rejection afresh'],
  [/SELECT DISTINCT source, ticket_id FROM events/, 'a rebuild visits every ticket once'],
  [/SELECT source, COUNT\(\*\) AS n FROM quarantine GROUP BY source/, 'once at start, from the quarantine_by_source index'],
  [/FROM quarantine ORDER BY id DESC LIMIT/, 'the newest rows, by rowid, stopping at the limit'],
  [/^SELECT \* FROM handovers ORDER BY at DESC LIMIT/, 'the newest handovers, the handovers_by_at index newest first, stopping at the limit'],
  [/^SELECT \* FROM outbox ORDER BY created_at DESC/, "the Reports page's unfiltered list: the outbox_by_created index newest first, stopping at the limit"],
  [/UNION SELECT source, ticket_id FROM tickets WHERE incomplete = 1/, "breaches under another policy than the projection's (`noc breaches --policy`): every ticket may count"],
  [/^DELETE FROM outbox WHERE source = \?$/, "forgetting a simulated province's rows: the outbox's own foreign keys (an edited resend) are checked over its few rows"],
  [/json_each/, 'the slice of ids asked about, each looked up by the unique index'],
  [/^INSERT INTO quarantine .* SELECT \?.* WHERE NOT EXISTS/, 'one constant row, inserted unless quarantine_by_event finds the event (below)'],
];

/** Statements that must use one particular index. */
const INDEX_OF: [RegExp, RegExp][] = [
  [/FROM tickets WHERE open = 1$/, /USING (COVERING )?INDEX tickets_open/],
  // Tickets closed with events after an instant (every board page as of now): by their last event, a handful. By
  // created_at the planner took every ticket created before it, the whole cache: 0.3-0.5 s a page on 1,000,000 tickets.
  [/FROM tickets\b.* WHERE last_event_at > \? AND open = 0/, /^SEARCH tickets USING INDEX tickets_last_event_at \(last_event_at>\?\)$/m],
  [/FROM events WHERE source = \? AND ticket_id = \?/, /USING INDEX events_by_ticket/],
  // Counts from the index alone; with the overruns, the table is read only for breached clocks.
  [/^(?![\s\S]*group_concat)[\s\S]*FROM clocks c WHERE c\.started_at >= @from AND c\.started_at < @to\s+GROUP BY/, /^SEARCH c USING COVERING INDEX clocks_started_at/m],
  [/group_concat\(CASE[\s\S]*FROM clocks c WHERE c\.started_at >= @from/, /^SEARCH c USING INDEX clocks_started_at/m],
  // The partial buckets at a period's edges, listed (not grouped: no sort) from the index alone.
  [/^SELECT (json_group_array|'\[' \|\| group_concat)[\s\S]*FROM clocks c WHERE c\.started_at >= @from AND c\.started_at < @to$/, /^SEARCH c USING COVERING INDEX clocks_started_at \(started_at>\? AND started_at<\?\)$/m],
  // The risk history's pages (store/risk.ts): the first clocks of a range in the index's order, with no sort.
  [/FROM clocks c WHERE c\.started_at >= \? AND c\.started_at <= \? ORDER BY c\.started_at LIMIT \?$/, /^SEARCH c USING INDEX clocks_started_at \(started_at>\? AND started_at<\?\)$/m],
  [/FROM clocks c WHERE c\.started_at >= \? AND c\.started_at <= \? ORDER BY/, /^(?![\s\S]*TEMP B-TREE)/],
  // The rollups (migrations 0009, 0017) by their key's range of start buckets; the breaching clocks from their index alone.
  // The kept days' versions (migration 0017) by the range of days.
  [/FROM clock_counts_\w+ r WHERE r\.(day|hour) >= @first/, /^SEARCH r USING PRIMARY KEY \((day|hour)>\? AND (day|hour)<\?\)$/m],
  [/FROM clocks c INDEXED BY clocks_breaching/, /^SEARCH c USING COVERING INDEX clocks_breaching \(started_at>\? AND started_at<\?\)$/m],
  [/FROM clock_day_versions WHERE day >= @first/, /^SEARCH clock_day_versions USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)$/m],
  // Listed, not grouped in SQL: sorting every breached clock (and the month's rollup rows) was most of a heatmap's time.
  [/FROM clocks c INDEXED BY clocks_breaching/, /^(?![\s\S]*TEMP B-TREE)/],
  [/FROM clock_counts_\w+ r WHERE r\.(day|hour) >= @first/, /^(?![\s\S]*TEMP B-TREE)/],
  [/FROM tickets WHERE last_event_at > @to AND clocks_from < @to/, /^SEARCH tickets USING INDEX tickets_last_event_at \(last_event_at>\?\)$/m],
  // The statistics by the day first (migration 0015): the daily counts come grouped in the index's order, with no sort.
  [/FROM tickets WHERE \(repair_started_at \+ \d+\) \/ \d+ BETWEEN @firstDay/, /^SEARCH tickets USING COVERING INDEX tickets_statistics \(<expr>>\? AND <expr><\?\)$/m],
  [/NULL AS hour[\s\S]*FROM tickets WHERE/, /^(?![\s\S]*TEMP B-TREE)[\s\S]*tickets_statistics/],
  // The retention purge (store/retention.ts): from the tickets closed before the cut to each table's rows of them.
  [/DELETE FROM (events|clocks|quarantine) WHERE rowid IN/, /^SEARCH t USING INDEX tickets_closed_at/m],
  [/DELETE FROM events WHERE rowid IN/, /SEARCH e USING (COVERING )?INDEX events_by_ticket/],
  [/DELETE FROM quarantine WHERE rowid IN/, /SEARCH q USING INDEX quarantine_by_ticket/],
  [/DELETE FROM tickets WHERE open = 0 AND closed_at < \?/, /USING INDEX tickets_closed_at/],
  // The rollups (store/rollups.ts) take out the clocks about to be deleted, and raise their days' versions (migration 0017),
  // found by the clocks' key or the closed tickets.
  [/^INSERT INTO clock_(counts_\w+|day_versions) [\s\S]* FROM clocks c WHERE c\.source = \?/, /^SEARCH c USING INDEX sqlite_autoindex_clocks_1 \(source=\?/m],
  [/^INSERT INTO clock_(counts_\w+|day_versions) [\s\S]* FROM tickets t JOIN clocks c/, /^SEARCH t USING INDEX tickets_closed_at/m],
  // A handover's fault reports still owed: the clocks not stopped and those stopped after the instant, never every one started before it.
  [/FROM clocks c JOIN tickets t .* c\.name = 'faultReport'/s, /SEARCH c USING INDEX clocks_fault_report \(stopped_at=\?\)[\s\S]*SEARCH c USING INDEX clocks_fault_report \(stopped_at>\?\)/],
  [/FROM clocks c JOIN tickets t .* c\.breach_at >= \?/s, /SEARCH c USING INDEX clocks_breach_at/],
  // A handover's echoes: the source's ticketless events, newest first, from either index.
  [/FROM events WHERE source = \? AND ticket_id IS NULL/, /SEARCH events USING INDEX events_(of_sources|by_ticket)/],
  [/FROM quarantine WHERE source = \? AND event_id = \? AND seq IS \?/, /USING COVERING INDEX quarantine_by_event/],
  // A start's pages of the sounding alarms (store/alarms.ts): in the partial index's order, with no sort.
  [/FROM alarm_log\s+WHERE cleared_at IS NULL AND \(raised_at, rowid\) >/, /^SEARCH alarm_log USING INDEX alarm_log_active \(raised_at>\?\)$/m],
  [/FROM alarm_log\s+WHERE cleared_at IS NULL AND \(raised_at, rowid\) >/, /^(?![\s\S]*TEMP B-TREE)/],
  // The handover's alarms not acknowledged at an instant (migration 0016): the active ones, then those cleared since, never the whole log.
  [/FROM alarm_log WHERE cleared_at IS NULL AND raised_at <= @at/, /SEARCH alarm_log USING INDEX alarm_log_active \(raised_at<\?\)[\s\S]*SEARCH alarm_log USING INDEX alarm_log_by_cleared \(cleared_at>\?\)/],
];

const PARTIAL_INDEXES = ['tickets_open', 'events_by_ticket', 'alarm_log_active'];

// Opened while the tests are collected: the store prepares its read statements at open, and each is a test below.
const dir = tempDir('plans');
const store: Store = openTemp(dir);
store.read((reads) => {
  reads.breaches.prepareKnown();
  reads.outbox.list({ limit: 10 });
  reads.outbox.list({ limit: 10, states: ['queued'], kinds: ['progress'], ticket: 'NJ', from: 0, to: 1 });
});

describe('query plans of the statements the store prepares', () => {
  let db: Database.Database;
  beforeAll(() => {
    db = new Database(store.file, { readonly: true });
  });
  afterAll(async () => {
    db.close();
    await store.close();
    dir.remove();
  });

  const statements = () => [...preparedReads(), ...writeStatementsFrom(0).map((s) => s.sql)];

  it("lists the statements of every store module that defines one (each imported above)", () => {
    const storeDir = fileURLToPath(new URL('../../../electron/core/store/', import.meta.url));
    const defining = readdirSync(storeDir).filter((file) => file.endsWith('.ts') && file !== 'statements.ts' && readFileSync(join(storeDir, file), 'utf8').includes('defineWrite('));
    const imported = readFileSync(fileURLToPath(import.meta.url), 'utf8');
    expect(defining.length).toBeGreaterThan(5);
    for (const file of defining) expect(imported, file).toContain(`import '../../../electron/core/store/${file.replace(/\.ts$/, '')}';`);
  });

  it('prepares the statements this test is about', () => {
    expect(preparedReads().length).toBeGreaterThan(30);
    expect(writeStatementsFrom(0).length).toBeGreaterThan(20);
  });

  it.each(statements().map((sql) => [sql.replace(/\s+/g, ' ').slice(0, 100), sql]))('%s', (_label, sql) => {
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...parameters(sql)) as { detail: string }[]).map((row) => row.detail);
    const text = plan.join('\n');
    for (const [statement, index] of INDEX_OF) if (statement.test(sql)) expect(text).toMatch(index);
    const allowed = SCANS_ALLOWED.some(([pattern]) => pattern.test(sql.replace(/\s+/g, ' ').trim()));
    if (allowed) return;
    const scans = plan.filter((step) => /^SCAN /.test(step) && !PARTIAL_INDEXES.some((name) => step.includes(`INDEX ${name}`)));
    expect(scans).toEqual([]);
  });
});

/** A value for each `?` and `@name` parameter: EXPLAIN needs them bound. */
function parameters(sql: string): unknown[] {
  const positional = new Array<number>((sql.match(/\?/g) ?? []).length).fill(1);
  const named = [...new Set([...sql.matchAll(/@(\w+)/g)].map((match) => match[1]!))];
  return named.length === 0 ? positional : [...positional, Object.fromEntries(named.map((name) => [name, 1]))];
}

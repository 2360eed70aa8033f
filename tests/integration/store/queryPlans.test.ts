import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from '../../../electron/core/store/db';
import {
  storedBreachedSql,
  storedCountSql,
  storedOfTicketSql,
  TICKETS_WITH_LATER_EVENTS_SQL,
  type BreachDimension,
} from '../../../electron/core/board/breaches';
import { TICKET_ROWS_SQL } from '../../../electron/core/heatmap/stats';
import { openTemp, tempDir } from '../support/cache';

// The statements the boards, as-of views, rebuild and heatmaps run hot, with
// the index each must use: none may scan the tickets or events tables.
const HOT: [string, string, RegExp][] = [
  ['open tickets on start', 'SELECT source, ticket_id FROM tickets WHERE open = 1', /USING (COVERING )?INDEX tickets_open/],
  [
    'closed tickets with events after an instant',
    'SELECT source, ticket_id FROM tickets WHERE last_event_at > 1 AND open = 0 AND created_at <= 1',
    /USING INDEX tickets_(last_event|created)_at/,
  ],
  [
    "a ticket's events in order",
    "SELECT raw FROM events WHERE source = 'a' AND ticket_id = 'b' AND valid = 1 AND at <= 9 ORDER BY at, seq",
    /USING INDEX events_by_ticket/,
  ],
  ['group board by due time', 'SELECT * FROM tickets WHERE open = 1 AND on_group_board = 1 ORDER BY next_due_at', /USING INDEX tickets_group_board/],
  [
    'province board by due time',
    'SELECT * FROM tickets WHERE open = 1 AND on_province_board = 1 ORDER BY next_due_at',
    /USING INDEX tickets_province_board/,
  ],
  ...(['city,clock', 'city,hour', 'service,tier'] as const).map((by): [string, string, RegExp] => [
    `breaches by ${by}`,
    storedCountSql(by.split(',') as BreachDimension[]).replace(/@(from|to)/g, '1'),
    /SEARCH c USING (COVERING )?INDEX clocks_started_at/,
  ]),
  // The heatmaps: counts from the index alone, the table read only for breached clocks, no join to tickets.
  ...(['city,clock', 'city,hour', 'service,tier', 'day,hour', 'city,day,clock'] as const).flatMap((by): [string, string, RegExp][] => {
    const dims = by.split(',') as BreachDimension[];
    return [
      [`breach counts by ${by}`, storedCountSql(dims), /^SEARCH c USING COVERING INDEX clocks_started_at \(started_at>\? AND started_at<\?\)$/m],
      [`breach counts and overruns by ${by}`, storedCountSql(dims, true), /^SEARCH c USING INDEX clocks_started_at \(started_at>\? AND started_at<\?\)$/m],
      [`breached clocks by ${by}`, storedBreachedSql(dims), /^SEARCH c USING INDEX clocks_started_at \(started_at>\? AND started_at<\?\)$/m],
    ];
  }),
  ['tickets to re-fold as of an instant', TICKETS_WITH_LATER_EVENTS_SQL, /^SEARCH tickets USING INDEX tickets_last_event_at \(last_event_at>\?\)$/m],
  [
    "a re-folded ticket's stored clocks of a period",
    storedOfTicketSql(['city', 'clock']),
    /^SEARCH c USING INDEX sqlite_autoindex_clocks_1 \(source=\? AND ticket_id=\?\)$/m,
  ],
  [
    "statistics' tickets of a period",
    TICKET_ROWS_SQL,
    /^SEARCH tickets USING COVERING INDEX tickets_statistics \(repair_started_at>\? AND repair_started_at<\?\)$/m,
  ],
  ['retention of closed tickets', 'SELECT source, ticket_id FROM tickets WHERE open = 0 AND closed_at < 5', /USING INDEX tickets_closed_at/],
  ['quarantine of one source', "SELECT * FROM quarantine WHERE source = 'a' ORDER BY id DESC LIMIT 20", /USING INDEX quarantine_by_source/],
];

const PARTIAL_INDEXES = ['tickets_open', 'tickets_group_board', 'tickets_province_board'];

describe('query plans of hot queries', () => {
  let dir: ReturnType<typeof tempDir>;
  let cache: Cache;
  beforeAll(() => {
    dir = tempDir('plans');
    cache = openTemp(dir);
  });
  afterAll(() => {
    cache.close();
    dir.remove();
  });

  it.each(HOT)('%s uses its index', (_name, sql, index) => {
    const plan = (cache.db.prepare(`EXPLAIN QUERY PLAN ${sql.replace(/@(from|to)/g, '1').replace(/@(source|ticketId)/g, "'a'")}`).all() as { detail: string }[]).map((row) => row.detail);
    expect(plan.join('\n')).toMatch(index);
    // A scan is fine only over a partial index, which holds just the rows asked for.
    const fullScans = plan.filter((step) => /^SCAN /.test(step) && !PARTIAL_INDEXES.some((name) => step.includes(`INDEX ${name}`)));
    expect(fullScans).toEqual([]);
  });
});

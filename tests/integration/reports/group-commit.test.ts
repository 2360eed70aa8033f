// Ingest keeps one write transaction open across slices; a report clicked
// meanwhile is written into it, so the send must commit it first: upstream may
// file a report the console would otherwise forget in a crash.
import { afterEach, expect, it } from 'vitest';
import { chromiumPdfPrinter } from '../../../electron/core/pdf';
import { openCache, type Cache } from '../../../electron/core/store/db';
import { generatedEvents, tempDir } from '../support/cache';
import { KEY, MINUTE, OPEN_TICKET, T0, startConsole, startServer } from './harness';

const BULK = { id: 'bulk', name: 'Bulk source', level: 'province' as const };
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const count = (cache: Cache, sql: string, ...params: unknown[]) => cache.db.prepare(sql).pluck().get(...params) as number;

it('commits a report clicked while an ingest group is open before the server receives it', async () => {
  const dir = tempDir('reports-group');
  const now = { value: T0 + 140 * MINUTE };
  const server = await startServer(now, OPEN_TICKET);
  const printer = chromiumPdfPrinter();
  const rig = await startConsole({ file: dir.file('cache.db'), server, now, printer });
  const reader = openCache(dir.file('cache.db'), { readonly: true });
  cleanups.push(async () => {
    reader.close();
    await rig.close();
    await server.close();
    await printer.close();
    dir.remove();
  });
  await rig.connected();

  const seen: { outboxRows: number; bulkEvents: number }[] = [];
  rig.server.faults.reportRule = (report) => {
    seen.push({
      outboxRows: count(reader, 'SELECT COUNT(*) FROM outbox WHERE id = ?', report.id),
      bulkEvents: count(reader, "SELECT COUNT(*) FROM events WHERE source = 'bulk'"),
    });
    return null;
  };

  const events = generatedEvents(100);
  rig.engine.registerSource(BULK, 'http://bulk.invalid');
  // The first slice applies before ingest yields; its group stays open until a later tick.
  const ingesting = rig.engine.ingest(BULK.id, events);
  const inGroup = count(rig.cache, "SELECT COUNT(*) FROM events WHERE source = 'bulk'");
  expect(inGroup).toBeGreaterThan(0);
  expect(count(reader, "SELECT COUNT(*) FROM events WHERE source = 'bulk'")).toBe(0);

  const entry = await rig.service.send(KEY, 'progress');
  expect(entry.state).toBe('acknowledged');
  expect(seen).toHaveLength(1);
  // On disk with the group it joined, as a second connection sees it.
  expect(seen[0]!.outboxRows).toBe(1);
  expect(seen[0]!.bulkEvents).toBeGreaterThanOrEqual(inGroup);

  const result = await ingesting;
  expect(result.since).toBe(events.length);
  expect(count(reader, "SELECT COUNT(*) FROM events WHERE source = 'bulk'")).toBe(events.length);
});

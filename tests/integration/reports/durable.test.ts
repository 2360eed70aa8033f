// A report is on disk before it leaves: upstream may file a report the console
// would otherwise forget in a crash. Clicked while a bulk ingest is under way,
// it waits for no ingest write, and none waits for it.
import { afterEach, expect, it } from 'vitest';
import { chromiumPdfPrinter } from '../../../electron/core/pdf';
import { generatedEvents, inspect, tempDir } from '../support/cache';
import { KEY, MINUTE, OPEN_TICKET, T0, startConsole, startServer } from './harness';

const BULK = { id: 'bulk', name: 'Bulk source', level: 'province' as const };
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('has a report clicked during an ingest on disk before the server receives it', async () => {
  const dir = tempDir('reports-durable');
  const now = { value: T0 + 140 * MINUTE };
  const server = await startServer(now, OPEN_TICKET);
  const printer = chromiumPdfPrinter();
  const rig = await startConsole({ file: dir.file('cache.db'), server, now, printer });
  const reader = inspect(dir.file('cache.db'));
  cleanups.push(async () => {
    reader.close();
    await rig.close();
    await server.close();
    await printer.close();
    dir.remove();
  });
  await rig.connected();

  const seen: number[] = [];
  rig.server.faults.reportRule = (report) => {
    seen.push(reader.prepare('SELECT COUNT(*) FROM outbox WHERE id = ?').pluck().get(report.id) as number);
    return null;
  };

  const events = generatedEvents(100);
  rig.engine.registerSource(BULK, 'http://bulk.invalid');
  const ingesting = rig.engine.ingest(BULK.id, events);
  const queued = await rig.service.send(KEY, 'progress');
  expect((await rig.answered(queued.id)).state).toBe('acknowledged');
  // On disk, as a second connection sees it, when the server looked.
  expect(seen).toEqual([1]);

  const result = await ingesting;
  await rig.engine.flushed();
  expect(result.since).toBe(events.length);
  expect(reader.prepare("SELECT COUNT(*) FROM events WHERE source = 'bulk'").pluck().get()).toBe(events.length);
});

// PRAGMA quick_check of a cache beside the running console: a worker thread of
// its own, with its own read-only connection, so neither the main thread nor the
// writer waits for it. It reads every page: 0.36 s for a 61 MB cache of 10,000
// open tickets, 102 s for the 1.5 GB cache of 1,000,000 tickets (load 12), which
// a console checking at open spent before it served its first board.
// Its read transaction is one snapshot: the writer goes on appending to the WAL.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { StorageError } from './writer';

/** How many of quick_check's findings an error quotes. */
const QUOTED_PROBLEMS = 3;

/** quick_check's statement: one finding more than is quoted, to say there are more. */
export const QUICK_CHECK = `quick_check(${QUOTED_PROBLEMS + 1})`;

/** What quick_check found, without its "ok". */
export function problemsOf(found: readonly { quick_check: string }[]): string[] {
  return found.map((row) => row.quick_check).filter((line) => line !== 'ok');
}

/** What a damaged cache's error says: what was found and what to do. */
export function damageDescription(problems: readonly string[]): string {
  const more = problems.length > QUOTED_PROBLEMS ? '; …' : '';
  return (
    `damaged (PRAGMA quick_check: ${problems.slice(0, QUOTED_PROBLEMS).join('; ')}${more}): ` +
    'restore it from a backup, or move it aside to start from an empty cache (the sources send their events again)'
  );
}

/** The error that names a damaged cache. */
export const damagedCache = (file: string, problems: readonly string[]) => new StorageError(file, damageDescription(problems), 'SQLITE_CORRUPT');

// Plain CommonJS run with `eval: true`, as the writer's (store/writer.ts says why).
const CHECK_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
  parentPort.postMessage({ found: db.pragma(workerData.statement) });
} catch (error) {
  parentPort.postMessage({ error: error.message, code: error.code ?? null });
} finally {
  db?.close();
}
`;

/** Resolves with what quick_check found in `file` (nothing when it is whole); rejects when it could not run. */
export function quickCheckInWorker(file: string, nativeBinding?: string): Promise<string[]> {
  const worker = new Worker(CHECK_SOURCE, {
    eval: true,
    workerData: { modulePath: createRequire(__filename).resolve('better-sqlite3'), file, nativeBinding, statement: QUICK_CHECK },
  });
  // A check under way does not keep a closing console alive.
  worker.unref();
  return new Promise((resolve, reject) => {
    worker.once('message', (message: { found?: { quick_check: string }[]; error?: string; code?: string | null }) => {
      if (message.found) resolve(problemsOf(message.found));
      else reject(new StorageError(file, `cannot check the cache: ${message.error ?? 'unknown error'}`, message.code ?? null));
    });
    worker.once('error', (error) => reject(new StorageError(file, `cannot check the cache: ${error.message}`, null)));
    worker.once('exit', () => reject(new StorageError(file, 'cannot check the cache: its thread exited', null)));
  });
}

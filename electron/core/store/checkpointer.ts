// WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside
// the COMMIT that crosses 1000 WAL pages, copying the WAL back into the database
// and fsyncing it on the event loop (25–100 ms per group commit under ingest). Here
// the main connection appends to the WAL, and a worker thread with its own
// connection copies it back with PASSIVE checkpoints, which never wait for or
// block the writer.
//
// Copied back is not yet reused: the WAL starts over from its first page only when
// a write transaction begins with every frame checkpointed. The ingest engine
// holds its group transactions nearly back to back, so during a long catch-up a
// checkpoint from another thread almost never lands in that gap and the WAL grows
// by the whole burst (130–260 MB over the ingest bench's 150,000 events). So the
// main connection keeps an automatic checkpoint, at MAX_WAL_PAGES instead of 1000:
// past it, the commit copies back only what the worker has not yet (about the
// last group) and the next group restarts the WAL. Live ingest never gets there:
// between its groups the worker catches up and the WAL restarts by itself.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Cache } from './db';

export interface Checkpointer {
  /** Lets a checkpoint in progress finish, closes the worker's connection, and hands checkpoints back to the main connection. */
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  /** How often the worker checkpoints. */
  intervalMs?: number;
  /** The main connection's automatic checkpoint while the worker runs (see above); tests lower it. */
  maxWalPages?: number;
}

interface WorkerData {
  modulePath: string;
  file: string;
  nativeBinding: string | undefined;
  intervalMs: number;
}

/** SQLite's default; what the main connection falls back to when the worker is gone. */
const DEFAULT_AUTOCHECKPOINT = 1000;
/**
 * 256 MiB of 4 KiB pages: the WAL file's size on disk, at most (plus a group); a checkpoint on the
 * main thread per 256 MiB written in a long catch-up (the ingest bench's 150,000 events write 120–260 MB).
 */
const MAX_WAL_PAGES = 65_536;
/** A stuck worker (a checkpoint waiting on a lock) is terminated after this long. */
const STOP_GRACE_MS = 10_000;

// Plain CommonJS run with `eval: true`: the same text works under tsx, vitest and
// the electron-vite bundle, none of which would agree on a path to a worker file.
// better-sqlite3 comes from the path the parent resolved, since an eval'd
// worker resolves bare names from the current directory, not from our code.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
// fileMustExist: a cache deleted under us must fail here, not be recreated empty.
const db = new Database(workerData.file, {
  fileMustExist: true,
  ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}),
});
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    // Another checkpointer (a second console on this file) just means: next time.
    // Anything else ends the worker, so the main connection checkpoints again.
    if (error.code !== 'SQLITE_BUSY' && error.code !== 'SQLITE_LOCKED') throw error;
  }
}, workerData.intervalMs);
// A message means stop. A checkpoint in progress has finished by the time it is read.
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

const NO_CHECKPOINTER: Checkpointer = { stop: async () => {} };

/**
 * Moves `cache`'s WAL checkpoints to a worker thread until `stop()`. If the
 * worker cannot start or dies, the main connection checkpoints itself again
 * (the WAL never grows without bound) and nothing else changes.
 */
export function startCheckpointer(cache: Cache, options: CheckpointerOptions = {}): Checkpointer {
  if (cache.db.readonly) return NO_CHECKPOINTER;
  const db = cache.db;
  const before = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const previous = before > 0 ? before : DEFAULT_AUTOCHECKPOINT;
  let handedBack = false;
  const handBack = () => {
    if (handedBack) return;
    handedBack = true;
    if (db.open) db.pragma(`wal_autocheckpoint = ${previous}`);
  };

  let worker: Worker;
  try {
    const workerData: WorkerData = {
      modulePath: createRequire(__filename).resolve('better-sqlite3'),
      file: cache.file,
      nativeBinding: cache.nativeBinding,
      intervalMs: options.intervalMs ?? 250,
    };
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
  } catch {
    return NO_CHECKPOINTER;
  }
  db.pragma(`wal_autocheckpoint = ${Math.max(1, Math.floor(options.maxWalPages ?? MAX_WAL_PAGES))}`);
  // The worker never keeps the process alive by itself; stop() holds it while it winds down.
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // Whether it failed to open the file, threw, or exited on its own: checkpoint on the main connection again.
  worker.on('error', handBack);
  void exited.then(handBack);

  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopping ??= (async () => {
        worker.ref();
        worker.postMessage('stop');
        const grace = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
        await exited;
        clearTimeout(grace);
        handBack();
      })();
      return stopping;
    },
  };
}

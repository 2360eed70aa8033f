// The heap limits of the core's worker threads (the SQLite writer, each feed's
// worker). By default a worker has the main thread's: a 48 MB young generation
// and a 4 GB old one. After a burst (a backlog of 10,000 tickets decoded and
// written) an idle worker keeps what it grew to, collected or not: two 16 MB
// semi-spaces each, and old generations of 34 and 66 MB holding 3 and 8 MB of
// live objects, since V8 lets a heap with a 4 GB limit grow fourfold between
// collections (1.6-fold with 1 GB). What lives in them is a batch in flight and
// a decoded wire frame (ws caps a frame at 100 MB), so these limits still leave
// ample room. Measured with bench/screen.ts and a probe of each thread's heap
// (the rss branch's report).
import type { ResourceLimits } from 'node:worker_threads';

export const WORKER_RESOURCE_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 6, maxOldGenerationSizeMb: 1024 };

// Preloaded (--require) into the console the screen bench starts: each turn of
// its main thread's event loop that held it over STALL_MS, printed as it ends
// ("bench: loop stall <epoch ms it began> <ms>"), so the bench can read the
// core's longest stall in a span of its own (a cold start's streaming). A 1 ms
// interval finds them: a stall is the gap between two of its ticks, less the 1 ms.
// The main thread only: a preload runs in every worker too (the writer's commits
// are not turns of the loop that events and calls wait on).
'use strict';
const { isMainThread } = require('node:worker_threads');
const STALL_MS = 10;
if (isMainThread) {
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const stalled = now - last - 1;
    if (stalled > STALL_MS) process.stdout.write(`bench: loop stall ${Math.round(performance.timeOrigin + last)} ${Math.round(stalled)}\n`);
    last = now;
  }, 1).unref();
}

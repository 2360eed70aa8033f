// Preloaded (--require) into the console the screen bench starts: each turn of
// its main thread's event loop that held it over STALL_MS, printed as it ends
// ("bench: loop stall <epoch ms it began> <ms>"), so the bench can read the
// core's longest stall in a span of its own (a cold start's streaming). A 1 ms
// interval finds them: a stall is the gap between two of its ticks, less the 1 ms.
'use strict';
const STALL_MS = 10;
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  const stalled = now - last - 1;
  if (stalled > STALL_MS) process.stdout.write(`bench: loop stall ${Math.round(performance.timeOrigin + last)} ${Math.round(stalled)}\n`);
  last = now;
}, 1).unref();

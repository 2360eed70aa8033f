// Preloaded (--require, with --expose-gc) into the console the screen bench
// measures: on SIGUSR2 its main thread collects garbage and says so, so the
// resident memory is read at rest, as the renderer's heap is read after
// HeapProfiler.collectGarbage. Read without it, 2 s after the backlog was
// folded, it held the ingest's garbage not yet collected: 520 MB, 300 MB after
// a collection (bench/screen.ts residentAtRest).
'use strict';
process.on('SIGUSR2', () => {
  globalThis.gc();
  process.stdout.write('bench: garbage collected\n');
});

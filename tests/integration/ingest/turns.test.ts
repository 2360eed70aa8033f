// A large batch applied under an injected clock: its slices and the unit
// projections they start take one slice per turn of the event loop between
// them, and the engine yields the turn after it (electron/core/ingest/slices.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/core/ingest/engine';
import type { Store } from '../../../electron/core/store/db';
import { manualTimers } from '../../support/timers';
import { generatedEvents, openTemp, policy, SOURCE, START, tempDir } from '../support/cache';

/** Each read of the engine's clock stands for 1 ms of work. */
const MS_PER_READ = 1;

describe('ingest in turns of the event loop', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    dir = tempDir('turns');
    store = openTemp(dir);
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('runs one slice per turn, ingest or projection, and yields between turns', async () => {
    const clock = { now: 0 };
    const manual = manualTimers(clock);
    const elapsed = () => (clock.now += MS_PER_READ);
    const engine = await Engine.open(store, { policy, now: () => START + 30 * 86_400_000, sliceSize: 20, elapsed, timers: manual.timers });
    engine.registerSource(SOURCE, 'http://127.0.0.1:1');
    const events = generatedEvents(60);

    let done = false;
    // Until the last unit is projected and on disk: the projection's slices wait for turns too.
    const ingest = engine.ingest(SOURCE.id, events).then(async (result) => {
      await engine.flushed();
      done = true;
      return result;
    });
    const turnLengths: number[] = [];
    for (let turn = 0; !done; turn += 1) {
      expect(turn, 'the batch never finished').toBeLessThan(10_000);
      const started = clock.now;
      // The turn runs whatever is ready (the writer thread's answers among it), then the engine waits on the next turn's timer.
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
      turnLengths.push(clock.now - started);
      manual.advanceTo(clock.now);
    }
    const result = await ingest;
    expect(result.applied).toBe(events.length);
    expect(turnLengths.filter((ms) => ms > 0).length).toBeGreaterThan(2);
    // A slice reads the clock twice (MS_PER_READ each, its start and its end): a turn that ran two slices read it four times.
    expect(Math.max(...turnLengths)).toBe(2 * MS_PER_READ);
    expect(engine.source(SOURCE.id)?.since).toBe(events.length);
  });
});

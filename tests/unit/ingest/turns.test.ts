// The budget per turn of the event loop that every sliced loop of the engine
// shares (electron/core/ingest/slices.ts), under an injected clock and timers.
import { describe, expect, it } from 'vitest';
import { TurnBudget } from '../../../electron/core/ingest/slices';
import { manualTimers } from '../../support/timers';

/** Lets every promise continuation that is ready run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a turn budget', () => {
  it('lets slices run at once while the turn lasts, then holds them for the next turn', async () => {
    const clock = { now: 0 };
    const manual = manualTimers(clock);
    const turns = new TurnBudget(() => clock.now, manual.timers, 4);

    let ran = 0;
    /** A sliced loop as the engine's: a slot before each slice, each slice costing 3 ms of the turn. */
    const loop = async (slices: number) => {
      for (let i = 0; i < slices; i += 1) {
        await turns.slot();
        ran += 1;
        clock.now += 3;
      }
    };
    const runs = [loop(5)];
    await settle();
    // 0 → 3 ms: under 4, a second slice starts; at 6 ms the turn is spent.
    expect(ran).toBe(2);
    expect(manual.pendingCount()).toBe(1);

    manual.advanceTo(clock.now);
    await settle();
    expect(ran).toBe(4);

    manual.advanceTo(clock.now);
    await settle();
    expect(ran).toBe(5);
    await Promise.all(runs);
  });

  it('shares one turn between loops: each runs at most one slice past the budget', async () => {
    const clock = { now: 0 };
    const manual = manualTimers(clock);
    const turns = new TurnBudget(() => clock.now, manual.timers, 4);
    const loop = async (slices: number) => {
      for (let i = 0; i < slices; i += 1) {
        await turns.slot();
        clock.now += 3;
      }
    };
    let finished = false;
    const both = Promise.all([loop(6), loop(6)]).then(() => (finished = true));
    const turnLengths: number[] = [];
    while (!finished) {
      const started = clock.now;
      await settle();
      turnLengths.push(clock.now - started);
      manual.advanceTo(clock.now);
    }
    await both;
    expect(turnLengths.reduce((sum, ms) => sum + ms, 0)).toBe(36);
    expect(Math.max(...turnLengths)).toBeLessThanOrEqual(4 + 2 * 3);
    expect(turnLengths.length).toBeGreaterThanOrEqual(4);
  });

  it('gives a slice of a later turn its whole budget, whatever the last turn spent', async () => {
    const clock = { now: 0 };
    const manual = manualTimers(clock);
    const turns = new TurnBudget(() => clock.now, manual.timers, 4);

    await turns.slot();
    clock.now += 50; // one long slice
    let resumed = false;
    const next = turns.slot().then(() => (resumed = true));
    await settle();
    expect(resumed).toBe(false);

    manual.advanceTo(clock.now);
    await next;
    // The new turn started with this slice: the next one fits in it.
    await turns.slot();
    expect(manual.pendingCount()).toBe(1);
  });
});

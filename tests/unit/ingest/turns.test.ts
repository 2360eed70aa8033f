// One slice per turn of the event loop for every sliced loop of the engine
// (electron/core/ingest/slices.ts), under an injected clock and timers.
import { describe, expect, it } from 'vitest';
import { TurnGate } from '../../../electron/core/ingest/slices';
import { manualTimers } from '../../support/timers';

/** Lets every promise continuation that is ready run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a turn gate', () => {
  it('lets the first slice of a turn run at once and holds the next for the next turn', async () => {
    const clock = { now: 0 };
    const manual = manualTimers(clock);
    const turns = new TurnGate(manual.timers);

    let ran = 0;
    /** A sliced loop as the engine's: a slot before each slice, each slice a fraction of a ms. */
    const loop = async (slices: number) => {
      for (let i = 0; i < slices; i += 1) {
        await turns.slot();
        ran += 1;
        clock.now += 0.25;
      }
    };
    const run = loop(3);
    await settle();
    // However short the slice, the turn is over after it: timers, IPC and socket reads come first.
    expect(ran).toBe(1);
    expect(manual.pendingCount()).toBe(1);

    manual.advanceTo(clock.now);
    await settle();
    expect(ran).toBe(2);

    manual.advanceTo(clock.now);
    await run;
    expect(ran).toBe(3);
  });

  it('gives loops that ask in the same instant one slice per turn between them', async () => {
    const clock = { now: 0 };
    const manual = manualTimers(clock);
    const turns = new TurnGate(manual.timers);
    const order: string[] = [];
    const loop = async (name: string, slices: number) => {
      for (let i = 0; i < slices; i += 1) {
        await turns.slot();
        order.push(name);
        clock.now += 1;
      }
    };
    let finished = false;
    const both = Promise.all([loop('ingest', 3), loop('project', 3)]).then(() => (finished = true));
    const perTurn: number[] = [];
    while (!finished) {
      const before = order.length;
      await settle();
      perTurn.push(order.length - before);
      manual.advanceTo(clock.now);
    }
    await both;
    expect(order).toHaveLength(6);
    expect(Math.max(...perTurn)).toBe(1);
    // Neither loop starves the other: they take turns.
    expect(order.slice(0, 4).sort()).toEqual(['ingest', 'ingest', 'project', 'project']);
  });

  it('runs a trickle at once: a slice asked for in a later, idle turn waits on nothing', async () => {
    const clock = { now: 0 };
    const manual = manualTimers(clock);
    const turns = new TurnGate(manual.timers);

    await turns.slot();
    clock.now += 50;
    manual.advanceTo(clock.now);
    let resumed = false;
    const next = turns.slot().then(() => (resumed = true));
    await settle();
    expect(resumed).toBe(true);
    await next;
  });
});

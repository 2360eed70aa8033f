// The alarms as the views that look through all of them follow them
// (renderer/src/store/observable.ts pacedUntilWhole): at most once a tick while
// a start's pages come, at once otherwise. Ticks come from the test's clock.
import { describe, expect, it } from 'vitest';
import { Observable, pacedUntilWhole } from '../../../renderer/src/store/observable';
import { manualTimers } from '../../support/timers';

const TICK_MS = 250;

function rig(wholeAtFirst: boolean) {
  const clock = { now: 0 };
  const manual = manualTimers(clock);
  const source = new Observable(0);
  const whole = new Observable(wholeAtFirst);
  const view = pacedUntilWhole(source, whole, (callback) => void manual.timers.set(callback, TICK_MS));
  const seen: number[] = [];
  view.subscribe(() => seen.push(view.get()));
  return { clock, manual, source, whole, view, seen };
}

describe('a view paced until the state is whole', () => {
  it('shows the first page at once, then follows the pages once a tick, with the latest of them', () => {
    const { clock, manual, source, view, seen } = rig(false);
    for (let page = 1; page <= 5; page += 1) source.set(page);
    expect(view.get()).toBe(1);
    expect(manual.pendingCount()).toBe(1);
    manual.advanceTo(clock.now + TICK_MS);
    expect(seen).toEqual([1, 5]);
    source.set(6);
    source.set(7);
    manual.advanceTo(clock.now + TICK_MS);
    expect(seen).toEqual([1, 5, 7]);
  });

  it('shows the last page at once when the state turns whole, and every change at once after', () => {
    const { manual, source, whole, view, seen } = rig(false);
    source.set(1);
    source.set(2);
    whole.set(true);
    expect(view.get()).toBe(2);
    // The tick still pending finds nothing new.
    manual.advanceTo(TICK_MS);
    expect(seen).toEqual([1, 2]);
    source.set(3);
    expect(view.get()).toBe(3);
    expect(manual.pendingCount()).toBe(0);
  });

  it('is paced again while a reconnect reloads the pages', () => {
    const { clock, manual, source, whole, view } = rig(true);
    source.set(1);
    expect(view.get()).toBe(1);
    whole.set(false);
    source.set(2);
    source.set(3);
    expect(view.get()).toBe(2);
    manual.advanceTo(clock.now + TICK_MS);
    expect(view.get()).toBe(3);
  });
});

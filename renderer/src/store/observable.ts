import { useSyncExternalStore } from 'react';

/** A value React components can read and follow, set from outside React (pushes, timers). */
export class Observable<T> {
  private readonly listeners = new Set<() => void>();

  constructor(private value: T) {}

  readonly get = (): T => this.value;

  set(value: T): void {
    if (Object.is(value, this.value)) return;
    this.value = value;
    for (const listener of this.listeners) listener();
  }

  update(change: (value: T) => T): void {
    this.set(change(this.value));
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export function useObservable<T>(observable: Observable<T>): T {
  return useSyncExternalStore(observable.subscribe, observable.get);
}

/**
 * `source` followed at most every `ms`: a burst of changes becomes one, with
 * the latest value, `ms` after the first. For views that look through
 * everything when it changes (the alarms against every board row) and need
 * not follow each display frame's change.
 */
export function throttled<T>(source: Observable<T>, ms: number): Observable<T> {
  const target = new Observable(source.get());
  let waiting = false;
  source.subscribe(() => {
    if (waiting) return;
    waiting = true;
    setTimeout(() => {
      waiting = false;
      target.set(source.get());
    }, ms);
  });
  return target;
}

/**
 * `source` followed at once while `whole` holds; while it does not, the first
 * change at once (a start's first page of alarms is on the banner with it) and
 * the next ones at most once a `tick` (the latest value at the tick); at once
 * again when it turns. For the views that look through every alarm when the
 * alarms change: a start's alarms come in some ninety pages back to back, and
 * each page was a look through all those held, where a pushed change, which
 * comes once a summary tick, is followed at once. Cold starts on 10,000 open
 * tickets and 45,000 alarms, profiled, eight alternating each way: the
 * banner's script 420 → 205 ms a start, tasks over 50 ms while the lists
 * stream 16 → 6.
 */
export function pacedUntilWhole<T>(source: Observable<T>, whole: Observable<boolean>, tick: (callback: () => void) => void): Observable<T> {
  const target = new Observable(source.get());
  let waiting = false;
  let firstOfPages = !whole.get();
  source.subscribe(() => {
    if (whole.get() || firstOfPages) {
      firstOfPages = false;
      target.set(source.get());
      return;
    }
    if (waiting) return;
    waiting = true;
    tick(() => {
      waiting = false;
      target.set(source.get());
    });
  });
  whole.subscribe(() => {
    if (whole.get()) target.set(source.get());
    else firstOfPages = true;
  });
  return target;
}

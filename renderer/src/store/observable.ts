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

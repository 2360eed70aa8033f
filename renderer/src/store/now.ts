import { Observable, useObservable } from './observable';

// One ticker for the whole renderer, aligned to the wall clock's second, so every
// countdown on screen turns over together instead of drifting apart.
const now = new Observable(Date.now());

function schedule(): void {
  setTimeout(() => {
    now.set(Date.now());
    schedule();
  }, 1000 - (Date.now() % 1000) + 5);
}
schedule();

export const nowTicker = now;

export function useNow(): number {
  return useObservable(now);
}

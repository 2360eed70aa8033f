// When a start's first render may begin. It builds the screen whole, the
// desk's grid with it: 0.3 s of the page's thread in one task on this
// machine. Begun before the socket had connected, it held back the
// connection's replies, so the first asks left after it and the first rows
// came in after that. Begun once the asks are out, the grid is built while
// the core answers (a cold start's first row painted: 1,656 → 1,289 ms after
// the spawn, median of four alternating pairs, bench/coldstart.ts).
import type { Observable } from '../store/observable';

/** A timer the caller sets (the window's, or a test's clock); returns its cancel. */
export type SetTimer = (callback: () => void, ms: number) => () => void;

export const windowTimer: SetTimer = (callback, ms) => {
  const id = setTimeout(callback, ms);
  return () => clearTimeout(id);
};

/** How long the first render waits for the connection, at most: a console that cannot be reached is then shown as such. */
export const FIRST_ASKS_WAIT_MS = 500;

/**
 * Resolves once the store's first asks are out (it sends them the moment it
 * connects, in the same turn; the Electron shell is connected from the start),
 * or after `waitMs` without a connection.
 */
export function firstAsksSent(connection: Observable<{ connected: boolean }>, waitMs: number, setTimer: SetTimer = windowTimer): Promise<void> {
  return new Promise((sent) => {
    if (connection.get().connected) return sent();
    const stop = connection.subscribe(() => {
      if (connection.get().connected) done();
    });
    const cancel = setTimer(done, waitMs);
    function done() {
      stop();
      cancel();
      sent();
    }
  });
}

import type { Timers } from '../../electron/core/timers';

/**
 * Timers driven by a test's clock: nothing fires until `advanceTo` moves the
 * clock past it, then everything due fires in time order.
 */
export function manualTimers(clock: { now: number }) {
  let next = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: Timers = {
    set: (callback, delayMs) => {
      const id = next++;
      pending.set(id, { at: clock.now + Math.max(0, delayMs), callback });
      return id;
    },
    clear: (handle) => void pending.delete(handle as number),
  };
  return {
    timers,
    /** When the soonest timer is due, or null when none is set. */
    nextAt: () => Math.min(...[...pending.values()].map((t) => t.at), Infinity) === Infinity ? null : Math.min(...[...pending.values()].map((t) => t.at)),
    pendingCount: () => pending.size,
    advanceTo(at: number) {
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= at).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        clock.now = Math.max(clock.now, due[1].at);
        due[1].callback();
      }
      clock.now = Math.max(clock.now, at);
    },
  };
}

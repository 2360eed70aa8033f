// A start's first render waits for the store's first asks to be out, or for a
// bounded wait when the console cannot be reached: never for ever.
import { describe, expect, it } from 'vitest';
import { firstAsksSent, type SetTimer } from '../../../renderer/src/app/firstRender';
import { Observable } from '../../../renderer/src/store/observable';
import { manualTimers } from '../../support/timers';

function rig(connected: boolean) {
  const clock = { now: 0 };
  const manual = manualTimers(clock);
  const setTimer: SetTimer = (callback, ms) => {
    const handle = manual.timers.set(callback, ms);
    return () => manual.timers.clear(handle);
  };
  const connection = new Observable({ connected, feeds: null });
  let resolved = false;
  void firstAsksSent(connection, 500, setTimer).then(() => (resolved = true));
  // Lets the promise's callbacks run.
  const settle = () => new Promise<void>((done) => setTimeout(done, 0));
  return { manual, connection, settle, isResolved: () => resolved };
}

describe('the first render waits for the first asks', () => {
  it('goes at once when connected from the start (the Electron shell)', async () => {
    const { manual, settle, isResolved } = rig(true);
    await settle();
    expect(isResolved()).toBe(true);
    expect(manual.pendingCount()).toBe(0);
  });

  it('waits for the connection, then goes and drops its timer', async () => {
    const { manual, connection, settle, isResolved } = rig(false);
    connection.update((c) => ({ ...c, feeds: null }));
    manual.advanceTo(499);
    await settle();
    expect(isResolved()).toBe(false);
    connection.update((c) => ({ ...c, connected: true }));
    await settle();
    expect(isResolved()).toBe(true);
    expect(manual.pendingCount()).toBe(0);
  });

  it('goes after the wait when the console cannot be reached, not before', async () => {
    const { manual, settle, isResolved } = rig(false);
    manual.advanceTo(499);
    await settle();
    expect(isResolved()).toBe(false);
    manual.advanceTo(500);
    await settle();
    expect(isResolved()).toBe(true);
  });
});

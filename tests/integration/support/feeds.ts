import type { FeedEvent } from '../../../shared/protocol';
import type { RawDraft } from '../../../electron/simulator/server';

/** The events as a server appends them: it numbers them itself. */
export function drafts(events: readonly FeedEvent[]): RawDraft[] {
  return events.map(({ seq: _seq, ...rest }) => rest);
}

/** Polls until `predicate` holds; fails with `what` after `timeoutMs` (generous: a limit for hangs, not a speed target). */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

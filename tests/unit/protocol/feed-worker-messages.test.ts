// What the feed worker hands the main thread in one message (electron/core/feeds/worker-messages.ts).
import { describe, expect, it } from 'vitest';
import { EVENTS_PER_MESSAGE, takeEvents, type Outgoing } from '../../../electron/core/feeds/worker-messages';
import type { Screened } from '../../../electron/core/feeds/guard';

const events = (from: number, count: number): Screened[] => Array.from({ length: count }, (_, n) => ({ seq: from + n }) as unknown as Screened);
const seqs = (screened: Screened[]) => screened.map((event) => (event as unknown as { seq: number }).seq);

describe('the next events message', () => {
  it('joins the small wire batches waiting behind the first, in order, up to the part size', () => {
    const outgoing: Outgoing[] = Array.from({ length: 300 }, (_, n) => ({ subscription: 1, screened: events(n * 5, 5) }));
    const first = takeEvents(outgoing)!;
    expect(first.subscription).toBe(1);
    expect(seqs(first.screened)).toEqual(Array.from({ length: EVENTS_PER_MESSAGE }, (_, n) => n));
    const second = takeEvents(outgoing)!;
    expect(seqs(second.screened)).toEqual(Array.from({ length: EVENTS_PER_MESSAGE }, (_, n) => EVENTS_PER_MESSAGE + n));
    expect(takeEvents(outgoing)!.screened).toHaveLength(300 * 5 - 2 * EVENTS_PER_MESSAGE);
    expect(outgoing).toEqual([]);
    expect(takeEvents(outgoing)).toBeNull();
  });

  it('never joins across a new subscription or past a close, and leaves a part already full alone', () => {
    const outgoing: Outgoing[] = [
      { subscription: 1, screened: events(1, 3) },
      { subscription: 1, screened: events(4, 2) },
      { subscription: 2, screened: events(1, 4) },
      { closed: 'transport close' },
      { subscription: 2, screened: events(5, 1) },
    ];
    expect(seqs(takeEvents(outgoing)!.screened)).toEqual([1, 2, 3, 4, 5]);
    expect(takeEvents(outgoing)).toMatchObject({ subscription: 2 });
    expect(takeEvents(outgoing)).toBeNull();
    expect(outgoing).toHaveLength(2);

    const full: Outgoing[] = [
      { subscription: 1, screened: events(0, EVENTS_PER_MESSAGE) },
      { subscription: 1, screened: events(EVENTS_PER_MESSAGE, 1) },
    ];
    expect(takeEvents(full)!.screened).toHaveLength(EVENTS_PER_MESSAGE);
    expect(full).toHaveLength(1);
  });
});

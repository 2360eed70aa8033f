// A broken or malicious upstream never blocks the console: what it cannot
// apply is quarantined once with a reason, and the events after it still apply.
import { describe, expect, it } from 'vitest';
import type { FeedHealth } from '../../../shared/contract';
import { generatedEvents, sql, sqlValue, SOURCE } from '../support/cache';
import { FEED_NOW, feedRig, waitFor } from '../support/feeds';
import { startHostileSource, type WireEntry } from '../support/hostile-source';

const TOKEN = 'hostile-token';
const events = generatedEvents(40);
const first = events.slice(0, 60);
const later = events.slice(60, 120);

/** JSON of a value nested `depth` objects deep (about 30 kB for 5,000: no JSON.stringify can write it). */
const nestedJson = (depth: number) => `${'{"next":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`;

describe('a hostile upstream', () => {
  const rig = feedRig({ name: 'hostile', token: TOKEN, server: () => startHostileSource({ source: SOURCE, token: TOKEN }) });

  /** What the quarantine holds on disk. */
  const quarantine = () =>
    sql<{ seq: number | null; id: string | null; kind: string; reason: string; bytes: number }>(
      rig.cache,
      'SELECT seq, event_id AS id, kind, reason, length(raw) AS bytes FROM quarantine ORDER BY id',
    );

  it('quarantines an event nested 5,000 deep (reason: too deep) and applies the events after it', async () => {
    rig.server.append(first);
    const source = rig.feed();
    source.start();
    await source.whenCaughtUp();
    const { data: _data, ...envelope } = { ...events[60]!, seq: 61, id: 'deep-61', type: 'progress' };
    const deep = { seq: 61, json: `${JSON.stringify(envelope).slice(0, -1)},"data":{"note":"x","by":${nestedJson(5000)}}}` };
    rig.server.append([deep, ...later.map((e, i) => ({ ...e, seq: 62 + i }))]);
    await waitFor(() => source.health().appliedSeq === 121, 'the events after the deep one');
    await rig.engine.flushed();
    // The event, its data, then 5,000 levels of `by`.
    expect(quarantine()).toEqual([{ seq: 61, id: 'deep-61', kind: 'invalid', reason: 'too deep: nesting 5002 > 64', bytes: expect.any(Number) }]);
    expect(source.health()).toMatchObject({ state: 'connected', quarantined: 1, lag: 0 });
  });

  it('quarantines an event over 1 MB once, keeping it once, and goes on', async () => {
    rig.server.append(first);
    const source = rig.feed();
    source.start();
    await source.whenCaughtUp();
    const big = { ...events[60]!, seq: 61, id: 'big-61', type: 'progress', data: { note: '长'.repeat(700_000) } };
    rig.server.append([big, ...later.map((e, i) => ({ ...e, seq: 62 + i }))]);
    await waitFor(() => source.health().appliedSeq === 121, 'the events after the big one');
    await rig.engine.flushed();
    const [entry, ...others] = quarantine();
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ seq: 61, kind: 'invalid', reason: 'too big: 2.0 MB > 1.0 MB' });
    expect(entry!.bytes).toBeGreaterThan(700_000);
    // The quarantine keeps it whole; the event row only holds its place in the stream.
    expect(sqlValue(rig.cache, 'SELECT length(raw) FROM events WHERE seq = 61')).toBe(0);
  });

  it('quarantines an event whose seq is beyond the announced head (2^53−1) instead of skipping to it, once', async () => {
    rig.server.append(first);
    const source = rig.feed();
    source.start();
    await source.whenCaughtUp();
    const blinding: WireEntry = { ...events[60]!, seq: Number.MAX_SAFE_INTEGER, id: 'blind' };
    rig.server.append([blinding], { announce: false });
    await waitFor(() => quarantine().length === 1, 'the blinding event quarantined');
    rig.server.append(later.map((e, i) => ({ ...e, seq: 61 + i })));
    await waitFor(() => source.health().appliedSeq === 120, 'the live events after it');
    // A reconnect is served the same event again, and once more on refill: it is not quarantined twice.
    const before = rig.server.subscribes;
    source.reconnect(TOKEN);
    await waitFor(() => rig.server.subscribes === before + 2, 'the subscribe and the refill');
    // Sent after the refill's copy of the event on the same socket: once applied, that copy was handled.
    rig.server.append([{ ...events[120]!, seq: 121 }]);
    await waitFor(() => source.health().appliedSeq === 121, 'the live event after the reconnect');
    await rig.engine.flushed();
    expect(quarantine()).toEqual([
      { seq: Number.MAX_SAFE_INTEGER, id: 'blind', kind: 'invalid', reason: expect.stringMatching(/^seq 9007199254740991 beyond the source's announced head 60/), bytes: expect.any(Number) },
    ]);
    expect(source.health()).toMatchObject({ appliedSeq: 121, lag: 0, quarantined: 1 });
    expect(sqlValue(rig.cache, 'SELECT COUNT(*) FROM events WHERE valid = 1')).toBe(121);
  });

  it('quarantines a seq that is not a safe integer and applies what follows', async () => {
    rig.server.append(first);
    const source = rig.feed();
    source.start();
    await source.whenCaughtUp();
    rig.server.append([{ ...events[60]!, seq: 2 ** 53 + 2, id: 'unsafe' }], { announce: false });
    rig.server.append(later.map((e, i) => ({ ...e, seq: 61 + i })));
    await waitFor(() => source.health().appliedSeq === 120, 'the events after it');
    await rig.engine.flushed();
    expect(quarantine()).toEqual([{ seq: null, id: 'unsafe', kind: 'invalid', reason: 'seq 9007199254740994 is not a safe integer', bytes: expect.any(Number) }]);
  });

  it('handles at most one heartbeat per 250 ms of its clock, however many come', async () => {
    let now = FEED_NOW;
    rig.server.append(first);
    const source = rig.feed({ now: () => now });
    source.start();
    await source.whenCaughtUp();
    const healths: FeedHealth[] = [];
    source.onHealth((health) => healths.push(health));
    rig.server.flood(5000);
    // Sent after the flood on the same socket: once it is applied, every heartbeat has been read.
    rig.server.append([{ ...later[0]!, seq: 61 }]);
    await waitFor(() => source.health().appliedSeq === 61, 'the event after the flood');
    // One heartbeat handled, and the batch after it: not 5,000 health updates pushed to every screen.
    expect(healths.length).toBeLessThan(10);
    now += 250;
    rig.server.flood(10);
    rig.server.append([{ ...later[1]!, seq: 62 }]);
    await waitFor(() => source.health().appliedSeq === 62, 'the second event');
    expect(source.health().lastHeartbeatAt).toBe(now);
  });

  it('backs off further and further from a source that drops every connection right after subscribing', async () => {
    rig.server.dropAfterSubscribe = true;
    const delays: number[] = [];
    const source = rig.feed({ random: () => 1, backoff: { initialMs: 20, maxMs: 10_000 } });
    source.onHealth((health) => {
      if (health.nextRetryAt !== null && health.state === 'disconnected') delays.push(health.nextRetryAt - Date.now());
    });
    source.start();
    await waitFor(() => delays.length >= 5, 'five drops', 30_000);
    await source.stop();
    // Each wait at least doubles (give or take the milliseconds between computing it and reading the clock).
    for (let i = 1; i < 5; i += 1) expect(delays[i]!, `drop ${i + 1} of ${delays.join(', ')}`).toBeGreaterThan(delays[i - 1]! * 1.5);
  });
});

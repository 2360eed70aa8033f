import { describe, expect, it } from 'vitest';
import type { FeedHealth } from '../../../shared/contract';
import { boardFeeds, boardFreshness, FEED_STALE_AFTER_MS, feedDataAt, isFeedStale } from '../../../shared/board/freshness';
import { row, T0 } from '../renderer/fixtures';

function feed(sourceId: string, level: FeedHealth['level'], over: Partial<FeedHealth> = {}): FeedHealth {
  return {
    sourceId,
    name: sourceId,
    url: `http://127.0.0.1/${sourceId}`,
    level,
    state: 'connected',
    lastEventAt: T0 - 2_000,
    lastHeartbeatAt: T0 - 1_000,
    appliedSeq: 10,
    headSeq: 10,
    lag: 0,
    clockSkewMs: 0,
    quarantined: 0,
    lastError: null,
    nextRetryAt: null,
    ...over,
  };
}

describe('a feed goes stale', () => {
  it('after 30 s with neither an event nor a heartbeat (domain.md, Alarms), counted from the later of the two', () => {
    expect(FEED_STALE_AFTER_MS).toBe(30_000);
    const quiet = feed('g', 'group', { lastEventAt: T0 - 60_000, lastHeartbeatAt: T0 - 5_000 });
    expect(feedDataAt(quiet)).toBe(T0 - 5_000);
    expect(isFeedStale(quiet, T0)).toBe(false);
    expect(isFeedStale(quiet, T0 - 5_000 + 30_000)).toBe(false);
    expect(isFeedStale(quiet, T0 - 5_000 + 30_001)).toBe(true);
  });

  it('when down, only once its last data is old: a reconnect blip is not stale', () => {
    const down = feed('p', 'province', { state: 'disconnected', lastEventAt: T0 - 3_000, lastHeartbeatAt: null });
    expect(isFeedStale(down, T0)).toBe(false);
    expect(isFeedStale(down, T0 + 28_000)).toBe(true);
  });

  it('when it never sent anything: stale unless its subscription was just acknowledged', () => {
    const never = { lastEventAt: null, lastHeartbeatAt: null };
    expect(isFeedStale(feed('p', 'province', { ...never, state: 'unauthorized' }), T0)).toBe(true);
    expect(isFeedStale(feed('p', 'province', { ...never, state: 'connected' }), T0)).toBe(false);
    expect(feedDataAt(feed('p', 'province', never))).toBeNull();
  });
});

describe('a board is as fresh as the feeds it depends on', () => {
  const group = feed('sim-group', 'group');
  const province = feed('sim-province', 'province', { state: 'disconnected', lastEventAt: T0 - 90_000, lastHeartbeatAt: T0 - 95_000 });

  it('depends on the feed of its level and on every source with a row on it', () => {
    expect(boardFeeds('group', [group, province], []).map((f) => f.sourceId)).toEqual(['sim-group']);
    expect(boardFeeds('province', [group, province], [row('a', { source: 'sim-province' })]).map((f) => f.sourceId)).toEqual(['sim-province']);
    // A group-tier major fault comes from the group source and shows on the province board too.
    expect(boardFeeds('province', [group, province], [row('m', { source: 'sim-group' })]).map((f) => f.sourceId)).toEqual(['sim-group', 'sim-province']);
  });

  it('with one of two feeds down, only the board of that feed is stale, and it says how old its data is', () => {
    const groupRows = [row('g1', { source: 'sim-group' })];
    const provinceRows = [row('p1', { source: 'sim-province' })];
    const groupBoard = boardFreshness('group', [group, province], groupRows, T0);
    const provinceBoard = boardFreshness('province', [group, province], provinceRows, T0);
    expect(groupBoard.stale).toBe(false);
    expect(groupBoard.dataAt).toBe(T0 - 1_000);
    expect(provinceBoard.stale).toBe(true);
    expect(provinceBoard.staleFeeds.map((f) => f.sourceId)).toEqual(['sim-province']);
    expect(provinceBoard.dataAt).toBe(T0 - 90_000);
  });

  it('takes the least recent of its feeds as its data age, unknown when one has never sent data', () => {
    const both = boardFreshness('province', [group, province], [row('m', { source: 'sim-group' })], T0);
    expect(both.dataAt).toBe(T0 - 90_000);
    const unknown = boardFreshness('group', [feed('sim-group', 'group', { lastEventAt: null, lastHeartbeatAt: null, state: 'connecting' })], [], T0);
    expect(unknown.dataAt).toBeNull();
    expect(unknown.stale).toBe(true);
  });
});

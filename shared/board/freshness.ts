import type { BoardLevel, BoardRow, FeedHealth } from '../contract';
import { HEARTBEAT_INTERVAL_MS } from '../protocol';

// How fresh a board's data is. A board is only as current as the sources that
// feed it: with one of two feeds down, the other keeps the console's "last
// update" moving while that feed's board is frozen, so each board says its own
// data age and goes stale on its own.

/**
 * domain.md, "Alarms": a feed is stale after 30 s with neither an event nor a
 * heartbeat (three missed heartbeats); the core drops such a connection at the
 * same moment (feeds/source.ts).
 */
export const FEED_STALE_AFTER_MS = HEARTBEAT_INTERVAL_MS * 3;

type FeedData = Pick<FeedHealth, 'state' | 'lastEventAt' | 'lastHeartbeatAt'>;

/** The last moment a feed proved its data current (its last event or heartbeat), or null when it has not. */
export function feedDataAt(feed: Pick<FeedHealth, 'lastEventAt' | 'lastHeartbeatAt'>): number | null {
  if (feed.lastEventAt === null && feed.lastHeartbeatAt === null) return null;
  return Math.max(feed.lastEventAt ?? Number.NEGATIVE_INFINITY, feed.lastHeartbeatAt ?? Number.NEGATIVE_INFINITY);
}

/**
 * Stale: nothing from the feed for longer than `staleAfterMs`, or never
 * anything and not connected. A feed that has just connected and not yet sent
 * its first heartbeat is not stale: its subscription was acknowledged.
 */
export function isFeedStale(feed: FeedData, now: number, staleAfterMs: number = FEED_STALE_AFTER_MS): boolean {
  const at = feedDataAt(feed);
  if (at === null) return feed.state !== 'connected';
  return now - at > staleAfterMs;
}

/**
 * The feeds a board depends on: those of its own level (the group board is the
 * group source's, the province board the province source's, so an empty board
 * still knows whom it waits for) and every source that has a row on it (a
 * group-tier major fault from the group source also shows on the province board).
 */
export function boardFeeds<F extends Pick<FeedHealth, 'sourceId' | 'level'>>(level: BoardLevel, feeds: readonly F[], rows: Iterable<Pick<BoardRow, 'source'>>): F[] {
  const withRows = new Set<string>();
  for (const row of rows) withRows.add(row.source);
  return feeds.filter((feed) => feed.level === level || withRows.has(feed.sourceId));
}

export interface BoardFreshness<F> {
  /** The feeds the board depends on. */
  feeds: F[];
  /** Those of them that are stale. */
  staleFeeds: F[];
  /** The oldest moment the board's data is known current at (the least recent of its feeds'), null when one has none. */
  dataAt: number | null;
  stale: boolean;
}

/** How current a board is at `now`: as stale as the stalest feed it depends on. */
export function boardFreshness<F extends FeedData & Pick<FeedHealth, 'sourceId' | 'level'>>(
  level: BoardLevel,
  feeds: readonly F[],
  rows: Iterable<Pick<BoardRow, 'source'>>,
  now: number,
  staleAfterMs: number = FEED_STALE_AFTER_MS,
): BoardFreshness<F> {
  const own = boardFeeds(level, feeds, rows);
  const staleFeeds = own.filter((feed) => isFeedStale(feed, now, staleAfterMs));
  let dataAt: number | null = null;
  let unknown = false;
  for (const feed of own) {
    const at = feedDataAt(feed);
    if (at === null) unknown = true;
    else if (dataAt === null || at < dataAt) dataAt = at;
  }
  return { feeds: own, staleFeeds, dataAt: unknown ? null : dataAt, stale: staleFeeds.length > 0 };
}

// The first replies a wall's page comes with (shared/contract/first-paint.ts): read and validated
// like any reply, and the store's first state before any of its own asks is answered.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, FIRST_REPLIES_ID, type FirstReplies } from '../../../shared/contract';
import type { Bridge } from '../../../renderer/src/bridge';
import { startConsole } from '../../../renderer/src/store/console';
import { readFirstReplies } from '../../../renderer/src/store/firstReplies';
import { row, T0 } from './fixtures';

const replies: FirstReplies = {
  settings: { ...DEFAULT_SETTINGS, wall: { ...DEFAULT_SETTINGS.wall, maxRows: 8 } },
  feeds: { sources: [], staleSince: null },
  boards: [{ at: T0, level: 'group', policyVersion: 'test', rows: [row('k1'), row('k2')], total: 40 }],
};

/** A page holding `text` as the first replies' element (or none). */
const page = (text: string | null) => ({
  getElementById: (id: string) => (id === FIRST_REPLIES_ID && text !== null ? ({ textContent: text } as HTMLElement) : null),
});

/** A bridge that never connects: what the store holds is what the page came with. */
const unreachable: Bridge = {
  shell: 'web',
  invoke: (() => new Promise(() => {})) as Bridge['invoke'],
  on: () => () => {},
  onConnection: (listener) => {
    listener(false);
    return () => {};
  },
};

describe("a page's first replies", () => {
  afterEach(() => vi.restoreAllMocks());

  it('are read and validated as every reply is', () => {
    expect(readFirstReplies(page(JSON.stringify(replies)))).toEqual(replies);
    expect(readFirstReplies(page(null))).toBeNull();
  });

  it('are ignored, with a warning, when they are not JSON or do not validate: the app then starts as without', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(readFirstReplies(page('{"settings":'))).toBeNull();
    expect(readFirstReplies(page(JSON.stringify({ ...replies, boards: [{ level: 'group', rows: 'all of them' }] })))).toBeNull();
    expect(readFirstReplies(page(JSON.stringify({ ...replies, settings: { ...replies.settings, wall: { ...replies.settings.wall, maxRows: 10_000 } } })))).toBeNull();
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it("are the store's first state: the settings, the feeds, a board's first rows (not its whole list)", () => {
    const state = startConsole(unreachable, { firstReplies: replies, requestFrame: () => {}, summaryTick: () => {} });
    expect(state.settings.get().wall.maxRows).toBe(8);
    expect(state.connection.get().feeds).toEqual(replies.feeds);
    expect(state.boards.rows('group').map((r) => r.key)).toEqual(['k1', 'k2']);
    expect(state.boards.meta.get().loaded.group).toBe(false);
  });
});

// A cold start's whole lists, as the console's store asks for them: pages of a
// board, the next asked for before the one that arrived is taken (the core
// builds it meanwhile), each taken the moment it arrives. The bridge here answers from a list of rows, as
// the core pages its board (tests/integration/shell/start-order.test.ts holds
// the core's side).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BoardLevel, BoardSnapshot } from '../../../shared/contract';
import type { Bridge } from '../../../renderer/src/bridge';
import { startConsole } from '../../../renderer/src/store/console';
import { row, T0 } from './fixtures';

interface Asked {
  level: BoardLevel;
  after?: string;
  first?: number;
  /** The group board's keys the store held when this was asked. */
  held: string[];
}

/** A bridge over a board of `keys`, answering each board:list when the test says (`answer`). */
function scriptedBridge(keys: string[]) {
  const asked: Asked[] = [];
  const waiting: (() => void)[] = [];
  let held: () => string[] = () => [];
  const rows = keys.map((key) => row(key));
  const snapshot = (level: BoardLevel, args: { after?: string; first?: number }): BoardSnapshot => {
    const board = level === 'group' ? rows : [];
    const rest = args.after === undefined ? board : board.filter((r) => r.key > args.after!);
    const page = rest.slice(0, args.first ?? rest.length);
    const next = args.after !== undefined && rest.length > page.length ? page[page.length - 1]!.key : null;
    return { at: T0, level, policyVersion: 'test', rows: page, total: board.length, next };
  };
  const bridge: Bridge = {
    shell: 'web',
    invoke: ((channel: string, args: { level: BoardLevel; after?: string; first?: number }) => {
      if (channel !== 'board:list') return new Promise(() => {});
      asked.push({ ...args, held: held() });
      return new Promise<BoardSnapshot>((resolve) => waiting.push(() => resolve(snapshot(args.level, args))));
    }) as Bridge['invoke'],
    on: () => () => {},
    onConnection: (listener) => {
      listener(true);
      return () => {};
    },
  };
  return {
    bridge,
    asked,
    watch: (read: () => string[]) => (held = read),
    /** Answers the oldest call still waiting; the answer is taken in the microtasks that follow. */
    answer: async () => {
      waiting.shift()!();
      await vi.advanceTimersByTimeAsync(0);
    },
    pending: () => waiting.length,
  };
}

describe("a cold start's whole lists", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks for the next page before taking the one that arrived, after a first frame, until the last page', async () => {
    const keys = Array.from({ length: 1200 }, (_, i) => `k${String(i).padStart(4, '0')}`);
    const script = scriptedBridge(keys);
    const frames: (() => void)[] = [];
    const state = startConsole(script.bridge, (callback) => frames.push(callback), (callback) => void setTimeout(callback, 250));
    script.watch(() => state.boards.rows('group').map((r) => r.key));
    await script.answer(); // the group board's first rows
    await script.answer(); // the province board's (all of it: empty)
    expect(state.boards.rows('group')).toHaveLength(64);
    // The lists start after a frame: the first rows are on screen before pages arrive back to back.
    expect(script.asked.filter((a) => a.after !== undefined)).toHaveLength(0);
    frames.shift()!();
    await vi.advanceTimersByTimeAsync(0);
    const pages = () => script.asked.filter((a) => a.after !== undefined);
    expect(pages()).toHaveLength(1);

    await script.answer(); // page 1
    // Page 2 was asked for before page 1 was taken: the core builds it while this thread takes page 1.
    expect(pages()).toHaveLength(2);
    const firstPage = pages()[0]!;
    const secondPage = pages()[1]!;
    expect(secondPage.after).toBe(keys[(firstPage.first ?? 0) - 1]);
    expect(secondPage.held).not.toContain(secondPage.after);
    expect(state.boards.rows('group').map((r) => r.key)).toContain(secondPage.after);

    // The rest follow the same way, each answered as the core would, until the last says it is the last.
    while (script.pending() > 0) await script.answer();
    const size = firstPage.first!;
    const lastKeys = Array.from({ length: Math.ceil(keys.length / size) - 1 }, (_, i) => keys[(i + 1) * size - 1]);
    expect(pages().map((a) => a.after)).toEqual(['', ...lastKeys]);
    expect(state.boards.rows('group').map((r) => r.key).sort()).toEqual(keys);
  });
});

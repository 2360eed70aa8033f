// A cold start's whole lists, as the console's store asks for them: pages of a
// board, then of the alarms, the next asked for before the one that arrived is
// taken (the core builds it meanwhile), each taken the moment it arrives. The
// bridge here answers from a list of rows and of alarms, as the core pages them
// (tests/integration/shell/start-order.test.ts holds the core's side).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AlarmCursor, AlarmDto, AlarmPage, BoardLevel, BoardSnapshot, FirstRowsOrder } from '../../../shared/contract';
import { START_MARKS } from '../../../shared/contract';
import { alarmCursor, alarmsUpTo, compareAlarms } from '../../../shared/alarms';
import type { Bridge } from '../../../renderer/src/bridge';
import { startConsole } from '../../../renderer/src/store/console';
import { row, T0 } from './fixtures';

interface Asked {
  level: BoardLevel;
  after?: string;
  first?: number;
  order?: FirstRowsOrder;
  /** The group board's keys the store held when this was asked. */
  held: string[];
}

interface AskedAlarms {
  after?: AlarmCursor;
  first?: number;
  /** The alarm ids the store held when this was asked. */
  held: string[];
}

function alarm(index: number): AlarmDto {
  return {
    id: `A${String(index).padStart(4, '0')}`,
    cause: 'groupBreach',
    severity: index % 3 === 0 ? 'critical' : 'major',
    source: 'sim',
    key: `k${index}`,
    ticketId: `k${index}`,
    city: '南京',
    customer: null,
    boards: ['group'],
    clock: 'repair',
    index: 0,
    since: T0 - (index % 7) * 60_000,
    dueAt: null,
    repeatMs: 30_000,
    acknowledged: null,
  };
}

/** A bridge over a board of `keys` and `alarms`, answering each board:list and alarm:list when the test says (`answer`). */
function scriptedBridge(keys: string[], alarms: AlarmDto[] = []) {
  const asked: Asked[] = [];
  const askedAlarms: AskedAlarms[] = [];
  let heldAlarms: () => string[] = () => [];
  const ordered = [...alarms].sort(compareAlarms);
  const alarmPage = (args: { after?: AlarmCursor; first?: number }): AlarmPage => {
    const start = alarmsUpTo(ordered, args.after ?? null);
    const page = ordered.slice(start, start + (args.first ?? ordered.length));
    return { at: T0, alarms: page, silence: null, next: start + page.length < ordered.length ? alarmCursor(page.at(-1)!) : null };
  };
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
  const waitingAlarms: (() => void)[] = [];
  const bridge: Bridge = {
    shell: 'web',
    invoke: ((channel: string, args: { level: BoardLevel; after?: string; first?: number; order?: FirstRowsOrder }) => {
      if (channel === 'alarm:list') {
        const alarmArgs = args as { after?: AlarmCursor; first?: number };
        askedAlarms.push({ ...alarmArgs, held: heldAlarms() });
        return new Promise<AlarmPage>((resolve) => waitingAlarms.push(() => resolve(alarmPage(alarmArgs))));
      }
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
    askedAlarms,
    watch: (read: () => string[]) => (held = read),
    watchAlarms: (read: () => string[]) => (heldAlarms = read),
    /** Answers the oldest call still waiting; the answer is taken in the microtasks that follow. */
    answer: async () => {
      waiting.shift()!();
      await vi.advanceTimersByTimeAsync(0);
    },
    pending: () => waiting.length,
    /** Answers the oldest alarm:list still waiting. */
    answerAlarms: async () => {
      waitingAlarms.shift()!();
      await vi.advanceTimersByTimeAsync(0);
    },
    pendingAlarms: () => waitingAlarms.length,
  };
}

describe("a cold start's whole lists", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks for the next page before taking the one that arrived, after a first frame, until the last page', async () => {
    const keys = Array.from({ length: 1200 }, (_, i) => `k${String(i).padStart(4, '0')}`);
    const script = scriptedBridge(keys);
    const frames: (() => void)[] = [];
    const state = startConsole(script.bridge, { requestFrame: (callback) => frames.push(callback), summaryTick: (callback) => void setTimeout(callback, 250) });
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

    await script.answer(); // page 1 (the first rows again, when a page is as long as they are)
    await script.answer(); // page 2
    // Page 3 was asked for before page 2 was taken: the core builds it while this thread takes page 2.
    expect(pages()).toHaveLength(3);
    const firstPage = pages()[0]!;
    const [secondPage, thirdPage] = [pages()[1]!, pages()[2]!];
    expect(secondPage.after).toBe(keys[(firstPage.first ?? 0) - 1]);
    expect(thirdPage.after).toBe(keys[2 * (firstPage.first ?? 0) - 1]);
    expect(thirdPage.held).not.toContain(thirdPage.after);
    expect(state.boards.rows('group').map((r) => r.key)).toContain(thirdPage.after);

    // The rest follow the same way, each answered as the core would, until the last says it is the last.
    while (script.pending() > 0) await script.answer();
    const size = firstPage.first!;
    const lastKeys = Array.from({ length: Math.ceil(keys.length / size) - 1 }, (_, i) => keys[(i + 1) * size - 1]);
    expect(pages().map((a) => a.after)).toEqual(['', ...lastKeys]);
    expect(state.boards.rows('group').map((r) => r.key).sort()).toEqual(keys);
  });
});

describe("a cold start's first rows", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it.each([
    ['a desk', undefined, 'board'],
    ['a window that starts on the wall', 'wall', 'wall'],
  ] as const)('%s asks for them in its own order', async (_name, firstOrder, asked) => {
    const script = scriptedBridge(['k1', 'k2']);
    startConsole(script.bridge, { ...(firstOrder ? { firstOrder } : {}), requestFrame: () => {}, summaryTick: () => {} });
    await vi.advanceTimersByTimeAsync(0);
    expect(script.asked.map((a) => [a.level, a.first !== undefined, a.order])).toEqual([
      ['group', true, asked],
      ['province', true, asked],
    ]);
  });
});

describe("a cold start's alarms", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('come in pages beside the whole lists, most pressing first, each next page asked for before the one that arrived is taken', async () => {
    const alarms = Array.from({ length: 1700 }, (_, i) => alarm(i));
    const keys = Array.from({ length: 300 }, (_, i) => `k${String(i).padStart(4, '0')}`);
    const script = scriptedBridge(keys, alarms);
    const frames: (() => void)[] = [];
    const state = startConsole(script.bridge, { requestFrame: (callback) => frames.push(callback), summaryTick: (callback) => void setTimeout(callback, 250) });
    script.watchAlarms(() => state.alarms.get().alarms.map((a) => a.id));
    const marks = vi.spyOn(performance, 'mark');
    const marked = (name: string) => marks.mock.calls.filter(([mark]) => mark === name).length;
    await script.answer(); // the group board's first rows
    await script.answer(); // the province board's (all of it: empty)
    // After a frame (the first rows on screen), the first page of each.
    expect(script.askedAlarms).toHaveLength(0);
    frames.shift()!();
    await vi.advanceTimersByTimeAsync(0);
    expect(script.askedAlarms).toHaveLength(1);
    expect(script.askedAlarms[0]!.after).toBeUndefined();
    expect(script.pending()).toBe(1);

    // The alarms do not wait for the lists: their pages are answered while the lists' first page still waits.
    await script.answerAlarms();
    // The second was asked for before the first was taken, from the first one's last alarm.
    expect(script.askedAlarms).toHaveLength(2);
    const size = script.askedAlarms[0]!.first!;
    expect(size).toBeLessThan(alarms.length);
    const ordered = [...alarms].sort(compareAlarms);
    expect(script.askedAlarms[1]!.after).toEqual(alarmCursor(ordered[size - 1]!));
    expect(script.askedAlarms[1]!.held).toEqual([]);
    // The banner has the most pressing alarms with the first page (the later ones at the summary's tick: they come
    // back to back, and each is a look through every alarm held), and says the rest are still loading.
    expect(state.alarms.get().alarms.map((a) => a.id)).toEqual(ordered.slice(0, size).map((a) => a.id));
    expect(state.alarmsView.get().alarms.map((a) => a.id)).toEqual(ordered.slice(0, size).map((a) => a.id));
    expect(state.alarmsWhole.get()).toBe(false);

    while (script.pendingAlarms() > 0) await script.answerAlarms();
    expect(script.askedAlarms).toHaveLength(Math.ceil(alarms.length / size));
    expect(state.alarms.get().alarms).toEqual(ordered);
    expect(state.alarmsWhole.get()).toBe(true);
    // The last page is on the banner at once.
    expect(state.alarmsView.get().alarms).toEqual(ordered);
    expect(marked(START_MARKS.wholeAlarms)).toBe(1);
    expect(marked(START_MARKS.wholeBoards)).toBe(0);
    while (script.pending() > 0) await script.answer();
    expect(marked(START_MARKS.wholeBoards)).toBe(1);
    expect(state.boards.rows('group')).toHaveLength(keys.length);
  });
});

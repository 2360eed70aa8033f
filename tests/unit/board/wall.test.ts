import { describe, expect, it } from 'vitest';
import { breachesNext, displayedClock, isLongBreach, LONG_BREACH_MS, pickWallRows, pinnedBreaches } from '../../../shared/board/wall';
import { clock, row, T0 } from '../renderer/fixtures';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** A ticket whose first report has been late for `hours` (the wall's old sea of 17-hour breaches). */
function lateReport(key: string, hours: number) {
  return row(key, { clocks: [clock({ name: 'upwardProgress', dueAt: T0 - hours * HOUR, warnAt: T0 - hours * HOUR - 6 * MIN })] });
}

/** A ticket whose repair clock runs out `minutes` from T0 (negative: breached that long ago). */
function repairDue(key: string, minutes: number) {
  return row(key, { clocks: [clock({ dueAt: T0 + minutes * MIN, warnAt: T0 + minutes * MIN - 24 * MIN })] });
}

describe('what breaches next', () => {
  it('lists running clocks that are ok or warning, soonest deadline first, with none breached, stopped or without a deadline', () => {
    const rows = [
      repairDue('later', 50),
      repairDue('soon', 4),
      repairDue('breached', -1),
      row('stopped', { clocks: [clock({ state: 'met', dueAt: T0 + MIN, stoppedAt: T0 - MIN })] }),
      row('paused', { clocks: [clock({ dueAt: null, warnAt: null })] }),
      repairDue('mid', 20),
    ];
    expect(breachesNext(rows, T0, 5).map((due) => due.row.key)).toEqual(['soon', 'mid', 'later']);
    expect(breachesNext(rows, T0, 2).map((due) => due.row.key)).toEqual(['soon', 'mid']);
  });

  it('names each ticket once, by its running clock due first, and a ticket on both boards once', () => {
    const two = row('two', {
      clocks: [
        clock({ name: 'repair', dueAt: T0 + 30 * MIN }),
        clock({ name: 'upwardProgress', dueAt: T0 + 10 * MIN, warnAt: T0 + 4 * MIN }),
        clock({ name: 'stageFeedback', dueAt: T0 - MIN }),
      ],
    });
    const picked = breachesNext([two, two, repairDue('other', 20)], T0, 5);
    expect(picked.map((due) => `${due.row.key}/${due.clock.name}`)).toEqual(['two/upwardProgress', 'other/repair']);
  });

  it('moves with time: a clock that passes its deadline leaves the block', () => {
    const rows = [repairDue('soon', 4), repairDue('mid', 20)];
    expect(breachesNext(rows, T0 + 5 * MIN, 5).map((due) => due.row.key)).toEqual(['mid']);
  });

  it('finds the ticket about to breach among a board of long-late reports', () => {
    const rows = [...Array.from({ length: 19 }, (_, i) => lateReport(`late${i}`, 17)), repairDue('about-to-breach', 3)];
    expect(breachesNext(rows, T0, 5).map((due) => due.row.key)).toEqual(['about-to-breach']);
  });
});

describe('long-standing breaches collapse', () => {
  it('counts a breach as long-standing once even its newest breach is older than the limit', () => {
    expect(isLongBreach(lateReport('a', 17), T0)).toBe(true);
    expect(isLongBreach(repairDue('b', -10), T0)).toBe(false);
    expect(isLongBreach(repairDue('c', 5), T0)).toBe(false);
    expect(isLongBreach(repairDue('edge', -LONG_BREACH_MS / MIN), T0)).toBe(false);
    expect(isLongBreach(repairDue('edge', -LONG_BREACH_MS / MIN), T0 + 1)).toBe(true);
    // An old late report and a fresh repair breach: the ticket is news again.
    const fresh = row('fresh', { clocks: [...lateReport('x', 17).clocks, clock({ dueAt: T0 - 2 * MIN })] });
    expect(isLongBreach(fresh, T0)).toBe(false);
  });

  it('gives the screen to current tickets: 19 late reports become a count, the one about to breach gets a row', () => {
    const rows = [...Array.from({ length: 19 }, (_, i) => lateReport(`late${i}`, 17)), repairDue('about-to-breach', 3), repairDue('recent', -5)];
    const picked = pickWallRows(rows, 12, T0);
    expect(picked.shown.map((r) => r.key)).toEqual(['recent', 'about-to-breach']);
    expect(picked.longBreaches).toBe(19);
    expect(picked.hiddenCount).toBe(0);
  });

  it('orders breached rows by how long overdue the clock they show is, longest first', () => {
    // 'old-report' breached a progress report 50 min ago and its repair 2 min ago: it shows the repair.
    const oldReport = row('old-report', { clocks: [clock({ name: 'upwardProgress', dueAt: T0 - 50 * MIN }), clock({ dueAt: T0 - 2 * MIN })] });
    const rows = [oldReport, repairDue('twenty', -20), repairDue('soon', 5), repairDue('five', -5)];
    expect(pickWallRows(rows, 12, T0).shown.map((r) => r.key)).toEqual(['twenty', 'five', 'old-report', 'soon']);
  });

  it('shows the most urgent first and counts the rest, saying how many of them are breached', () => {
    const rows = Array.from({ length: 20 }, (_, i) => repairDue(`r${String(i).padStart(2, '0')}`, i - 3));
    const picked = pickWallRows(rows, 12, T0);
    expect(picked.shown).toHaveLength(12);
    expect(picked.shown[0]?.key).toBe('r00');
    expect(picked.hiddenCount).toBe(8);
    expect(picked.hiddenBreached).toBe(0);
    const tight = pickWallRows(rows, 2, T0);
    expect(tight.shown.map((r) => r.key)).toEqual(['r00', 'r01']);
    expect(tight.hiddenBreached).toBe(1);
  });

  it('pins recent breaches of both boards by name, newest first, and counts the long-standing ones', () => {
    const older = repairDue('older', -40);
    const newest = repairDue('newest', -2);
    const pinned = pinnedBreaches([lateReport('late', 17), older, newest, newest, repairDue('running', 9)], T0);
    expect(pinned.recent.map((entry) => entry.row.key)).toEqual(['newest', 'older']);
    expect(pinned.recent[0]?.at).toBe(T0 - 2 * MIN);
    expect(pinned.long).toBe(1);
  });
});

describe('the clock a wall row shows', () => {
  it('is the newest breach of a breached row, else the running clock due first', () => {
    const both = row('both', { clocks: [clock({ name: 'upwardProgress', dueAt: T0 - 17 * HOUR }), clock({ name: 'repair', dueAt: T0 - 3 * MIN })] });
    expect(displayedClock(both, T0)?.name).toBe('repair');
    const running = row('running', { clocks: [clock({ name: 'repair', dueAt: T0 + 30 * MIN }), clock({ name: 'confirm', dueAt: T0 + 10 * MIN })] });
    expect(displayedClock(running, T0)?.name).toBe('confirm');
    expect(displayedClock(row('idle', { clocks: [clock({ dueAt: null, warnAt: null })] }), T0)).toBeNull();
  });
});

// Which reports a ticket owes and which supervision acts it allows, read from
// its board row: the rules the board's buttons, "report all due" and the core
// share (shared/reports).
import { describe, expect, it } from 'vitest';
import { claimCycle, dueReportKinds, reportDue, urgeable, urgeableClocks } from '../../../shared/reports';
import { clock, row, T0 } from '../renderer/fixtures';

const MIN = 60_000;

describe('what a ticket owes', () => {
  it('a progress report at once while the first escalation runs, before the cadence warns', () => {
    const r = row('T1', {
      clocks: [
        clock({ name: 'firstEscalation', state: 'ok', dueAt: T0 + 3 * MIN, limitMs: 5 * MIN }),
        clock({ name: 'upwardProgress', state: 'ok', dueAt: T0 + 28 * MIN, limitMs: 30 * MIN }),
      ],
    });
    expect(reportDue(r, 'progress')).toMatchObject({ due: true, clock: { name: 'firstEscalation' } });
    expect(dueReportKinds(r)).toEqual(['progress']);
  });

  it('then follows the cadence: due from its warning share on', () => {
    const escalated = clock({ name: 'firstEscalation', state: 'met', stoppedAt: T0 - 20 * MIN });
    const onTime = row('T2', { clocks: [escalated, clock({ name: 'upwardProgress', index: 1, state: 'ok' })] });
    expect(reportDue(onTime, 'progress')).toMatchObject({ due: false, clock: { name: 'upwardProgress', index: 1 } });
    const warning = row('T3', { clocks: [escalated, clock({ name: 'upwardProgress', index: 1, state: 'warning' })] });
    expect(dueReportKinds(warning)).toEqual(['progress']);
  });

  it('a check once its cycle warns, claimed for the running cycle\'s due instant', () => {
    const r = row('T4', { clocks: [clock({ name: 'check', index: 0, state: 'met' }), clock({ name: 'check', index: 1, state: 'warning', dueAt: T0 + 5 * MIN })] });
    expect(dueReportKinds(r)).toEqual(['check']);
    expect(claimCycle(r, 'check')).toBe(T0 + 5 * MIN);
    // An urge is not claimed (it is pressed by hand), nor is a clock that does not run.
    expect(claimCycle(r, 'urge')).toBeNull();
    expect(claimCycle(row('T5', { clocks: [clock({ name: 'check', state: 'met' })] }), 'check')).toBeNull();
  });
});

describe('what may be urged', () => {
  it('only a running clock the city NOC or the handler works to, in warning or breached, the breached first', () => {
    expect(urgeable(clock({ name: 'repair', state: 'warning' }))).toBe(true);
    expect(urgeable(clock({ name: 'repair', state: 'ok' }))).toBe(false);
    expect(urgeable(clock({ name: 'repair', state: 'metLate' }))).toBe(false);
    // The NOC's own obligations are met by the NOC, not by pressing the cities.
    for (const name of ['upwardProgress', 'stageFeedback', 'firstEscalation', 'check'] as const) expect(urgeable(clock({ name, state: 'breached' }))).toBe(false);
    const clocks = [
      clock({ name: 'accept', state: 'warning', dueAt: T0 + 1 * MIN }),
      clock({ name: 'repair', index: 0, state: 'metLate' }),
      clock({ name: 'repair', index: 1, state: 'breached', dueAt: T0 + 9 * MIN }),
    ];
    expect(urgeableClocks(clocks).map((c) => `${c.name}#${c.index}`)).toEqual(['repair#1', 'accept#0']);
  });
});

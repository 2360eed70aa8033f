import { describe, expect, it } from 'vitest';
import type { HandoverSheet, Obligation } from '../../../shared/contract';
import { DEFAULT_SHIFTS, nothingPending, reminderAt, sheetItems, shiftAt, signatureProblem } from '../../../shared/handover';

const at = (text: string) => Date.parse(`${text}+08:00`);

describe('shifts', () => {
  it('cuts the day at 08:00 and 20:00 Asia/Shanghai by default, a start belonging to the shift it starts', () => {
    expect(shiftAt(at('2026-11-22T07:59:59'), DEFAULT_SHIFTS)).toEqual({ from: at('2026-11-21T20:00:00'), to: at('2026-11-22T08:00:00') });
    expect(shiftAt(at('2026-11-22T08:00:00'), DEFAULT_SHIFTS)).toEqual({ from: at('2026-11-22T08:00:00'), to: at('2026-11-22T20:00:00') });
    expect(shiftAt(at('2026-11-22T19:59:59'), DEFAULT_SHIFTS)).toEqual({ from: at('2026-11-22T08:00:00'), to: at('2026-11-22T20:00:00') });
    expect(shiftAt(at('2026-11-22T20:00:00'), DEFAULT_SHIFTS)).toEqual({ from: at('2026-11-22T20:00:00'), to: at('2026-11-23T08:00:00') });
    expect(shiftAt(at('2026-11-22T23:30:00'), DEFAULT_SHIFTS)).toEqual({ from: at('2026-11-22T20:00:00'), to: at('2026-11-23T08:00:00') });
  });

  it('takes any starts in any order, and reminds the set minutes before the change', () => {
    const three = { starts: ['16:00', '00:00', '08:00'], reminderMinutes: 15 };
    const shift = shiftAt(at('2026-11-22T15:00:00'), three);
    expect(shift).toEqual({ from: at('2026-11-22T08:00:00'), to: at('2026-11-22T16:00:00') });
    expect(reminderAt(shift, three)).toBe(at('2026-11-22T15:45:00'));
    expect(shiftAt(at('2026-11-22T23:59:00'), three)).toEqual({ from: at('2026-11-22T16:00:00'), to: at('2026-11-23T00:00:00') });
    expect(() => shiftAt(0, { starts: ['8:00'] })).toThrow(/HH:MM/);
  });
});

const obligation = (tier: Obligation['tier'], state: Obligation['state']): Obligation => ({
  source: 's',
  ticketId: `T-${tier}-${state}`,
  customer: null,
  tier,
  city: null,
  boards: tier === 'group' ? ['group'] : ['province'],
  clock: 'repair',
  index: 0,
  state,
  startedAt: 0,
  dueAt: 1,
});

const empty: HandoverSheet = {
  at: 0,
  shift: { from: 0, to: 1 },
  policyVersion: 'p',
  obligations: [],
  tickets: 0,
  breaches: [],
  reports: { sent: 0, queued: 0, refused: 0, yielded: 0, unsettled: [] },
  unansweredChecks: [],
  pendingSuspensions: [],
  alarms: { tracked: false },
  leftOut: [],
  note: '',
};

describe('signing and what is pending', () => {
  it('needs a stated reason only while a group-tier clock is breached', () => {
    expect(signatureProblem({ obligations: [obligation('province', 'breached'), obligation('group', 'warning')] }, undefined)).toBeNull();
    expect(signatureProblem({ obligations: [obligation('group', 'breached')] }, '  ')).toMatch(/stated reason/);
    expect(signatureProblem({ obligations: [obligation('group', 'breached')] }, '已报集团')).toBeNull();
  });

  it('never says nothing is pending while alarms are not tracked, and lists each item once', () => {
    expect(nothingPending(empty)).toBe(false);
    expect(nothingPending({ ...empty, alarms: { tracked: true, unacknowledged: [] } })).toBe(true);
    const sheet = { ...empty, obligations: [obligation('group', 'ok')], note: '交班' };
    expect(sheetItems(sheet)).toEqual(['obligation:s:T-group-ok:repair:0', 'note']);
    expect(nothingPending({ ...sheet, alarms: { tracked: true, unacknowledged: [] } })).toBe(false);
  });
});

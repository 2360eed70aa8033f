import { describe, expect, it } from 'vitest';
import type { AlarmLogEntry, HandoverSheet, Obligation } from '../../../shared/contract';
import { DEFAULT_SHIFTS, nothingPending, reminderAt, sheetItems, shiftAt, signatureProblem, unacknowledgedAlarmsOf } from '../../../shared/handover';

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
    const tracked = { tracked: true as const, unacknowledged: [], feeds: [] };
    expect(nothingPending({ ...empty, alarms: tracked })).toBe(true);
    const sheet = { ...empty, obligations: [obligation('group', 'ok')], note: '交班' };
    expect(sheetItems(sheet)).toEqual(['obligation:s:T-group-ok:repair:0', 'note']);
    expect(nothingPending({ ...sheet, alarms: tracked })).toBe(false);
  });

  it('lists each alarm not acknowledged as an item, and is not clear while one stands', () => {
    const alarm = { ...obligation('group', 'breached'), severity: 'critical' as const, since: 5 };
    const feed = { source: 'js', name: '江苏省', severity: 'major' as const, since: 7 };
    const sheet = { ...empty, alarms: { tracked: true as const, unacknowledged: [alarm], feeds: [feed] } };
    expect(sheetItems(sheet)).toEqual(['alarm:s:T-group-breached:repair:0', 'feed-alarm:js:7']);
    expect(nothingPending(sheet)).toBe(false);
  });

  it('takes the alarms from the log with the ticket as the sheet shows it, else as the log knows it', () => {
    const entry = (over: Partial<AlarmLogEntry>): AlarmLogEntry => ({
      id: 'x',
      cause: 'provinceBreach',
      severity: 'major',
      source: 's',
      ticketId: 'T1',
      city: '苏州',
      customer: '苏州银行',
      clock: 'repair',
      index: 0,
      raisedAt: 10,
      acknowledged: null,
      silenced: false,
      clearedAt: null,
      ...over,
    });
    const shown = { source: 's', ticketId: 'T1', customer: '苏州银行', tier: 'province' as const, city: '苏州', boards: ['province' as const] };
    const { unacknowledged, feeds } = unacknowledgedAlarmsOf(
      [entry({}), entry({ ticketId: 'T2', cause: 'groupBreach', severity: 'critical', clock: 'check', index: 1 }), entry({ cause: 'feedStale', ticketId: null, clock: null, customer: '江苏省', raisedAt: 20 })],
      new Map([['s:T1', shown]]),
    );
    expect(unacknowledged).toEqual([
      { ...shown, clock: 'repair', index: 0, severity: 'major', since: 10 },
      { source: 's', ticketId: 'T2', customer: '苏州银行', tier: null, city: '苏州', boards: ['group'], clock: 'check', index: 1, severity: 'critical', since: 10 },
    ]);
    expect(feeds).toEqual([{ source: 's', name: '江苏省', severity: 'major', since: 20 }]);
  });
});

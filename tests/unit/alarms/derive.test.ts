// The alarm rules of domain.md ("Alarms") as pure functions of a ticket's
// clocks, the claims, the echoed acknowledgements, the policy and the instant.
import { describe, expect, it } from 'vitest';
import {
  acknowledgementsOf,
  alarmPolicySchema,
  compareAlarms,
  DEFAULT_ALARM_POLICY,
  feedAlarm,
  nextFeedAlarmChange,
  nextTicketAlarmChange,
  ticketAlarms,
  type AlarmClock,
  type AlarmTicket,
} from '../../../shared/alarms';
import { loadDefaultPolicy, parsePolicy } from '../../../shared/domain';

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-22T09:00:00+08:00');
const policy = alarmPolicySchema.parse(DEFAULT_ALARM_POLICY);

/** A hand-moved clock: every rule takes `at` from it, none reads the time itself. */
const clock = { at: T0, advance(minutes: number) { this.at += minutes * MINUTE; return this.at; } };

const repair = (dueAt: number, state: AlarmClock['state'] = 'ok'): AlarmClock => ({ name: 'repair', index: 0, state, dueAt, breachedAt: null });

function ticket(boards: AlarmTicket['boards'], clocks: AlarmClock[], claimedKinds: string[] = []): AlarmTicket {
  return { key: 'js:T1', source: 'js', ticketId: 'T1', city: '南京', customer: '南京市公安局', boards, clocks, claimedKinds };
}

describe('breach alarms', () => {
  it('a group-tier clock alarms critical from the instant it passes its due time, repeating every 30 s', () => {
    clock.at = T0;
    const t = ticket(['group', 'province'], [repair(T0 + 10 * MINUTE)]);
    expect(ticketAlarms(t, [], policy, clock.at)).toEqual([]);
    expect(nextTicketAlarmChange(t, policy, clock.at)).toBe(T0 + 10 * MINUTE + 1);
    clock.advance(10);
    expect(ticketAlarms(t, [], policy, clock.at)).toEqual([]);
    clock.advance(1);
    expect(ticketAlarms(t, [], policy, clock.at)).toMatchObject([
      { cause: 'groupBreach', severity: 'critical', repeatMs: 30_000, clock: 'repair', index: 0, since: T0 + 10 * MINUTE, acknowledged: null },
    ]);
  });

  it('a province-board clock alarms major, repeating every 60 s', () => {
    const [alarm] = ticketAlarms(ticket(['province'], [repair(T0, 'breached')]), [], policy, T0 + MINUTE);
    expect(alarm).toMatchObject({ cause: 'provinceBreach', severity: 'major', repeatMs: 60_000 });
  });

  it('no board, no alarm: a local fault does not sound', () => {
    expect(ticketAlarms(ticket([], [repair(T0, 'breached')]), [], policy, T0 + MINUTE)).toEqual([]);
  });

  it('an acknowledgement covers its clock instance only: another clock, or the next instance, alarms again', () => {
    const accept0: AlarmClock = { name: 'accept', index: 0, state: 'breached', dueAt: T0, breachedAt: T0 };
    const accept1: AlarmClock = { name: 'accept', index: 1, state: 'breached', dueAt: T0 + 5 * MINUTE, breachedAt: T0 + 5 * MINUTE };
    const acks = acknowledgementsOf([
      { kind: 'acknowledge', subject: { clock: 'accept', index: 0 }, operator: { name: '张晓华', console: 'desk-duty' }, at: T0 + 6 * MINUTE },
      { kind: 'acknowledge', subject: { clock: 'accept', index: 0 }, operator: { name: '李娜', console: 'wall-1' }, at: T0 + 7 * MINUTE },
      { kind: 'urge', subject: { clock: 'repair', index: 0 }, operator: null, at: T0 },
    ]);
    // The first acknowledgement of an instance stands; an urge is not one.
    expect(acks).toEqual([{ clock: 'accept', index: 0, operator: { name: '张晓华', console: 'desk-duty' }, at: T0 + 6 * MINUTE }]);
    const alarms = ticketAlarms(ticket(['group'], [accept0, accept1, repair(T0, 'breached')]), acks, policy, T0 + 10 * MINUTE);
    expect(alarms.map((a) => [a.clock, a.index, a.acknowledged?.operator?.name ?? null])).toEqual([
      ['accept', 0, '张晓华'],
      ['accept', 1, null],
      ['repair', 0, null],
    ]);
    // Not yet acknowledged at an instant before the echo.
    expect(ticketAlarms(ticket(['group'], [accept0]), acks, policy, T0 + 5 * MINUTE)[0]!.acknowledged).toBeNull();
    // The most pressing is an unacknowledged one; acknowledged alarms sort last.
    const ordered = [...alarms].sort(compareAlarms);
    expect(ordered[0]).toMatchObject({ clock: 'accept', index: 1 });
    expect(ordered.at(-1)).toMatchObject({ clock: 'accept', index: 0 });
  });

  it('stops when the clock stops: met late is no alarm', () => {
    expect(ticketAlarms(ticket(['group'], [{ ...repair(T0), state: 'metLate' }]), [], policy, T0 + MINUTE)).toEqual([]);
  });
});

describe('a cadence report falling due', () => {
  const progress = (dueAt: number): AlarmClock => ({ name: 'upwardProgress', index: 2, state: 'ok', dueAt, breachedAt: null });

  it('alarms minor, once, within 5 minutes of its due time while nobody has claimed it', () => {
    clock.at = T0;
    const t = ticket(['group'], [progress(T0 + 8 * MINUTE)]);
    expect(ticketAlarms(t, [], policy, clock.at)).toEqual([]);
    expect(nextTicketAlarmChange(t, policy, clock.at)).toBe(T0 + 3 * MINUTE);
    clock.advance(3);
    expect(ticketAlarms(t, [], policy, clock.at)).toMatchObject([{ cause: 'cadenceDue', severity: 'minor', repeatMs: null, since: T0 + 3 * MINUTE }]);
    // A console reporting it (a claim on its cycle): silent.
    expect(ticketAlarms(ticket(['group'], [progress(T0 + 8 * MINUTE)], ['progress']), [], policy, clock.at)).toEqual([]);
    // Past due it is a breach, another alarm.
    clock.advance(6);
    expect(ticketAlarms(t, [], policy, clock.at)).toMatchObject([{ cause: 'groupBreach', clock: 'upwardProgress', index: 2 }]);
  });
});

describe('feeds', () => {
  it('a feed silent for more than 30 s alarms major until it speaks; falling silent again is another alarm', () => {
    const feed = { sourceId: 'js-eom', name: '江苏电子运维', lastSignAt: T0 };
    expect(feedAlarm(feed, null, policy, T0 + 30_000)).toBeNull();
    expect(nextFeedAlarmChange(feed, policy, T0)).toBe(T0 + 30_001);
    const first = feedAlarm(feed, null, policy, T0 + 31_000)!;
    expect(first).toMatchObject({ cause: 'feedStale', severity: 'major', repeatMs: 60_000, key: null, since: T0 + 30_000 });
    const later = feedAlarm({ ...feed, lastSignAt: T0 + 5 * MINUTE }, null, policy, T0 + 6 * MINUTE)!;
    expect(later.id).not.toBe(first.id);
  });
});

describe('the policy', () => {
  it('ships the defaults of domain.md, and a policy written before alarms existed loads with them', () => {
    expect(loadDefaultPolicy().alarms).toEqual(policy);
    const older = structuredClone(loadDefaultPolicy()) as Record<string, unknown>;
    delete older.alarms;
    const parsed = parsePolicy(JSON.stringify(older));
    expect(parsed.ok && parsed.policy.alarms).toEqual(policy);
  });

  it('takes other severities and intervals, and refuses a silent repeat', () => {
    const custom = alarmPolicySchema.parse({ ...DEFAULT_ALARM_POLICY, sounds: { ...DEFAULT_ALARM_POLICY.sounds, critical: { repeatSeconds: 2 } }, causes: { ...DEFAULT_ALARM_POLICY.causes, feedStale: 'critical' } });
    expect(ticketAlarms(ticket(['group'], [repair(T0, 'breached')]), [], custom, T0 + MINUTE)[0]!.repeatMs).toBe(2000);
    expect(feedAlarm({ sourceId: 's', name: 's', lastSignAt: T0 }, null, custom, T0 + MINUTE)!.severity).toBe('critical');
    expect(alarmPolicySchema.safeParse({ ...DEFAULT_ALARM_POLICY, sounds: { ...DEFAULT_ALARM_POLICY.sounds, major: { repeatSeconds: 0 } } }).success).toBe(false);
  });
});

// Alarms as a pure function of what the boards hold at an instant: a ticket's
// clocks, the cycles consoles claimed, the acknowledgements the source echoed,
// and each feed's last sign of life. Core (the alarm log, the pushes) and
// renderer (what sounds) read the same rules from here.
import type { ReportOperator } from '../protocol';
import { CADENCE_CLOCKS, REPORT_OF_CADENCE, isRunningState, type CadenceClock } from '../domain/status';
import type { ClockName, ClockState } from '../domain/types';
import type { AlarmCause, AlarmPolicy, AlarmSeverity } from './policy';

type BoardLevel = 'group' | 'province';

/** One clock instance as the derivation needs it (a domain Clock or a contract ClockDto). */
export interface AlarmClock {
  name: ClockName;
  index: number;
  state: ClockState;
  dueAt: number | null;
  breachedAt: number | null;
}

export interface AlarmTicket {
  /** The board row's key (`source:ticketId`). */
  key: string;
  source: string;
  ticketId: string;
  city: string | null;
  customer: string | null;
  boards: readonly BoardLevel[];
  /** Every clock instance of the ticket (an earlier accept clock still running counts too). */
  clocks: readonly AlarmClock[];
  /** Report kinds whose cycle a console has claimed (who is reporting now). */
  claimedKinds: readonly string[];
}

export interface AlarmAcknowledgement {
  /** The clock as the wire names it (`subject.clock`). */
  clock: string;
  index: number;
  operator: ReportOperator | null;
  /** When the source filed it (its echo), or when this console acknowledged a feed's alarm. */
  at: number;
}

export interface FeedLife {
  sourceId: string;
  name: string;
  /** The last event or heartbeat, whichever came last (at least the console's start: it cannot know of an earlier silence). */
  lastSignAt: number;
}

export interface Alarm {
  /** (cause, source, ticket, clock, index): another clock, or another instance of it, is another alarm. */
  id: string;
  cause: AlarmCause;
  severity: AlarmSeverity;
  source: string;
  /** The board row's key; null for a feed. */
  key: string | null;
  ticketId: string | null;
  city: string | null;
  customer: string | null;
  boards: readonly BoardLevel[];
  /** The clock (null for a feed) and its instance; for a feed, the instant of its last sign of life. */
  clock: ClockName | null;
  index: number;
  /** When the condition began: the breach, the due time entering the window, the feed's silence passing the limit. */
  since: number;
  dueAt: number | null;
  /** Between two soundings until acknowledged; null: sounds once. */
  repeatMs: number | null;
  acknowledged: AlarmAcknowledgement | null;
}

export function alarmId(cause: AlarmCause, source: string, ticketId: string | null, clock: ClockName | null, index: number): string {
  // By join: one flat string, where a template literal keeps a chain of pieces (tens of thousands of alarms held).
  return [cause, source, ticketId ?? '', clock ?? '', index].join('|');
}

const MINUTE = 60_000;

/** Breached by `at`: the stored state, or a running clock whose due time has passed since it was evaluated. */
function breachedAt(clock: AlarmClock, at: number): number | null {
  if (clock.state === 'breached') return clock.breachedAt ?? clock.dueAt ?? at;
  if (isRunningState(clock.state) && clock.dueAt !== null && clock.dueAt < at) return clock.dueAt;
  return null;
}

const severityOf = (policy: AlarmPolicy, cause: AlarmCause) => policy.causes[cause];

function repeatOf(policy: AlarmPolicy, severity: AlarmSeverity): number | null {
  const seconds = policy.sounds[severity].repeatSeconds;
  return seconds === null ? null : seconds * 1000;
}

const isCadenceClock = (name: ClockName): name is CadenceClock => (CADENCE_CLOCKS as readonly ClockName[]).includes(name);

/**
 * A ticket's alarms at `at`: every breached clock (critical on the group
 * board, major on the province board; a ticket on both is the group's), and
 * every cadence report due within the window that no console has claimed.
 */
export function ticketAlarms(ticket: AlarmTicket, acknowledgements: readonly AlarmAcknowledgement[], policy: AlarmPolicy, at: number): Alarm[] {
  const breachCause: AlarmCause | null = ticket.boards.includes('group') ? 'groupBreach' : ticket.boards.includes('province') ? 'provinceBreach' : null;
  if (breachCause === null) return [];
  const alarms: Alarm[] = [];
  const windowMs = policy.cadenceDueWithinMinutes * MINUTE;
  for (const clock of ticket.clocks) {
    const breached = breachedAt(clock, at);
    if (breached !== null) {
      const severity = severityOf(policy, breachCause);
      const acknowledged = acknowledgements.find((ack) => ack.clock === clock.name && ack.index === clock.index && ack.at <= at) ?? null;
      alarms.push(ticketAlarm(ticket, breachCause, severity, clock, breached, repeatOf(policy, severity), acknowledged));
      continue;
    }
    if (!isCadenceClock(clock.name) || !isRunningState(clock.state) || clock.dueAt === null) continue;
    if (clock.dueAt - at > windowMs || ticket.claimedKinds.includes(REPORT_OF_CADENCE[clock.name])) continue;
    const severity = severityOf(policy, 'cadenceDue');
    alarms.push(ticketAlarm(ticket, 'cadenceDue', severity, clock, clock.dueAt - windowMs, repeatOf(policy, severity), null));
  }
  return alarms;
}

/**
 * One alarm of a ticket, written out field by field in one literal. A ticket
 * left unreported for hours has dozens of breached cycles; spreading shared
 * fields into each new alarm cost about 1 ms for a ticket of 40 alarms against
 * 10–20 µs this way (micro-benchmark, Node 20), and was 10 % of the core's main
 * thread at 1,000 events/s on 10,000 open tickets (profiled).
 */
function ticketAlarm(
  ticket: AlarmTicket,
  cause: AlarmCause,
  severity: AlarmSeverity,
  clock: AlarmClock,
  since: number,
  repeatMs: number | null,
  acknowledged: AlarmAcknowledgement | null,
): Alarm {
  return {
    id: alarmId(cause, ticket.source, ticket.ticketId, clock.name, clock.index),
    cause,
    severity,
    source: ticket.source,
    key: ticket.key,
    ticketId: ticket.ticketId,
    city: ticket.city,
    customer: ticket.customer,
    boards: ticket.boards,
    clock: clock.name,
    index: clock.index,
    since,
    dueAt: clock.dueAt,
    repeatMs,
    acknowledged,
  };
}

/** When this ticket's alarms next change by time alone (a due report entering the window, a running clock passing its due time). */
export function nextTicketAlarmChange(ticket: AlarmTicket, policy: AlarmPolicy, at: number): number | null {
  let soonest: number | null = null;
  const consider = (instant: number) => {
    if (instant > at && (soonest === null || instant < soonest)) soonest = instant;
  };
  for (const clock of ticket.clocks) {
    if (!isRunningState(clock.state) || clock.dueAt === null || clock.state === 'breached') continue;
    consider(clock.dueAt + 1);
    if (isCadenceClock(clock.name)) consider(clock.dueAt - policy.cadenceDueWithinMinutes * MINUTE);
  }
  return soonest;
}

/** A feed with no event or heartbeat for longer than the policy allows alarms until it speaks again. */
export function feedAlarm(feed: FeedLife, acknowledged: AlarmAcknowledgement | null, policy: AlarmPolicy, at: number): Alarm | null {
  const limit = policy.feedStaleAfterSeconds * 1000;
  if (at - feed.lastSignAt <= limit) return null;
  const severity = severityOf(policy, 'feedStale');
  // The instance is the last sign of life: the feed falling silent again later is another alarm.
  return {
    id: alarmId('feedStale', feed.sourceId, null, null, feed.lastSignAt),
    cause: 'feedStale',
    severity,
    source: feed.sourceId,
    key: null,
    ticketId: null,
    city: null,
    customer: feed.name,
    boards: [],
    clock: null,
    index: feed.lastSignAt,
    since: feed.lastSignAt + limit,
    dueAt: null,
    repeatMs: repeatOf(policy, severity),
    acknowledged,
  };
}

/** When a feed that has not spoken since will pass the stale limit. */
export function nextFeedAlarmChange(feed: FeedLife, policy: AlarmPolicy, at: number): number | null {
  const instant = feed.lastSignAt + policy.feedStaleAfterSeconds * 1000 + 1;
  return instant > at ? instant : null;
}

/** 0 is the most pressing. */
export const SEVERITY_RANK: Record<AlarmSeverity, number> = { critical: 0, major: 1, minor: 2 };

/** Most pressing first: unacknowledged, then by severity, then the most recent condition. */
export function compareAlarms(a: OrderedAlarm, b: OrderedAlarm): number {
  return (
    Number(a.acknowledged !== null) - Number(b.acknowledged !== null) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    b.since - a.since ||
    // Code-unit order, not localeCompare: a console with thousands of alarms sorts them at every change, and ICU's compare was most of that.
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** What ordering needs of an alarm (the derived one, or the contract's). */
export type OrderedAlarm = Pick<Alarm, 'id' | 'severity' | 'since'> & { acknowledged: unknown };

/** What deciding on sound needs of an alarm (the derived one, or the contract's). */
export type SoundingAlarm = Pick<Alarm, 'key' | 'severity'> & { acknowledged: unknown };

/** Acknowledgements of alarms among the reports a ticket's stream echoed. */
export function acknowledgementsOf(
  reports: readonly { kind: string; subject: { clock: string; index: number } | null; operator: ReportOperator | null; at: number }[],
): AlarmAcknowledgement[] {
  const out: AlarmAcknowledgement[] = [];
  for (const report of reports) {
    if (report.kind !== 'acknowledge' || report.subject === null) continue;
    // The first acknowledgement of a clock instance stands.
    if (out.some((ack) => ack.clock === report.subject!.clock && ack.index === report.subject!.index)) continue;
    out.push({ clock: report.subject.clock, index: report.subject.index, operator: report.operator, at: report.at });
  }
  return out;
}

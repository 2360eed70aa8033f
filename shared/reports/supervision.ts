// The NOC's supervision acts (督办) as the words that go upstream: a check
// (核实) asks the city NOC or the handler where the repair stands; an urge
// (催办) presses on one clock in warning or breached. Pure: the same ticket,
// act, language and time always give the same words. The rules of when an act
// may be sent live here too, so the board's buttons and the core agree.
import type { BoardRow, ClockDto } from '../contract';
import { STRINGS } from '../i18n';
import { CLAIMABLE_REPORT_KINDS, type ReplyParty, type UpwardReportKind } from '../protocol';
import { CLOCK_OF_REPORT, isRunning, type ClockedReportKind } from '../domain/status';
import type { ClockName } from '../domain/types';
import { formatShanghaiMinute } from '../time';
import { durationText } from './build';
import { fill } from './template';

export interface SupervisionMessage {
  title: string;
  body: string;
}

type Locale = 'zh-CN' | 'en';

function facts(row: BoardRow, locale: Locale) {
  const strings = STRINGS[locale];
  const none = locale === 'en' ? 'n/a' : '无';
  return {
    ticketId: row.ticketId,
    customer: row.customer?.name ?? none,
    service: row.service ? strings.code.service[row.service] : none,
    city: [row.city, row.district].filter(Boolean).join(' ') || none,
  };
}

/** 核实: where the repair stands, asked of one party; `replyWithinMs` is the policy's no-reply time. */
export function checkMessage(row: BoardRow, party: ReplyParty, locale: Locale, at: number, replyWithinMs: number): SupervisionMessage {
  const strings = STRINGS[locale];
  const s = strings.supervise;
  const vars = {
    ...facts(row, locale),
    party: s.party[party],
    createdAt: row.createdAt === null ? '' : formatShanghaiMinute(row.createdAt),
    elapsed: row.createdAt === null ? '' : durationText(at - row.createdAt, strings),
    replyWithin: durationText(replyWithinMs, strings),
  };
  return { title: fill(s.checkTitle, vars), body: fill(s.checkBody, vars) };
}

/**
 * The NOC's own obligations (its reports upward and its checks): pressing the
 * city NOC or the handler cannot meet them, so they are never urged.
 */
const NOC_CLOCKS: readonly ClockName[] = ['upwardProgress', 'stageFeedback', 'firstEscalation', 'check'];

/** A clock an urge may press: one the city NOC or the handler works to, running, in warning or breached (domain.md, Supervision). */
export function urgeable(clock: ClockDto): clock is ClockDto & { state: 'warning' | 'breached' } {
  return !NOC_CLOCKS.includes(clock.name) && isRunning(clock) && (clock.state === 'warning' || clock.state === 'breached');
}

/** The clocks of a ticket that may be urged now (the latest instance of each), the most pressing first: breached, then the earliest due. */
export function urgeableClocks(clocks: readonly ClockDto[]): ClockDto[] {
  const latest = new Map<ClockName, ClockDto>();
  for (const clock of clocks) latest.set(clock.name, clock);
  return [...latest.values()]
    .filter(urgeable)
    .sort((a, b) => Number(b.state === 'breached') - Number(a.state === 'breached') || (a.dueAt ?? 0) - (b.dueAt ?? 0));
}

/** 催办: presses `party` on one clock in warning or breached. */
export function urgeMessage(row: BoardRow, party: ReplyParty, clock: ClockDto, locale: Locale): SupervisionMessage {
  if (!urgeable(clock)) {
    throw new Error(`the ${clock.name} limit is ${clock.state}: only a running limit the city NOC or the handler works to, in warning or breached, can be urged`);
  }
  const strings = STRINGS[locale];
  const s = strings.supervise;
  const vars = {
    ...facts(row, locale),
    party: s.party[party],
    clock: strings.code.clock[clock.name],
    state: strings.code.clockState[clock.state],
    stateWords: s.stateWords[clock.state],
    due: clock.dueAt === null ? '' : formatShanghaiMinute(clock.dueAt),
  };
  return { title: fill(s.urgeTitle, vars), body: fill(s.urgeBody, vars) };
}

/**
 * The cycle a cadence report claims (protocol 1.1): the `dueAt` of the running
 * instance of the clock it satisfies, which every console computes alike from
 * the same stream. Null when the kind is not claimed or no instance runs.
 */
export function claimCycle(row: BoardRow, kind: UpwardReportKind): number | null {
  if (!(CLAIMABLE_REPORT_KINDS as readonly string[]).includes(kind)) return null;
  const name = CLOCK_OF_REPORT[kind as ClockedReportKind];
  const running = row.clocks.filter((clock) => clock.name === name && isRunning(clock));
  return running.length === 0 ? null : (running[running.length - 1]!.dueAt ?? null);
}

/** 认领: `operator` of `console` owns the alarm of one clock of the ticket (an `acknowledge` report to the NOC). */
export function acknowledgeMessage(row: BoardRow, clock: ClockName, by: { operator: string; console: string }, locale: Locale): SupervisionMessage {
  const strings = STRINGS[locale];
  const vars = { ...facts(row, locale), clock: strings.code.clock[clock], operator: by.operator, console: by.console };
  return { title: fill(strings.alarm.ackTitle, vars), body: fill(strings.alarm.ackBody, vars) };
}

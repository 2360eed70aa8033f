// Which clocks a folded ticket has, over which spans, against which limits.
// clocksAt runs for every open ticket on each board refresh: it allocates little
// and never re-folds.
//
// Clock rules beyond domain.md, decided here:
// - Every clock except the fault report stops when the ticket closes; the fault
//   report is due 24 h after confirmation whether or not the ticket has closed.
// - A step stops only a clock instance started before it in the ticket's
//   (at, seq) order (domain.md), so equal `at` values decide by `seq`. Clocks
//   started by the creation count every step at or after it.
// - An accept clock stops at the handler's acceptance, or when superseded by the
//   next dispatch/transfer, or by a repair or close (work that made it moot).
// - The repair clock runs from creation to the repair; a reopen resumes it from
//   the reopen, the time in between does not count. Each repair starts a confirm
//   clock, stopped by confirmation, reopen or close.
// - Cadences (upward progress, stage feedback) run while the ticket is open (up
//   to the policy's `until` step, resuming on reopen) in cycles: the first from
//   creation (or the reopen), each acknowledged report of the kind ending one
//   cycle and starting the next at its `createdAt`. A report counts from the
//   moment it is acknowledged (`acknowledgedAt` <= at), so a report acknowledged
//   after its cycle breached turns that cycle into met or metLate only then.
// - First escalation runs from creation to the first acknowledged progress or
//   stage-feedback report; fault-level response from creation to acceptance.
// - A placeholder (no `created` yet) has no tier: a tier-scoped clock applies to
//   it only if the policy applies the clock to every tier.
import { CIRCUIT_LEVELS, CUSTOMER_TIERS, SERVICES, serviceGroupOf } from '../protocol';
import type { CircuitLevel, CustomerTier, Service, UpwardReportKind } from '../protocol';
import { defaultCalendar, type WorkCalendar } from './calendar';
import { measureClock, measureSpan, notApplicableClock, type MeasureContext } from './clockMath';
import type { Step, TicketFold } from './lifecycle';
import { REPORT_OF_CADENCE } from './status';
import { countedReports } from './supervision';
import { isMajor } from './major';
import type { Policy } from './policy';
import type { AcknowledgedReport, Clock, ClockName, Evaluation, Limit, TicketFacts } from './types';

/**
 * Index of the first step of an (at, seq)-ordered list that comes after
 * (`at`, `seq`) in that order, or -1. A stop belongs to the clock instance
 * started before it in (at, seq) order (domain.md), so equal times decide by seq.
 */
function indexAfter(list: readonly Step[], at: number, seq: number): number {
  for (let i = 0; i < list.length; i++) {
    const step = list[i] as Step;
    if (step.at > at || (step.at === at && step.seq > seq)) return i;
  }
  return -1;
}

/** The time of the first step after `start` in (at, seq) order, or Infinity. */
function timeAfter(list: readonly Step[], start: Step): number {
  const i = indexAfter(list, start.at, start.seq);
  return i < 0 ? Infinity : (list[i] as Step).at;
}

/**
 * The time of the first step at or after `t`, or Infinity: for clocks started
 * by the ticket's creation, which comes before everything else of the ticket
 * (a `created` that arrives after other events of its ticket still dates its birth).
 */
function timeFrom(list: readonly Step[], t: number): number {
  const i = indexAfter(list, t, -Infinity);
  return i < 0 ? Infinity : (list[i] as Step).at;
}

/**
 * Open episodes as flat [from, to, ...] times: from the creation to the first
 * end, then from each reopen after that end to the next end after the reopen.
 */
function episodes(created: number, ends: readonly Step[], reopens: readonly Step[]): number[] {
  const spans: number[] = [];
  let from = created;
  let end = indexAfter(ends, created, -Infinity);
  for (;;) {
    if (end < 0) {
      spans.push(from, Infinity);
      return spans;
    }
    const stop = ends[end] as Step;
    spans.push(from, stop.at);
    const reopen = indexAfter(reopens, stop.at, stop.seq);
    if (reopen < 0) return spans;
    const start = reopens[reopen] as Step;
    from = start.at;
    end = indexAfter(ends, start.at, start.seq);
  }
}

const inOrder = (a: Step, b: Step) => a.at - b.at || a.seq - b.seq;

function mergedEnds(a: readonly Step[], b: readonly Step[]): readonly Step[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...a, ...b].sort(inOrder);
}

function appliesTo(facts: TicketFacts, tiers: readonly string[]): boolean {
  const tier = facts.customer?.tier;
  return tier ? tiers.includes(tier) : tiers.length === CUSTOMER_TIERS.length;
}

/** Whether the NOC checks the fault: its tier is checked, or it is a major fault and majors are. */
function checks(facts: TicketFacts, policy: Policy): boolean {
  const rule = policy.clocks.check;
  return appliesTo(facts, rule.tiers) || (rule.majorFaults && isMajor(facts, policy));
}

function matchRepairRule(policy: Policy, service: Service | null, tier: CustomerTier | null, level: CircuitLevel | null): Limit {
  const group = service ? serviceGroupOf(service) : null;
  const rule = policy.clocks.repair.rules.find(
    (r) =>
      (!r.services || (service !== null && r.services.includes(service))) &&
      (!r.serviceGroups || (group !== null && r.serviceGroups.includes(group))) &&
      (!r.tiers || (tier !== null && r.tiers.includes(tier))) &&
      (!r.circuitLevels || (level !== null && r.circuitLevels.includes(level))),
  );
  return rule?.limit ?? policy.clocks.repair.fallback;
}

const indexOf = <T extends string>(codes: readonly T[]) => Object.fromEntries(codes.map((code, i) => [code, i])) as Record<T, number>;
const SERVICE_INDEX = indexOf(SERVICES);
const TIER_INDEX = indexOf(CUSTOMER_TIERS);
const LEVEL_INDEX = indexOf(CIRCUIT_LEVELS);
const repairMatrices = new WeakMap<Policy, Limit[]>();

/** Every service × tier × level resolved once per policy, so the hot path is an array index. */
function repairMatrix(policy: Policy): Limit[] {
  let matrix = repairMatrices.get(policy);
  if (matrix) return matrix;
  matrix = [];
  for (const service of SERVICES) {
    for (const tier of CUSTOMER_TIERS) {
      for (const level of CIRCUIT_LEVELS) matrix.push(matchRepairRule(policy, service, tier, level));
    }
  }
  repairMatrices.set(policy, matrix);
  return matrix;
}

/** The repair limit of the policy matrix: first matching rule, else the fallback. */
export function repairLimit(facts: TicketFacts, policy: Policy): Limit {
  const { service, customer, circuit } = facts;
  if (service === null || customer === null || circuit === null) {
    return matchRepairRule(policy, service, customer?.tier ?? null, circuit?.level ?? null);
  }
  const cell = (SERVICE_INDEX[service] * CUSTOMER_TIERS.length + TIER_INDEX[customer.tier]) * CIRCUIT_LEVELS.length + LEVEL_INDEX[circuit.level];
  return repairMatrix(policy)[cell] ?? policy.clocks.repair.fallback;
}

const NONE: readonly number[] = [];

function acknowledgedSorted(reports: readonly AcknowledgedReport[], at: number, kinds: readonly UpwardReportKind[]): readonly number[] {
  if (reports.length === 0) return NONE;
  const times: number[] = [];
  for (const r of reports) if (r.acknowledgedAt <= at && kinds.includes(r.kind)) times.push(r.createdAt);
  return times.sort((a, b) => a - b);
}

/** A clock over one span, if it has started by `at` (a stop before the start counts as a stop at the start). */
function single(name: ClockName, limit: Limit, from: number, to: number, ctx: MeasureContext, out: Clock[]) {
  if (from <= ctx.at) out.push(measureSpan(name, 0, limit, from, Math.max(from, to), ctx));
}

/**
 * The check cycles (核实) over the open spans: a cycle completes once a check to
 * the city NOC and one to the handler have both been acknowledged, and the next
 * starts from the later of the two `createdAt` (domain.md, the check clock).
 */
function checkCycles(limit: Limit, open: readonly number[], reports: readonly AcknowledgedReport[], ctx: MeasureContext, out: Clock[]) {
  const checks = reports
    .filter((r) => r.kind === 'check' && r.acknowledgedAt <= ctx.at && (r.audience === 'city-noc' || r.audience === 'handler'))
    .sort((a, b) => a.createdAt - b.createdAt);
  let index = 0;
  for (let i = 0; i < open.length; i += 2) {
    const to = open[i + 1] as number;
    let from = open[i] as number;
    const parties = new Set<string>();
    for (const check of checks) {
      if (check.createdAt <= from || check.createdAt >= to) continue;
      parties.add(check.audience!);
      if (parties.size < 2) continue;
      if (from <= ctx.at) out.push(measureSpan('check', index++, limit, from, check.createdAt, ctx));
      from = check.createdAt;
      parties.clear();
    }
    if (from <= ctx.at) out.push(measureSpan('check', index++, limit, from, to, ctx));
  }
}

function cadence(name: ClockName, limit: Limit, open: readonly number[], reportTimes: readonly number[], ctx: MeasureContext, out: Clock[]) {
  let index = 0;
  for (let i = 0; i < open.length; i += 2) {
    const to = open[i + 1] as number;
    let from = open[i] as number;
    for (const t of reportTimes) {
      if (t <= from || t >= to) continue;
      if (from <= ctx.at) out.push(measureSpan(name, index++, limit, from, t, ctx));
      from = t;
    }
    if (from <= ctx.at) out.push(measureSpan(name, index++, limit, from, to, ctx));
  }
}


/**
 * The earliest instant any of the ticket's clocks starts from: its creation,
 * first hand-off, repair or confirmation (every start `clocksAt` uses). A fold
 * up to an earlier instant has no clock yet. Null while none of them happened.
 */
export function clocksFrom(fold: TicketFold): number | null {
  const { facts, history: h } = fold;
  let from = Infinity;
  for (const at of [facts.createdAt, h.handoffs[0]?.at, h.repairs[0]?.at, h.confirms[0]?.at]) if (at !== null && at !== undefined && at < from) from = at;
  return from === Infinity ? null : from;
}

/** The ticket's clocks at `at`, from its fold and its acknowledged upward reports. */
export function clocksAt(
  fold: TicketFold,
  outbox: readonly AcknowledgedReport[],
  policy: Policy,
  at: number,
  calendar: WorkCalendar = defaultCalendar,
): Evaluation {
  const { facts, history: h } = fold;
  // The source's echoes, and this console's own acknowledged reports where the source echoes none.
  const reports = countedReports(fold, outbox);
  const c = policy.clocks;
  const ctx: MeasureContext = { at, warningShare: policy.warningShare, calendar, suspensions: facts.suspensions };
  const clocks: Clock[] = [];
  const created = facts.createdAt;

  if (!appliesTo(facts, c.dispatch.tiers)) clocks.push(notApplicableClock('dispatch'));
  else if (created !== null) single('dispatch', c.dispatch.limit, created, Math.min(h.firstDispatchAt ?? Infinity, timeFrom(h.closes, created)), ctx, clocks);

  if (!appliesTo(facts, c.accept.tiers)) clocks.push(notApplicableClock('accept'));
  else {
    for (let i = 0; i < h.handoffs.length; i++) {
      const handoff = h.handoffs[i] as Step;
      if (handoff.at > at) break;
      const to = Math.min(
        timeAfter(h.accepts, handoff),
        h.handoffs[i + 1]?.at ?? Infinity,
        timeAfter(h.repairs, handoff),
        timeAfter(h.closes, handoff),
      );
      clocks.push(measureSpan('accept', i, c.accept.limit, handoff.at, to, ctx));
    }
  }

  if (!appliesTo(facts, c.repair.tiers)) clocks.push(notApplicableClock('repair'));
  else if (created !== null && created <= at) {
    const spans = episodes(created, mergedEnds(h.repairs, h.closes), h.reopens);
    clocks.push(measureClock('repair', 0, repairLimit(facts, policy), spans, ctx));
  }

  if (!appliesTo(facts, c.confirm.tiers)) clocks.push(notApplicableClock('confirm'));
  else {
    for (let i = 0; i < h.repairs.length; i++) {
      const repair = h.repairs[i] as Step;
      if (repair.at > at) break;
      const to = Math.min(timeAfter(h.confirms, repair), timeAfter(h.reopens, repair), timeAfter(h.closes, repair));
      clocks.push(measureSpan('confirm', i, c.confirm.limit, repair.at, to, ctx));
    }
  }

  if (!appliesTo(facts, c.faultReport.tiers)) clocks.push(notApplicableClock('faultReport'));
  else if (h.confirms.length > 0) {
    const from = (h.confirms[0] as Step).at;
    const ackedReport = acknowledgedSorted(reports, at, ['fault-report'])[0] ?? Infinity;
    single('faultReport', c.faultReport.limit, from, Math.min(facts.faultReportFiledAt ?? Infinity, ackedReport), ctx, clocks);
  }

  for (const name of ['upwardProgress', 'stageFeedback'] as const) {
    const rule = c[name];
    if (!appliesTo(facts, rule.tiers)) clocks.push(notApplicableClock(name));
    else if (created !== null) {
      const ends = rule.until === 'closed' ? h.closes : mergedEnds(rule.until === 'repaired' ? h.repairs : h.confirms, h.closes);
      const kind = REPORT_OF_CADENCE[name];
      cadence(name, rule.limit, episodes(created, ends, h.reopens), acknowledgedSorted(reports, at, [kind]), ctx, clocks);
    }
  }

  if (!appliesTo(facts, c.firstEscalation.tiers)) clocks.push(notApplicableClock('firstEscalation'));
  else if (created !== null) {
    const firstReport = acknowledgedSorted(reports, at, ['progress', 'stage-feedback'])[0] ?? Infinity;
    single('firstEscalation', c.firstEscalation.limit, created, Math.min(firstReport, timeFrom(h.closes, created)), ctx, clocks);
  }

  if (!checks(facts, policy)) clocks.push(notApplicableClock('check'));
  else if (created !== null) {
    const rule = c.check;
    const ends = rule.until === 'closed' ? h.closes : mergedEnds(rule.until === 'repaired' ? h.repairs : h.confirms, h.closes);
    checkCycles(rule.limit, episodes(created, ends, h.reopens), reports, ctx, clocks);
  }

  const level = c.faultLevelResponse;
  if (!level.enabled || facts.faultLevel === null || !appliesTo(facts, level.tiers)) {
    clocks.push(notApplicableClock('faultLevelResponse'));
  } else if (created !== null) {
    const limit = level.limits[String(facts.faultLevel) as '1' | '2' | '3' | '4'];
    single('faultLevelResponse', limit, created, Math.min(timeFrom(h.accepts, created), timeFrom(h.closes, created)), ctx, clocks);
  }

  let nextDueAt: number | null = null;
  for (const clock of clocks) {
    if (clock.stoppedAt !== null || clock.dueAt === null || clock.state === 'notApplicable') continue;
    if (nextDueAt === null || clock.dueAt < nextDueAt) nextDueAt = clock.dueAt;
  }
  return { at, facts, clocks, nextDueAt, rejected: fold.rejected.length === 0 ? [] : [...fold.rejected], policyVersion: policy.version };
}

// The KPIs the seeds name, for tickets accepted into the system in [from, to):
// response time (accepted into the system → a handler accepts, seed 003/004
// 响应时间), resolution rate (repaired by `to`), breach rate per clock (the
// heatmaps' own counting) and call-back satisfaction (seed 002: target 85%).
// A ticket's acceptance into the system is its repair clock's start: the
// tickets row keeps it with the first accept's and the repair's stops and the
// satisfaction (migration 0005), so one index range of tickets_statistics
// answers the per-ticket figures without reading a row.
import { CLOCK_NAMES, SHANGHAI_OFFSET_MS } from '../../../shared/domain';
import type { Kpis, PeriodArgs, StatsResult } from '../../../shared/contract';
import {
  daysOfPeriod,
  HOUR_MS,
  HOURLY_TREND_UP_TO_MS,
  hoursOfPeriod,
  shanghaiDayKey,
  shanghaiDayStart,
  shanghaiHourKey,
} from '../../../shared/heatmap/period';
import { queryBreaches } from '../board/breaches';
import type { TicketCountsRow } from '../store/statistics';
import { median, type HeatmapContext } from './heatmap';

/** Seed 002: 满意率应不低于85%. */
export const SATISFACTION_TARGET = 0.85;

interface Acc {
  tickets: number;
  responses: number[];
  resolved: number;
  callbacks: number;
  satisfied: number;
  clocks: Map<string, { total: number; breached: number }>;
}

const newAcc = (): Acc => ({ tickets: 0, responses: [], resolved: 0, callbacks: 0, satisfied: 0, clocks: new Map() });

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function toKpis(acc: Acc): Kpis {
  return {
    tickets: acc.tickets,
    responseMedianMs: median(acc.responses),
    responded: acc.responses.length,
    resolved: acc.resolved,
    resolutionRate: share(acc.resolved, acc.tickets),
    callbacks: acc.callbacks,
    satisfied: acc.satisfied,
    satisfactionRate: share(acc.satisfied, acc.callbacks),
    clocks: CLOCK_NAMES.filter((name) => acc.clocks.has(name)).map((name) => {
      const { total, breached } = acc.clocks.get(name)!;
      return { name, total, breached, rate: share(breached, total) };
    }),
  };
}

// Satisfaction is the ticket's latest call-back as the cache knows it: call-backs
// come after closing, so the period's end would hide most of them.
/** Counts the tickets of one city and day into an accumulator. */
function countTickets(acc: Acc, row: TicketCountsRow): void {
  const [, , , tickets, resolved, callbacks, satisfied, responses] = row;
  acc.tickets += tickets;
  for (const response of responses) acc.responses.push(response);
  acc.resolved += resolved;
  acc.callbacks += callbacks;
  acc.satisfied += satisfied;
}

export function statsQuery(ctx: HeatmapContext, period: PeriodArgs): StatsResult {
  const overall = newAcc();
  const byCity = new Map<string, Acc>();
  const days = daysOfPeriod(period.from, period.to);
  const byDay = new Map(days.map((day) => [day, newAcc()]));
  // A short period trends by the hour: up to three days hold too few whole days to draw.
  const hourly = period.to - period.from <= HOURLY_TREND_UP_TO_MS;
  const hours = hourly ? hoursOfPeriod(period.from, period.to) : [];
  const byHour = new Map(hours.map((hour) => [hour, newAcc()]));
  const city = (name: string | null | undefined) => {
    const key = name ?? '';
    let acc = byCity.get(key);
    if (!acc) byCity.set(key, (acc = newAcc()));
    return acc;
  };

  for (const row of ctx.store.read((reads) => reads.statistics.countsOfPeriod(period, { hourly }))) {
    const into = [overall, city(row[0]), byDay.get(row[1])!];
    if (hourly) into.push(byHour.get(row[2]!)!);
    for (const acc of into) countTickets(acc, row);
  }

  const addClock = (acc: Acc, name: string, total: number, breached: number) => {
    const entry = acc.clocks.get(name) ?? { total: 0, breached: 0 };
    entry.total += total;
    entry.breached += breached;
    acc.clocks.set(name, entry);
  };
  const query = { ...period, policy: ctx.policy };
  if (hourly) {
    // One pass over the few days' clocks for every breakdown (the hour of day beside the day makes the hour).
    for (const cell of queryBreaches(ctx.store, { ...query, by: ['city', 'day', 'hour', 'clock'] }).cells) {
      const name = String(cell.clock);
      addClock(overall, name, cell.total, cell.breached);
      addClock(city(cell.city as string | null), name, cell.total, cell.breached);
      const day = Number(cell.day);
      const acc = byDay.get(day);
      if (acc) addClock(acc, name, cell.total, cell.breached);
      const hour = byHour.get(day * 24 + Number(cell.hour) - SHANGHAI_OFFSET_MS / HOUR_MS);
      if (hour) addClock(hour, name, cell.total, cell.breached);
    }
  } else {
    // Per city and per day apart: a pass per city, day and clock handed about 3,000 cells of 30 days to add up again.
    for (const cell of queryBreaches(ctx.store, { ...query, by: ['city', 'clock'] }).cells) {
      const name = String(cell.clock);
      addClock(overall, name, cell.total, cell.breached);
      addClock(city(cell.city as string | null), name, cell.total, cell.breached);
    }
    for (const cell of queryBreaches(ctx.store, { ...query, by: ['day', 'clock'] }).cells) {
      const acc = byDay.get(Number(cell.day));
      if (acc) addClock(acc, String(cell.clock), cell.total, cell.breached);
    }
  }

  return {
    from: period.from,
    to: period.to,
    policyVersion: ctx.policy.version,
    satisfactionTarget: SATISFACTION_TARGET,
    overall: toKpis(overall),
    byCity: [...byCity.entries()]
      .sort(([a, x], [b, y]) => y.tickets - x.tickets || a.localeCompare(b, 'zh-CN'))
      .map(([name, acc]) => ({ city: name, ...toKpis(acc) })),
    byDay: days.map((day) => ({ day: shanghaiDayKey(day), dayStart: shanghaiDayStart(day), ...toKpis(byDay.get(day)!) })),
    byHour: hours.map((hour) => ({ hour: shanghaiHourKey(hour), hourStart: hour * HOUR_MS, ...toKpis(byHour.get(hour)!) })),
  };
}

import { z } from 'zod';
import { CLOCK_NAMES } from '../domain/types';
import { LOCALES } from '../i18n';
import { request } from './define';
import { boardRow, epochMs } from './common';

/** The four heatmaps: rows × columns. `day` is a Shanghai calendar day, `hour` its hour 0–23. */
export const HEATMAP_GROUPINGS = ['city,clock', 'city,hour', 'service,tier', 'day,hour'] as const;
export type HeatmapGrouping = (typeof HEATMAP_GROUPINGS)[number];

export const HEATMAP_METRICS = ['count', 'rate', 'medianOverrun'] as const;
export type HeatmapMetric = (typeof HEATMAP_METRICS)[number];

const periodShape = { from: epochMs, to: epochMs };
const ordered = (p: { from: number; to: number }) => p.from < p.to;
const orderedMessage = { message: 'from must be before to' };

/** [from, to): the clocks that started in it, in the state they had at `to`. */
export const periodArgs = z.object(periodShape).refine(ordered, orderedMessage);
export type PeriodArgs = z.infer<typeof periodArgs>;

const heatmapArgs = z.object({ ...periodShape, by: z.enum(HEATMAP_GROUPINGS) }).refine(ordered, orderedMessage);
export type HeatmapArgs = z.infer<typeof heatmapArgs>;

/**
 * One cell. `total` 0 means empty (no clock started there): it has no rate and
 * is drawn differently from a cell whose clocks all kept their limits.
 */
export const heatCell = z.object({
  row: z.string(),
  col: z.string(),
  total: z.number().int().min(0),
  breached: z.number().int().min(0),
  rate: z.number().min(0).max(1).nullable(),
  medianOverrunMs: z.number().min(0).nullable(),
});
export type HeatCell = z.infer<typeof heatCell>;

export const heatmapResult = z.object({
  from: epochMs,
  to: epochMs,
  by: z.enum(HEATMAP_GROUPINGS),
  policyVersion: z.string(),
  /** Axis keys in display order: city names, clock names, hour "0"–"23", service and tier codes, days "2026-11-22". */
  rows: z.array(z.string()),
  cols: z.array(z.string()),
  /** Every row × col pair, row-major, empty cells included. */
  cells: z.array(heatCell),
  total: z.number().int().min(0),
  breached: z.number().int().min(0),
});
export type HeatmapResult = z.infer<typeof heatmapResult>;

export const drillArgs = z
  .object({
    ...periodShape,
    by: z.enum(HEATMAP_GROUPINGS),
    row: z.string(),
    col: z.string(),
    limit: z.number().int().min(1).max(5000).default(2000),
  })
  .refine(ordered, orderedMessage);
export type DrillArgs = z.infer<typeof drillArgs>;

export const drillResult = z.object({
  /** Breached clocks in the cell: the cell's count. */
  breached: z.number().int().min(0),
  /** Their tickets, as they stood at `to`, each with the breached clocks that put it in the cell. */
  tickets: z.array(
    z.object({
      row: boardRow,
      clocks: z.array(z.object({ name: z.enum(CLOCK_NAMES), index: z.number().int().min(0) })),
    }),
  ),
  /** True when `limit` cut the list short. */
  truncated: z.boolean(),
});
export type DrillResult = z.infer<typeof drillResult>;

const kpis = z.object({
  /** Tickets accepted into the system (their repair clock started) in the period. */
  tickets: z.number().int().min(0),
  /** Median time from acceptance into the system to a handler's acceptance, over those that got one by `to`. */
  responseMedianMs: z.number().min(0).nullable(),
  responded: z.number().int().min(0),
  /** Tickets repaired by `to`, and their share. */
  resolved: z.number().int().min(0),
  resolutionRate: z.number().min(0).max(1).nullable(),
  /** Call-backs of those tickets and the share answered "satisfied". */
  callbacks: z.number().int().min(0),
  satisfied: z.number().int().min(0),
  satisfactionRate: z.number().min(0).max(1).nullable(),
  /** Breach rate per clock, the same counting as the heatmaps. */
  clocks: z.array(
    z.object({
      name: z.enum(CLOCK_NAMES),
      total: z.number().int().min(0),
      breached: z.number().int().min(0),
      rate: z.number().min(0).max(1).nullable(),
    }),
  ),
});
export type Kpis = z.infer<typeof kpis>;

export const statsResult = z.object({
  from: epochMs,
  to: epochMs,
  policyVersion: z.string(),
  /** The satisfaction target the seeds name (85%), for the trend's reference line. */
  satisfactionTarget: z.number().min(0).max(1),
  overall: kpis,
  byCity: z.array(kpis.extend({ city: z.string() })),
  /** Every Shanghai day of the period, in order, empty days included. */
  byDay: z.array(kpis.extend({ day: z.string(), dayStart: epochMs })),
  /**
   * Every hour of a period of at most three days (HOURLY_TREND_UP_TO_MS), in
   * order, empty hours included; empty for a longer period. "2026-11-22 10:00".
   */
  byHour: z.array(kpis.extend({ hour: z.string(), hourStart: epochMs })),
});
export type StatsResult = z.infer<typeof statsResult>;

export const heatmapRequests = {
  'heatmap:query': request(heatmapArgs, heatmapResult),
  'heatmap:drill': request(drillArgs, drillResult),
  /** The heatmap's numbers as CSV, one line per cell (empty ones too), headers in `locale`, named by main's clock. */
  'heatmap:export-csv': request(
    z
      .object({ ...periodShape, by: z.enum(HEATMAP_GROUPINGS), locale: z.enum(LOCALES) })
      .refine(ordered, orderedMessage),
    z.object({ fileName: z.string(), mime: z.string(), base64: z.string() }),
  ),
  'stats:query': request(periodArgs, statsResult),
};

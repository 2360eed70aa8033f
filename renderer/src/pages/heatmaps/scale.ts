import type { HeatCell, HeatmapMetric } from '../../../../shared/contract';

// One hue (vermillion, Okabe–Ito #D55E00) stepped in lightness only, so the
// order of the steps survives every kind of colour blindness. On the dark wall
// the hottest cell is the brightest; on paper it is the darkest.
const RAMPS = {
  dark: ['#4a2614', '#6e3210', '#93400b', '#b84f05', '#D55E00', '#ff8c3a'],
  paper: ['#fde6d4', '#fbc9a4', '#f5a46e', '#eb7f3c', '#D55E00', '#9e4400'],
} as const;
export type Palette = keyof typeof RAMPS;

export const EMPTY_COLOUR = { dark: '#1b1f24', paper: '#ffffff' } as const;
export const ZERO_COLOUR = { dark: '#22272e', paper: '#f4f5f6' } as const;
export const INK = { dark: '#e6e8eb', paper: '#1d2125' } as const;
export const DIM_INK = { dark: '#8b949e', paper: '#6a737d' } as const;
export const GRID_LINE = { dark: '#39414a', paper: '#c8ccd0' } as const;
export const BACKGROUND = { dark: '#15181c', paper: '#ffffff' } as const;
/** Okabe–Ito yellow: the hot-cell ring on the wall, distinct from every ramp step. */
export const HOT_RING = '#F0E442';

export type CellKind = 'empty' | 'zero' | 'value';

/** The metric's value of a cell; null when the cell is empty. */
export function metricValue(cell: HeatCell, metric: HeatmapMetric): number | null {
  if (cell.total === 0) return null;
  switch (metric) {
    case 'count':
      return cell.breached;
    case 'rate':
      return cell.rate ?? 0;
    case 'medianOverrun':
      return cell.medianOverrunMs ?? 0;
  }
}

export function cellKind(cell: HeatCell, metric: HeatmapMetric): CellKind {
  const value = metricValue(cell, metric);
  if (value === null) return 'empty';
  return value === 0 ? 'zero' : 'value';
}

export interface Scale {
  /** Upper bound of each step, ascending; the last is the maximum. */
  bounds: number[];
  colour(value: number): string;
  ink(value: number): string;
}

/** Equal-width steps from 0 to the largest value on the map (at least 1 for counts). */
export function makeScale(values: readonly number[], metric: HeatmapMetric, palette: Palette): Scale {
  const ramp = RAMPS[palette];
  const max = Math.max(metric === 'count' ? 1 : Number.MIN_VALUE, ...values);
  const steps = metric === 'count' ? Math.min(ramp.length, Math.max(1, Math.ceil(max))) : ramp.length;
  const bounds = Array.from({ length: steps }, (_, i) => (max * (i + 1)) / steps);
  const stepOf = (value: number) => Math.min(steps - 1, Math.max(0, Math.ceil((value / max) * steps) - 1));
  // Use the top of the ramp when there are fewer steps than colours, so "few" still reads as hot.
  const colourAt = (step: number) => ramp[ramp.length - steps + step]!;
  return {
    bounds,
    colour: (value) => colourAt(stepOf(value)),
    ink: (value) => {
      const index = ramp.length - steps + stepOf(value);
      const light = palette === 'dark' ? index >= 4 : index <= 2;
      return light ? '#1d2125' : '#f3f4f6';
    },
  };
}

/** Cells in the top step, or the three largest when the top step holds more: the wall rings these. */
export function hotCells(cells: readonly HeatCell[], metric: HeatmapMetric, scale: Scale): Set<HeatCell> {
  const top = scale.bounds.length > 1 ? scale.bounds[scale.bounds.length - 2]! : 0;
  const ranked = cells
    .map((cell) => ({ cell, value: metricValue(cell, metric) ?? 0 }))
    .filter(({ value }) => value > top && value > 0)
    .sort((a, b) => b.value - a.value)
    .slice(0, 3);
  return new Set(ranked.map(({ cell }) => cell));
}

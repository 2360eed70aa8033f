import type { TFunction } from 'i18next';
import type { HeatCell, HeatmapGrouping, HeatmapMetric } from '../../../../shared/contract';
import { localizedDuration } from '../../format/duration';

export interface AxisLabels {
  row(key: string): string;
  col(key: string): string;
}

/** Cities as they come (Chinese names); codes through i18n; days as "11-22"; hours as "0"–"23". */
export function axisLabels(t: TFunction, by: HeatmapGrouping): AxisLabels {
  const city = (key: string) => key || t('heatmapPage.unknown');
  const code = (table: 'clock' | 'service' | 'tier') => (key: string) => (key ? t(`code.${table}.${key}` as 'code.clock.dispatch') : t('heatmapPage.unknown'));
  const hour = (key: string) => key;
  switch (by) {
    case 'city,clock':
      return { row: city, col: code('clock') };
    case 'city,hour':
      return { row: city, col: hour };
    case 'service,tier':
      return { row: code('service'), col: code('tier') };
    case 'day,hour':
      return { row: (key) => key.slice(5), col: hour };
  }
}

export function formatPercent(rate: number): string {
  const percent = rate * 100;
  return percent > 0 && percent < 1 ? '<1%' : `${Math.round(percent)}%`;
}

/** The number a cell shows: counts as they are, rates in %, overruns in whole minutes (the legend names the unit). */
export function metricFormatter(metric: HeatmapMetric): (value: number) => string {
  switch (metric) {
    case 'count':
      return (value) => String(Math.round(value));
    case 'rate':
      return formatPercent;
    case 'medianOverrun':
      return (value) => String(Math.round(value / 60_000));
  }
}

export function describeCell(t: TFunction, labels: AxisLabels, cell: HeatCell): string {
  const parts = [
    t('heatmapPage.cellTitle', { row: labels.row(cell.row), col: labels.col(cell.col), total: cell.total, breached: cell.breached }),
  ];
  if (cell.rate !== null) parts.push(t('heatmapPage.cellRate', { rate: formatPercent(cell.rate) }));
  if (cell.medianOverrunMs !== null) parts.push(t('heatmapPage.cellOverrun', { time: localizedDuration(t, cell.medianOverrunMs) }));
  return parts.join('；');
}

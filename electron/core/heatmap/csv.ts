import type { HeatmapArgs, HeatmapResult } from '../../../shared/contract';
import { STRINGS, type Locale } from '../../../shared/i18n';
import { exportTable, type ExportedFile } from '../export/table-export';
import { DIMENSIONS_OF } from './heatmap';

/** Axis words in `locale`: the same code tables the screen uses. */
function labelOf(locale: Locale, dimension: string, key: string): string {
  const strings = STRINGS[locale];
  if (key === '') return strings.heatmapPage.unknown;
  switch (dimension) {
    case 'clock':
      return strings.code.clock[key as keyof typeof strings.code.clock] ?? key;
    case 'service':
      return strings.code.service[key as keyof typeof strings.code.service] ?? key;
    case 'tier':
      return strings.code.tier[key as keyof typeof strings.code.tier] ?? key;
    default:
      return key;
  }
}

/** One line per cell, empty cells included (blank rate and overrun), in the page's axis order. */
export function heatmapCsv(map: HeatmapResult, args: HeatmapArgs & { locale: Locale; at: number }): Promise<ExportedFile> {
  const words = STRINGS[args.locale].heatmapPage;
  const [rowDim, colDim] = DIMENSIONS_OF[map.by];
  const columns = (['row', 'col', 'total', 'breached', 'rate', 'medianOverrunMinutes'] as const).map((id) => ({
    id,
    header: id === 'row' ? words.axis[map.by].row : id === 'col' ? words.axis[map.by].col : words.csv[id],
  }));
  return exportTable({
    title: words.fileTitle[map.by],
    format: 'csv',
    columns,
    rows: map.cells.map((cell) => [
      labelOf(args.locale, rowDim, cell.row),
      labelOf(args.locale, colDim, cell.col),
      cell.total,
      cell.breached,
      cell.rate === null ? null : Math.round(cell.rate * 10_000) / 10_000,
      cell.medianOverrunMs === null ? null : Math.round(cell.medianOverrunMs / 6_000) / 10,
    ]),
    at: args.at,
  });
}

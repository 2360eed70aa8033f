// A board view exported as the desk shows it (the renderer sends the cells),
// with what a reader of the file needs to know above the table: when and by
// whom it was taken, through which filter, under which time-limit policy.
import type { z } from 'zod';
import type { Requests } from '../../../shared/contract';
import { describeFilter } from '../../../shared/board/filter';
import { STRINGS, type Locale } from '../../../shared/i18n';
import { exportTable, type ExportedFile } from './table-export';

export interface BoardExportContext {
  operator: string;
  locale: Locale;
  policyVersion: string;
}

export type BoardView = z.output<Requests['board:export']['args']>;

export function exportBoardView(view: BoardView, context: BoardExportContext): Promise<ExportedFile> {
  const words = STRINGS[context.locale].export.about;
  return exportTable({
    ...view,
    about: [
      { label: words.exportedAt, value: view.at, kind: 'datetime' },
      { label: words.exportedBy, value: context.operator.trim() || words.noOperator },
      { label: words.filter, value: (view.filter && describeFilter(view.filter, STRINGS[context.locale])) || words.noFilter },
      { label: words.policy, value: context.policyVersion },
      { label: words.note, value: words.zone },
    ],
  });
}

// A board view exported as the desk shows it (the renderer sends the cells),
// with what a reader of the file needs to know above the table: when and by
// whom it was taken, through which filter, under which time-limit policy.
import type { z } from 'zod';
import type { Requests } from '../../../shared/contract';
import { describeFilter } from '../../../shared/board/filter';
import { STRINGS } from '../../../shared/i18n';
import { exportTable, type ExportedFile } from './table-export';

export type BoardView = z.output<Requests['board:export']['args']>;

/** The view as a file, written in the exporting seat's language under its operator's name. */
export function exportBoardView(view: BoardView, policyVersion: string): Promise<ExportedFile> {
  const { title, format, columns, rows, at, filter, operator, locale } = view;
  const words = STRINGS[locale].export.about;
  return exportTable({
    title,
    format,
    columns,
    rows,
    at,
    about: [
      { label: words.exportedAt, value: at, kind: 'datetime' },
      { label: words.exportedBy, value: operator.trim() || words.noOperator },
      { label: words.filter, value: (filter && describeFilter(filter, STRINGS[locale])) || words.noFilter },
      { label: words.policy, value: policyVersion },
      { label: words.note, value: words.zone },
    ],
  });
}

import type { GridApi } from 'ag-grid-community';
import type { BoardFilter, BoardRow, Reporter } from '../../../../shared/contract';
import type { Bridge } from '../../bridge';
import { nowTicker } from '../../store/now';
import { exportFieldsOf, type ExportField } from './columns';

export type ExportFormat = 'csv' | 'xlsx';

/**
 * Exports exactly what is on screen: the rows that pass the filters in their
 * on-screen order, the visible columns in their on-screen order. A column
 * drawn by a renderer goes out as its fields (times as instants, durations as
 * minutes), any other as the words it shows. Main writes the file (a real
 * .xlsx writer lives there, with the filter, the operator and the policy above
 * the table); the renderer only saves the bytes.
 */
export async function exportView(
  bridge: Bridge,
  api: GridApi<BoardRow>,
  view: { title: string; format: ExportFormat; at: number; filter: BoardFilter } & Reporter,
): Promise<string> {
  const fields = api.getAllDisplayedColumns().flatMap((column) => {
    const definition = column.getColDef();
    const header = definition.headerName ?? column.getColId();
    const shown: ExportField = {
      kind: 'text',
      value: (row) => {
        const rowNode = api.getRowNode(row.key);
        return rowNode ? String(api.getCellValue({ rowNode, colKey: column, useFormatter: true }) ?? '') : '';
      },
    };
    return (exportFieldsOf(definition) ?? [shown]).map((field) => ({ id: column.getColId(), header: field.header ?? header, field }));
  });
  // The second the screen shows, so time-dependent values match it.
  const now = nowTicker.get();
  const rows: (string | number | null)[][] = [];
  api.forEachNodeAfterFilterAndSort((rowNode) => {
    const row = rowNode.data;
    if (row) rows.push(fields.map(({ field }) => field.value(row, now)));
  });
  const columns = fields.map(({ id, header, field }, index) => ({ id: `${id}.${index}`, header, kind: field.kind }));
  const file = await bridge.invoke('board:export', { ...view, columns, rows });
  const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.click();
  // The click has handed the URL to the download already; free it after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return file.fileName;
}

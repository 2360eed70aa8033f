import type { GridApi } from 'ag-grid-community';
import type { BoardRow } from '../../../../shared/contract';
import type { Bridge } from '../../bridge';
import { nowTicker } from '../../store/now';
import { exportTextOf } from './columns';

export type ExportFormat = 'csv' | 'xlsx';

/**
 * Exports exactly what is on screen: the rows that pass the filters in their
 * on-screen order, the visible columns in their on-screen order, each cell as
 * the words it shows. Main writes the file (a real .xlsx writer lives there);
 * the renderer only saves the bytes.
 */
export async function exportView(
  bridge: Bridge,
  api: GridApi<BoardRow>,
  title: string,
  format: ExportFormat,
  at: number,
): Promise<string> {
  const displayed = api.getAllDisplayedColumns();
  const texts = displayed.map((column) => exportTextOf(column.getColDef()));
  // The second the screen shows, so time-dependent words match it.
  const now = nowTicker.get();
  const rows: string[][] = [];
  api.forEachNodeAfterFilterAndSort((rowNode) => {
    const row = rowNode.data;
    if (!row) return;
    rows.push(displayed.map((column, index) => texts[index]?.(row, now) ?? String(api.getCellValue({ rowNode, colKey: column, useFormatter: true }) ?? '')));
  });
  const columns = displayed.map((column) => ({ id: column.getColId(), header: column.getColDef().headerName ?? column.getColId() }));
  const file = await bridge.invoke('board:export', { title, format, columns, rows, at });
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

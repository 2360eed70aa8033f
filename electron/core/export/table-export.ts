import ExcelJS from 'exceljs';
import { formatFileStamp } from '../../../shared/time';

export interface TableExport {
  title: string;
  format: 'csv' | 'xlsx';
  columns: { id: string; header: string }[];
  rows: (string | number | null)[][];
  at: number;
}

export interface ExportedFile {
  fileName: string;
  mime: string;
  base64: string;
}

// Fields starting with these are formulas to spreadsheet programs; quoting them
// with a leading apostrophe keeps upstream text from running as one.
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function toCsv(table: TableExport): Buffer {
  const lines = [table.columns.map((column) => csvCell(column.header)).join(',')];
  for (const row of table.rows) lines.push(row.map(csvCell).join(','));
  // A BOM makes Excel on Chinese Windows read the file as UTF-8.
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

async function toXlsx(table: TableExport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(table.at);
  const sheet = workbook.addWorksheet(table.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((column, index) => {
    const widest = Math.max(column.header.length, ...table.rows.slice(0, 500).map((row) => String(row[index] ?? '').length));
    return { header: column.header, key: column.id, width: Math.min(60, Math.max(8, widest * 2)) };
  });
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The current view of a grid as a CSV or .xlsx file named after what and when. */
export async function exportTable(table: TableExport): Promise<ExportedFile> {
  const width = table.columns.length;
  const ragged = table.rows.findIndex((row) => row.length !== width);
  if (ragged >= 0) throw new Error(`row ${ragged + 1} has ${table.rows[ragged]!.length} cells, expected ${width}`);
  const safeTitle = table.title.replace(/[\\/:*?"<>|]/g, '_');
  const baseName = `${safeTitle}_${formatFileStamp(table.at)}`;
  if (table.format === 'csv') {
    return { fileName: `${baseName}.csv`, mime: 'text/csv;charset=utf-8', base64: toCsv(table).toString('base64') };
  }
  return {
    fileName: `${baseName}.xlsx`,
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    base64: (await toXlsx(table)).toString('base64'),
  };
}

// Loaded on the first .xlsx export: requiring exceljs took 0.3 s of every
// start (1 s on a loaded machine) that the first board waited for.
import type ExcelJS from 'exceljs';
import { formatFileStamp, SHANGHAI_OFFSET_MS, toShanghaiIso } from '../../../shared/time';

/**
 * What a column's cells are: words, a plain number, an instant (epoch ms,
 * written as a date cell of Shanghai wall time) or a duration in minutes.
 */
export type CellKind = 'text' | 'number' | 'datetime' | 'minutes';
export type CellValue = string | number | null;

export interface TableColumn {
  id: string;
  header: string;
  /** 'text' when absent. */
  kind?: CellKind;
}

export interface TableExport {
  title: string;
  format: 'csv' | 'xlsx';
  columns: TableColumn[];
  rows: CellValue[][];
  at: number;
  /** Label and value lines above the table in a .xlsx (exported at, by, filter, policy); a CSV stays one plain table. */
  about?: { label: string; value: CellValue; kind?: CellKind }[];
}

export interface ExportedFile {
  fileName: string;
  mime: string;
  base64: string;
}

// Fields starting with these are formulas to spreadsheet programs; quoting them
// with a leading apostrophe keeps upstream text from running as one.
const FORMULA_START = /^[=+\-@\t\r]/;

/** Shanghai wall time to the second, "2026-11-22 09:31:05": what a CSV reader and a person read alike. */
const csvTime = (at: number) => toShanghaiIso(at).slice(0, 19).replace('T', ' ');

function csvCell(value: CellValue, kind: CellKind = 'text'): string {
  if (value === null) return '';
  if (typeof value === 'number') return kind === 'datetime' ? csvTime(value) : String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function toCsv(table: TableExport): Buffer {
  const lines = [table.columns.map((column) => csvCell(column.header)).join(',')];
  for (const row of table.rows) lines.push(row.map((value, index) => csvCell(value, table.columns[index]!.kind)).join(','));
  // A BOM makes Excel on Chinese Windows read the file as UTF-8.
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

// A spreadsheet has no time zones: a date cell holds wall time. The console's
// times are Shanghai's, so the cell holds Shanghai's wall time (the header says so).
const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const asWallTime = (at: number) => new Date(at + SHANGHAI_OFFSET_MS);

function xlsxValue(value: CellValue, kind: CellKind = 'text'): ExcelJS.CellValue {
  if (value === null) return null;
  return kind === 'datetime' && typeof value === 'number' ? asWallTime(value) : value;
}

function styleCell(cell: ExcelJS.Cell, kind: CellKind = 'text'): void {
  if (kind === 'datetime') cell.numFmt = DATE_FORMAT;
  else if (kind === 'minutes') cell.numFmt = '0';
}

/** A character width for a cell's shown text: CJK characters take two. */
function shownWidth(value: CellValue, kind: CellKind = 'text'): number {
  if (value === null) return 0;
  if (kind === 'datetime') return DATE_FORMAT.length;
  let width = 0;
  for (const char of String(value)) width += char.codePointAt(0)! >= 0x2e80 ? 2 : 1;
  return width;
}

async function toXlsx(table: TableExport): Promise<Buffer> {
  const { Workbook } = (await import('exceljs')).default;
  const workbook = new Workbook();
  workbook.created = new Date(table.at);
  const about = table.about ?? [];
  // The title, the about lines and a blank line, then the table.
  const headerRow = about.length > 0 ? about.length + 3 : 1;
  const sheet = workbook.addWorksheet(table.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: headerRow }] });
  sheet.columns = table.columns.map((column, index) => {
    const widest = Math.max(shownWidth(column.header), ...table.rows.slice(0, 500).map((row) => shownWidth(row[index] ?? null, column.kind)));
    return { key: column.id, width: Math.min(60, Math.max(8, widest + 2)) };
  });
  if (about.length > 0) {
    const title = sheet.getCell(1, 1);
    title.value = table.title;
    title.font = { bold: true, size: 14 };
    about.forEach((line, index) => {
      const row = sheet.getRow(index + 2);
      row.getCell(1).value = line.label;
      row.getCell(1).font = { bold: true };
      row.getCell(2).value = xlsxValue(line.value, line.kind);
      styleCell(row.getCell(2), line.kind);
      row.getCell(2).alignment = { horizontal: 'left' };
    });
  }
  const header = sheet.getRow(headerRow);
  header.values = table.columns.map((column) => column.header);
  header.font = { bold: true };
  for (const values of table.rows) {
    const row = sheet.addRow(values.map((value, index) => xlsxValue(value, table.columns[index]!.kind)));
    table.columns.forEach((column, index) => styleCell(row.getCell(index + 1), column.kind));
  }
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: table.columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A cell that is not what its column says it is: the row and column, named. */
function mistypedCell(table: TableExport): string | null {
  for (const [r, row] of table.rows.entries()) {
    for (const [c, value] of row.entries()) {
      const kind = table.columns[c]!.kind ?? 'text';
      if (value === null || kind === 'text') continue;
      if (typeof value !== 'number' || !Number.isFinite(value)) return `row ${r + 1}, column "${table.columns[c]!.header}": ${JSON.stringify(value)} is not a ${kind}`;
    }
  }
  return null;
}

/** The current view of a grid as a CSV or .xlsx file named after what and when. */
export async function exportTable(table: TableExport): Promise<ExportedFile> {
  const width = table.columns.length;
  const ragged = table.rows.findIndex((row) => row.length !== width);
  if (ragged >= 0) throw new Error(`row ${ragged + 1} has ${table.rows[ragged]!.length} cells, expected ${width}`);
  const mistyped = mistypedCell(table);
  if (mistyped) throw new Error(mistyped);
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

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { exportTable } from '../../electron/core/export/table-export';

const at = Date.parse('2026-11-22T10:30:00+08:00');
const columns = [
  { id: 'ticketId', header: '工单号' },
  { id: 'customer', header: '客户' },
  { id: 'elapsed', header: '历时(分钟)' },
];
const rows: (string | number | null)[][] = [
  ['JS-NJ-1', '南京市公安局, 指挥中心', 42],
  ['JS-SZ-2', '=HYPERLINK("http://x")', null],
];

describe('table export', () => {
  it('names the file after what and when, in Asia/Shanghai', async () => {
    const file = await exportTable({ title: '集团级故障', format: 'xlsx', columns, rows, at });
    expect(file.fileName).toBe('集团级故障_2026-11-22_1030.xlsx');
  });

  it('writes a real .xlsx that a spreadsheet library reads back cell for cell', async () => {
    const file = await exportTable({ title: '集团级故障', format: 'xlsx', columns, rows, at });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.base64, "base64") as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('集团级故障');
    expect(sheet.getRow(1).values).toEqual([undefined, '工单号', '客户', '历时(分钟)']);
    expect(sheet.getRow(2).values).toEqual([undefined, 'JS-NJ-1', '南京市公安局, 指挥中心', 42]);
    expect(sheet.getCell('B3').value).toBe('=HYPERLINK("http://x")');
    expect(sheet.rowCount).toBe(3);
  });

  it('writes CSV with a BOM, quoting, and formulas neutralised', async () => {
    const file = await exportTable({ title: '省级故障', format: 'csv', columns, rows, at });
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.slice(1).split('\r\n')).toEqual([
      '工单号,客户,历时(分钟)',
      'JS-NJ-1,"南京市公安局, 指挥中心",42',
      `JS-SZ-2,"'=HYPERLINK(""http://x"")",`,
      '',
    ]);
  });

  it('refuses a row whose width differs from the header', async () => {
    await expect(exportTable({ title: 't', format: 'csv', columns, rows: [['only one']], at })).rejects.toThrow('row 1 has 1 cells, expected 3');
  });
});

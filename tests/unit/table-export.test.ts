import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { exportBoardView } from '../../electron/core/export/board-export';
import { exportTable, type TableColumn } from '../../electron/core/export/table-export';

const at = Date.parse('2026-11-22T10:30:00+08:00');
const columns: TableColumn[] = [
  { id: 'ticketId', header: '工单号' },
  { id: 'customer', header: '客户' },
  { id: 'elapsed', header: '历时(分钟)', kind: 'minutes' },
];
const rows: (string | number | null)[][] = [
  ['JS-NJ-1', '南京市公安局, 指挥中心', 42],
  ['JS-SZ-2', '=HYPERLINK("http://x")', null],
];

async function read(base64: string): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

describe('table export', () => {
  it('names the file after what and when, in Asia/Shanghai', async () => {
    const file = await exportTable({ title: '集团级故障', format: 'xlsx', columns, rows, at });
    expect(file.fileName).toBe('集团级故障_2026-11-22_1030.xlsx');
  });

  it('writes a real .xlsx that a spreadsheet library reads back cell for cell', async () => {
    const sheet = await read((await exportTable({ title: '集团级故障', format: 'xlsx', columns, rows, at })).base64);
    expect(sheet.name).toBe('集团级故障');
    expect(sheet.getRow(1).values).toEqual([undefined, '工单号', '客户', '历时(分钟)']);
    expect(sheet.getRow(2).values).toEqual([undefined, 'JS-NJ-1', '南京市公安局, 指挥中心', 42]);
    expect(sheet.getCell('B3').value).toBe('=HYPERLINK("http://x")');
    expect(sheet.rowCount).toBe(3);
  });

  it('writes instants as date cells of Shanghai time and durations as numbers of minutes, under a block saying what the table is', async () => {
    const repaired = Date.parse('2026-11-22T09:05:30+08:00');
    const sheet = await read(
      (
        await exportTable({
          title: '集团级故障',
          format: 'xlsx',
          columns: [...columns, { id: 'repairedAt', header: '修复时间', kind: 'datetime' }],
          rows: [['JS-NJ-1', '南京市公安局', 85, repaired]],
          at,
          about: [
            { label: '导出时间', value: at, kind: 'datetime' },
            { label: '导出人', value: '张晓华' },
          ],
        })
      ).base64,
    );
    expect(sheet.getCell('A1').value).toBe('集团级故障');
    expect([sheet.getCell('A2').value, sheet.getCell('A3').value, sheet.getCell('B3').value]).toEqual(['导出时间', '导出人', '张晓华']);
    // A spreadsheet keeps wall time: the cell reads 10:30, as the console shows it.
    expect(sheet.getCell('B2').value).toEqual(new Date('2026-11-22T10:30:00Z'));
    expect(sheet.getCell('B2').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    // The table starts after the block and a blank line; the filter and the frozen rows follow it.
    expect(sheet.getRow(5).values).toEqual([undefined, '工单号', '客户', '历时(分钟)', '修复时间']);
    expect(sheet.getCell('C6').value).toBe(85);
    expect(sheet.getCell('C6').numFmt).toBe('0');
    expect(sheet.getCell('D6').value).toEqual(new Date('2026-11-22T09:05:30Z'));
    expect(sheet.getCell('D6').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet.autoFilter).toBe('A5:D5');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
  });

  it('writes CSV with a BOM, quoting, formulas neutralised and instants as Shanghai time', async () => {
    const file = await exportTable({
      title: '省级故障',
      format: 'csv',
      columns: [...columns, { id: 'dueAt', header: '时限', kind: 'datetime' }],
      rows: rows.map((row, i) => [...row, i === 0 ? Date.parse('2026-11-22T11:00:05+08:00') : null]),
      at,
      about: [{ label: '导出人', value: '张晓华' }],
    });
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.slice(1).split('\r\n')).toEqual([
      '工单号,客户,历时(分钟),时限',
      'JS-NJ-1,"南京市公安局, 指挥中心",42,2026-11-22 11:00:05',
      `JS-SZ-2,"'=HYPERLINK(""http://x"")",,`,
      '',
    ]);
  });

  it('refuses a row whose width differs from the header, and a cell that is not what its column says', async () => {
    await expect(exportTable({ title: 't', format: 'csv', columns, rows: [['only one']], at })).rejects.toThrow('row 1 has 1 cells, expected 3');
    await expect(exportTable({ title: 't', format: 'xlsx', columns, rows: [['JS-1', 'x', '17小时43分']], at })).rejects.toThrow(
      'row 1, column "历时(分钟)": "17小时43分" is not a minutes',
    );
  });
});

describe('board view export', () => {
  const view = { title: '集团级故障', format: 'xlsx' as const, columns, rows, at };

  it('says above the table when, by whom, through which filter and under which policy it was taken', async () => {
    const filter = { cities: ['南京', '苏州'], services: ['mpls-vpn' as const], text: ' 光缆 ' };
    const sheet = await read((await exportBoardView({ ...view, filter, operator: '张晓华', locale: 'zh-CN' }, '2026.11-a')).base64);
    const about = [2, 3, 4, 5, 6].map((row) => [sheet.getCell(row, 1).value, sheet.getCell(row, 2).value]);
    expect(about).toEqual([
      ['导出时间', new Date('2026-11-22T10:30:00Z')],
      ['导出人', '张晓华'],
      ['筛选条件', '地市：南京、苏州；业务：MPLS-VPN；搜索：“光缆”'],
      ['时限策略版本', '2026.11-a'],
      ['说明', '时间均为北京时间（UTC+8），时长单位为分钟'],
    ]);
    expect(sheet.getRow(8).values).toEqual([undefined, '工单号', '客户', '历时(分钟)']);
  });

  it('names an unfiltered view and a missing operator as such, in English too', async () => {
    const sheet = await read((await exportBoardView({ ...view, operator: ' ', locale: 'en' }, 'v1')).base64);
    expect([3, 4].map((row) => [sheet.getCell(row, 1).value, sheet.getCell(row, 2).value])).toEqual([
      ['Exported by', '(no operator set)'],
      ['Filter', 'None (every ticket of the view)'],
    ]);
  });
});

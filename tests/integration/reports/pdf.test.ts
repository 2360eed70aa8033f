// The printed fault report, read back the way a person would get it: the text
// in the PDF, its page size, its fonts, and a PNG of each page kept in
// artifacts/reports/ for a human to look at.
//
// No speed is asserted here (bench/print.ts measures it): every step waits on
// the work itself, with limits generous enough for a CI machine whose CPU is
// shared (a cold `noc report` compiles the CLI with tsx and launches Chromium).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPdfPrinter } from '../../../electron/core/pdf';
import { tempDir } from '../support/cache';
import type { FaultReportFields } from '../../../shared/contract';
import { KEY, MINUTE, REPAIRED_TICKET, T0, startConsole, startServer, type Rig } from './harness';

/** What the person sending the report writes. */
const WRITTEN: FaultReportFields = {
  cause: '市政施工单位未按管线交底作业，挖断中山北路段 48 芯主干光缆。',
  measures: '抢通备用纤芯恢复业务，随后熔接修复主干光缆并逐芯测试。',
  prevention: '与市政部门建立施工前管线交底与现场看护机制，该段光缆纳入每日巡检。',
  confirmer: '南京市公安局信息中心 刘卫东',
};

const OUT = resolve('artifacts/reports');
const PRINT_LIMIT_MS = 120_000;
const CLI_LIMIT_MS = 240_000;
const printer = chromiumPdfPrinter();
let dir: ReturnType<typeof tempDir>;
let rig: Rig;

beforeAll(async () => {
  dir = tempDir('reports-pdf');
  mkdirSync(OUT, { recursive: true });
  const now = { value: T0 + 300 * MINUTE };
  const server = await startServer(now, REPAIRED_TICKET);
  rig = await startConsole({ file: dir.file('cache.db'), server, now, printer });
  await rig.connected();
  // Reports sent while the fault was open appear in the fault report's history.
  await rig.service.send(KEY, 'progress');
  await printer.warm();
}, PRINT_LIMIT_MS);

afterAll(async () => {
  await rig.close();
  await rig.server.close();
  await printer.close();
  dir.remove();
}, PRINT_LIMIT_MS);

async function printed(name: string, args: Parameters<Rig['service']['pdf']>[0]): Promise<string> {
  const pdf = await rig.service.pdf(args);
  const file = join(OUT, `${name}.pdf`);
  writeFileSync(file, Buffer.from(pdf.base64, 'base64'));
  for (const old of readdirSync(OUT).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))) rmSync(join(OUT, old));
  execFileSync('pdftoppm', ['-png', '-r', '70', file, join(OUT, name)]);
  return file;
}

const text = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe('the printed fault handling report', { timeout: PRINT_LIMIT_MS }, () => {
  it('tells the ticket facts, every clock with its state and the policy version, on A4 pages with fonts embedded', async () => {
    const file = await printed('fault-report.zh-CN', { ...KEY, kind: 'fault-report', faultReport: WRITTEN });
    const content = text(file);
    for (const fact of [
      '故障处理报告',
      '关于南京市公安局MPLS-VPN故障的处理报告',
      'JS-NJ-20261122-0007',
      '南京市公安局',
      'NJ-MPLS-2026-0007',
      '鼓楼区',
      '2026-11-22 09:00',
      '2026-11-22 13:22',
      '张晓华',
      `时限策略 ${rig.engine.policy.version}`,
      // The person's words, not the upstream's or boilerplate.
      '挖断中山北路段 48 芯主干光缆。',
      '逐芯测试',
      '施工前管线交底与现场看护机制',
      '刘卫东',
      // The issuing unit and the date at the end (GB/T 9704).
      '2026年11月22日',
    ]) {
      expect(content).toContain(fact);
    }
    // Each stage against its limit, counting from 第 1 次 when a stage repeats.
    expect(content).toMatch(/派单\s+15 分钟.*按时完成/);
    expect(content).toMatch(/接单（第 1 次）\s+30 分钟.*按时完成/);
    expect(content).toMatch(/接单（第 2 次）\s+30 分钟.*超时完成/);
    expect(content).toMatch(/恢复确认\s+15 分钟.*按时完成/);
    // The customer's story only: none of the NOC's internal obligations, no boilerplate, no estimate.
    for (const internal of ['集团进度上报', '阶段反馈', '首次上报', '故障报告', '上报记录', '尚在查明中', '落实预防措施', '预计恢复时间', '未设置值班人员']) {
      expect(content).not.toContain(internal);
    }
    expect(content.trim().split('\n').filter((line) => line.includes('中国电信江苏公司网络监控中心')).length).toBeGreaterThan(1);

    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Math.round(Number(size[1]))).toBe(595);
    expect(Math.round(Number(size[2]))).toBe(842);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    // pdftotext drops the narrow spaces of "第 1 页 共 3 页".
    expect(content).toMatch(new RegExp(`第\\s*1\\s*页\\s*共\\s*${pages}\\s*页`));
    expect(readdirSync(OUT).filter((f) => f.startsWith('fault-report.zh-CN-') && f.endsWith('.png'))).toHaveLength(pages);

    // Every font is in the file (emb) with a Unicode map (uni), so the page looks and searches the same anywhere.
    // Skia embeds the CFF-based Noto CJK as Type 3 (vector glyphs); TrueType fonts come out as CID TrueType.
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/\byes\s+(yes|no)\s+yes\s+\d+\s+\d+\s*$/);
  });

  it('prints in English from the English template', async () => {
    rig.locale.value = 'en';
    const faultReport = { cause: 'A contractor cut the 48-fibre trunk cable.', measures: 'Spare fibres spliced, then the trunk repaired.', prevention: 'Pre-work cable briefings with the city.', confirmer: 'Liu Weidong, IT centre' };
    const file = await printed('fault-report.en', { ...KEY, kind: 'fault-report', faultReport }).finally(() => (rig.locale.value = 'zh-CN'));
    const content = text(file);
    for (const fact of ['Fault handling report', 'NJ-MPLS-2026-0007', 'Met', 'Reported by', 'Service restored', 'Liu Weidong', '22 November 2026', 'Accept #1', 'Accept #2']) {
      expect(content).toContain(fact);
    }
  });

  it("prints the NOC's own copy with its internal obligations, never calling an unsent report completed", async () => {
    const content = text(await printed('fault-report.noc.zh-CN', { ...KEY, kind: 'fault-report', faultReport: WRITTEN, edition: 'noc' }));
    expect(content).toContain('故障处理报告（内部存档）');
    expect(content).toContain('内部督办事项执行情况');
    expect(content).toContain('上报记录');
    // The progress report was sent at 14:00, after the close at 13:35; stage feedback never was.
    expect(content).toMatch(/阶段反馈\s+30 分钟.*逾期未上报/);
    expect(content).not.toMatch(/阶段反馈.*超时完成/);
    // The progress report's echo (protocol 1.1's `reported`) is a step in words, not the wire's type.
    expect(content).toMatch(/14:00\s+上报已回执/);
    expect(content).not.toMatch(/\breported\b/);
  });

  it('is refused before the recovery is confirmed, and without the written fields', async () => {
    await expect(rig.service.pdf({ ...KEY, kind: 'fault-report' })).rejects.toThrow(/cause .* empty/);
    const before = T0 + 265 * MINUTE; // repaired at 262 min, confirmed at 270 min
    const saved = rig.now.value;
    rig.now.value = before;
    try {
      await expect(rig.service.pdf({ ...KEY, kind: 'fault-report', faultReport: WRITTEN })).rejects.toThrow(/not confirmed/);
      await expect(rig.service.send(KEY, 'fault-report', WRITTEN)).rejects.toThrow(/not confirmed/);
    } finally {
      rig.now.value = saved;
    }
  });

  it('prints a sent report as it was sent', async () => {
    const [sent] = rig.service.list({ kinds: ['progress'], limit: 1 });
    const file = await printed('progress.zh-CN', { id: sent!.id });
    const content = text(file);
    expect(content).toContain('故障处理进度上报');
    expect(content).toContain('2026-11-22 14:00');
  });

  it('is what `noc report` prints headlessly from the cache file', { timeout: CLI_LIMIT_MS }, async () => {
    const viaConsole = text(await printed('fault-report.zh-CN', { ...KEY, kind: 'fault-report', faultReport: WRITTEN }));
    const file = join(OUT, 'fault-report.cli.pdf');
    const args = ['report', '--db', dir.file('cache.db'), '--ticket', KEY.ticketId, '--kind', 'fault-report', '--pdf', file];
    args.push('--operator', '张晓华', '--at', '2026-11-22T14:00:00+08:00');
    for (const [field, value] of Object.entries(WRITTEN)) args.push(`--${field}`, value);
    const stdout = execFileSync(resolve('node_modules/.bin/tsx'), [resolve('electron/cli/noc.ts'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(stdout).toBe('');
    expect(text(file)).toBe(viaConsole);
  });
});

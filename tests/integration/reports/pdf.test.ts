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
import { KEY, MINUTE, REPAIRED_TICKET, T0, startConsole, startServer, type Rig } from './harness';

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
    const file = await printed('fault-report.zh-CN', { ...KEY, kind: 'fault-report' });
    const content = text(file);
    for (const fact of [
      '故障处理报告',
      '关于南京市公安局MPLS-VPN故障的处理报告',
      'JS-NJ-20261122-0007',
      '南京市公安局',
      'NJ-MPLS-2026-0007',
      '鼓楼区',
      '市政施工挖断中山北路段 48 芯主干光缆',
      '抢通备用纤芯后熔接修复主干光缆',
      '2026-11-22 09:00',
      '2026-11-22 13:22',
      '张晓华',
      `时限策略 ${rig.engine.policy.version}`,
      '进度上报',
    ]) {
      expect(content).toContain(fact);
    }
    // Dispatch in 9 of 15 minutes; the 30-minute progress cadence was missed before the first report.
    expect(content).toMatch(/派单\s+15 分钟.*按时完成/);
    expect(content).toMatch(/超时/);
    expect(content).toMatch(/恢复确认\s+15 分钟.*按时完成/);

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
    const file = await printed('fault-report.en', { ...KEY, kind: 'fault-report' }).finally(() => (rig.locale.value = 'zh-CN'));
    const content = text(file);
    for (const fact of ['Fault handling report', 'NJ-MPLS-2026-0007', 'Met', 'Reported by', 'Service restored']) expect(content).toContain(fact);
  });

  it('prints a sent report as it was sent', async () => {
    const [sent] = rig.service.list({ kinds: ['progress'], limit: 1 });
    const file = await printed('progress.zh-CN', { id: sent!.id });
    const content = text(file);
    expect(content).toContain('故障处理进度上报');
    expect(content).toContain('2026-11-22 14:00');
  });

  it('is what `noc report` prints headlessly from the cache file', { timeout: CLI_LIMIT_MS }, async () => {
    const viaConsole = text(await printed('fault-report.zh-CN', { ...KEY, kind: 'fault-report' }));
    const file = join(OUT, 'fault-report.cli.pdf');
    const args = ['report', '--db', dir.file('cache.db'), '--ticket', KEY.ticketId, '--kind', 'fault-report', '--pdf', file];
    args.push('--operator', '张晓华', '--at', '2026-11-22T14:00:00+08:00');
    const stdout = execFileSync(resolve('node_modules/.bin/tsx'), [resolve('electron/cli/noc.ts'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(stdout).toBe('');
    expect(text(file)).toBe(viaConsole);
  });
});

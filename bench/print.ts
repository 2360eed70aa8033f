// Printing a fault report (issue #20): a report built from a generated ticket
// as the console builds it, printed to an A4 PDF by the web mode's and the
// CLI's printer, cold (a new printer: Chromium launched, fonts loaded) and warm
// (the same printer again), each beside a blank page printed the same way in
// the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDefaultPolicy } from '../shared/domain';
import type { ReportDocument } from '../shared/reports';
import { sequencedEvents } from '../electron/simulator/jsonl';
import { ticketDetail } from '../electron/core/board/detail';
import { Engine } from '../electron/core/ingest/engine';
import { chromiumPdfPrinter } from '../electron/core/pdf';
import { findChromium } from '../electron/core/chromium';
import { printReport } from '../electron/core/reports/print';
import { composeReport } from '../electron/core/reports/service';
import { ReportTemplates } from '../electron/core/reports/templates';
import { Store } from '../electron/core/store/db';
import { median, type BenchRow } from './table';

export interface PrintBenchOptions {
  /** Cold prints (each with a new printer) and warm prints (one printer). */
  coldRuns: number;
  warmRuns: number;
}

const BLANK = '<!doctype html><html><head><style>@page { size: A4 portrait; margin: 30mm 24mm 26mm 26mm; }</style></head><body></body></html>';
const START = Date.parse('2026-11-20T00:00:00+08:00');

/** The fault report of the generated group-tier ticket with the longest confirmed story. */
async function sampleReport(dir: string): Promise<ReportDocument> {
  const store = Store.open(join(dir, 'cache.db'));
  try {
    const engine = await Engine.open(store, { policy: loadDefaultPolicy(), now: () => START + 3 * 86_400_000 });
    const source = { id: 'bench-print', name: '集团一站式故障处理系统', level: 'group' as const };
    engine.registerSource(source, 'http://127.0.0.1:1');
    const events = [...sequencedEvents({ seed: 20, start: START, tickets: 400, source: 'all' })];
    await engine.ingest(source.id, events);
    // The report is composed from committed facts: the last unit must have committed.
    await engine.flushed();
    const at = Date.parse(events.at(-1)!.at) + 60_000;
    const lengths = new Map<string, number>();
    for (const event of events) lengths.set(event.ticketId, (lengths.get(event.ticketId) ?? 0) + 1);
    const candidates = [...lengths].sort((a, b) => b[1] - a[1]).map(([ticketId]) => ({ source: source.id, ticketId }));
    const key = candidates.find((k) => {
      const row = ticketDetail(engine, k, at).row;
      return row.customer?.tier === 'group' && row.clocks.some((c) => c.name === 'confirm' && c.stoppedAt !== null);
    });
    if (!key) throw new Error('no confirmed group-tier ticket in the generated history');
    const faultReport = {
      cause: '市政施工挖断主干光缆，造成该客户专线所在光缆段全部纤芯中断。',
      measures: '启用备用纤芯抢通业务，随后熔接修复主干光缆并逐一测试恢复。',
      prevention: '与市政部门建立施工前通报机制，对该光缆段加装警示标识并纳入重点巡检。',
      confirmer: '客户信息中心 刘工',
    };
    return composeReport({ engine, templates: new ReportTemplates() }, key, 'fault-report', at, { operator: '张晓华', locale: 'zh-CN', faultReport }).doc;
  } finally {
    await store.close();
  }
}

/** Wall time of `body`, in ms. */
async function timed(body: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await body();
  return performance.now() - started;
}

export async function benchPrint(options: PrintBenchOptions): Promise<BenchRow[]> {
  if (!findChromium()) {
    const skipped = (figure: string): BenchRow => ({
      figure: `${figure}: skipped`,
      value: Number.NaN,
      unit: 'ms',
      baseline: null,
      baselineLabel: 'skipped: no Chromium (install chromium or set NOC_CHROMIUM)',
      target: '—',
      met: null,
    });
    return [skipped('fault report to PDF, cold'), skipped('fault report to PDF, warm')];
  }
  const dir = mkdtempSync(join(tmpdir(), 'noc-bench-print-'));
  try {
    const doc = await sampleReport(dir);
    const cold = async (print: (printer: ReturnType<typeof chromiumPdfPrinter>) => Promise<unknown>) => {
      const printer = chromiumPdfPrinter();
      try {
        return await timed(() => print(printer));
      } finally {
        await printer.close();
      }
    };
    const coldReport: number[] = [];
    const coldBlank: number[] = [];
    // Alternated, so a machine that gets busier slows both sides alike.
    for (let run = 0; run < options.coldRuns; run += 1) {
      coldBlank.push(await cold((printer) => printer.printPdf(BLANK)));
      coldReport.push(await cold((printer) => printReport(printer, doc)));
    }
    const printer = chromiumPdfPrinter();
    const warmReport: number[] = [];
    const warmBlank: number[] = [];
    try {
      await printReport(printer, doc);
      await printer.printPdf(BLANK);
      for (let run = 0; run < options.warmRuns; run += 1) {
        warmBlank.push(await timed(() => printer.printPdf(BLANK)));
        warmReport.push(await timed(() => printReport(printer, doc)));
      }
    } finally {
      await printer.close();
    }
    const pages = `${doc.sections.find((s) => s.id === 'timeline')?.table?.rows.length ?? 0}-step ticket`;
    return [
      {
        figure: `fault report to PDF, cold (new Chromium, fonts loaded; ${pages}, median of ${options.coldRuns})`,
        value: median(coldReport),
        unit: 'ms',
        baseline: median(coldBlank),
        baselineLabel: 'blank A4 page, new Chromium',
        target: '≤ 3000 ms',
        met: median(coldReport) <= 3000,
      },
      {
        figure: `fault report to PDF, warm (same printer; median of ${options.warmRuns})`,
        value: median(warmReport),
        unit: 'ms',
        baseline: median(warmBlank),
        baselineLabel: 'blank A4 page, same printer',
        target: '≤ 1000 ms',
        met: median(warmReport) <= 1000,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `noc report`: prints a ticket's report to an A4 PDF without a window, with
// the same template, document and page as the console (Chromium's PDF, as in
// web mode). Reads the cache only.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { FaultReportFields } from '../../shared/contract';
import { REPORT_KINDS, type ReportKind } from '../../shared/protocol';
import { Engine } from '../core/ingest/engine';
import { chromiumPdfPrinter } from '../core/pdf';
import { printReport } from '../core/reports/print';
import { composeReport } from '../core/reports/service';
import { ReportTemplates } from '../core/reports/templates';
import { Store } from '../core/store/db';
import { policyFrom, required, time, UsageError } from './options';

export const REPORT_USAGE = `noc report --db FILE --ticket ID [--source S] --kind KIND --pdf OUT.pdf [--locale zh-CN|en] [--operator NAME] [--at TIME] [--policy FILE]
           [--cause TEXT --measures TEXT --prevention TEXT --confirmer NAME] [--edition customer|noc]
  Prints the ticket's report as an A4 PDF, as the console prints it. KIND: fault-report,
  progress, stage-feedback or suspend-request. --source is needed only when two sources
  have a ticket with that number. TIME (default now) is RFC 3339, e.g. 2026-11-22T14:00:00+08:00.
  A fault-report needs confirmed repair, --operator (or NOC_OPERATOR) and the four texts a person
  writes: --cause, --measures, --prevention, --confirmer. --edition noc prints the NOC's own copy
  (with its internal obligations and reports); the default is the customer's.
  Writes the PDF and nothing to stdout; what it wrote goes to stderr.`;

const OPTIONS = {
  db: { type: 'string' },
  ticket: { type: 'string' },
  source: { type: 'string' },
  kind: { type: 'string' },
  pdf: { type: 'string' },
  locale: { type: 'string', default: 'zh-CN' },
  operator: { type: 'string', default: process.env.NOC_OPERATOR ?? '' },
  at: { type: 'string' },
  policy: { type: 'string' },
  cause: { type: 'string' },
  measures: { type: 'string' },
  prevention: { type: 'string' },
  confirmer: { type: 'string' },
  edition: { type: 'string', default: 'customer' },
} as const;

export async function reportCommand(argv: string[], now: number, log: (line: string) => void): Promise<void> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true });
  const kind = required(values.kind, '--kind');
  if (!(REPORT_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind must be one of ${REPORT_KINDS.join(', ')}, got ${kind}`);
  const locale = values.locale;
  if (locale !== 'zh-CN' && locale !== 'en') throw new UsageError(`--locale must be zh-CN or en, got ${locale}`);
  const edition = values.edition;
  if (edition !== 'customer' && edition !== 'noc') throw new UsageError(`--edition must be customer or noc, got ${edition}`);
  let faultReport: FaultReportFields | undefined;
  if (kind === 'fault-report') {
    const texts = { cause: values.cause, measures: values.measures, prevention: values.prevention, confirmer: values.confirmer };
    const missing = Object.entries(texts).filter(([, value]) => !value?.trim()).map(([name]) => `--${name}`);
    if (missing.length > 0) throw new UsageError(`a fault-report is written by a person: ${missing.join(', ')} missing`);
    if (!values.operator.trim()) throw new UsageError('a fault-report names its operator: --operator NAME (or NOC_OPERATOR)');
    faultReport = texts as FaultReportFields;
  }
  const ticketId = required(values.ticket, '--ticket');
  const out = required(values.pdf, '--pdf');
  const at = values.at === undefined ? now : time(values.at, '--at');
  const store = Store.open(required(values.db, '--db'), { readonly: true });
  const printer = chromiumPdfPrinter();
  try {
    const engine = await Engine.open(store, { policy: policyFrom(values.policy), now: () => now });
    const sources = values.source !== undefined ? [values.source] : engine.sources().map((s) => s.id);
    const holding = sources.filter((source) => engine.ticketAt({ source, ticketId }, at) !== null);
    if (holding.length === 0) throw new Error(`no ticket ${ticketId}${values.source ? ` from source ${values.source}` : ''} in ${store.file}`);
    if (holding.length > 1) throw new UsageError(`ticket ${ticketId} is in several sources (${holding.join(', ')}): pass --source`);
    const key = { source: holding[0]!, ticketId };
    const { doc } = composeReport({ engine, templates: new ReportTemplates() }, key, kind as ReportKind, at, {
      operator: values.operator,
      locale,
      faultReport,
      edition,
    });
    writeFileSync(out, await printReport(printer, doc));
    log(`wrote ${out}: ${doc.name} ${doc.number}`);
  } finally {
    await printer.close();
    await store.close();
  }
}

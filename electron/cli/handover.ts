// `noc handover`: the shift handover sheet at an instant, from the same core
// function the console's Handover page and its signature use; as JSON and/or
// as the A4 PDF the console prints. Reads the cache only.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { HandoverSheet } from '../../shared/contract';
import { DEFAULT_SHIFTS, SHIFT_START, buildHandoverDocument } from '../../shared/handover';
import { toShanghaiIso } from '../../shared/time';
import { handoverSheet } from '../core/handover/sheet';
import { Engine } from '../core/ingest/engine';
import { chromiumPdfPrinter } from '../core/pdf';
import { printReport } from '../core/reports/print';
import { ReportTemplates } from '../core/reports/templates';
import { SettingsStore } from '../core/settings-store';
import { Store } from '../core/store/db';
import { policyFrom, required, time, UsageError } from './options';

export const HANDOVER_USAGE = `noc handover --db FILE --at TIME [--json] [--pdf OUT.pdf] [--note TEXT] [--operator NAME] [--locale zh-CN|en] [--shifts HH:MM,HH:MM] [--policy FILE]
  The shift handover sheet as it stood at TIME (RFC 3339, e.g. 2026-11-22T19:45:00+08:00):
  every running clock of every open group-tier and province-board ticket (and each fault
  report still owed), soonest due first; the shift's breaches; reports filed, queued and
  refused; checks with no reply; suspension requests without a decision; the alarms not
  acknowledged at TIME from the alarm log (the tickets' breaches, then the stale feeds, whose
  ticketId and clock are null). --json prints it, --pdf writes the A4 sheet (one of them is
  required). Shifts come from --shifts, else from settings.json beside the cache, else 08:00
  and 20:00 (Asia/Shanghai).`;

export interface HandoverArgs {
  db?: string;
  at?: string;
  json?: boolean;
  pdf?: string;
  note?: string;
  operator?: string;
  locale?: string;
  shifts?: string;
  policy?: string;
}

function shiftStarts(args: HandoverArgs, db: string): string[] {
  if (args.shifts !== undefined) {
    const starts = args.shifts.split(',').map((s) => s.trim());
    const bad = starts.find((s) => !SHIFT_START.test(s));
    if (bad !== undefined) throw new UsageError(`--shifts must be HH:MM times separated by commas, got ${bad}`);
    return starts;
  }
  const file = join(dirname(db), 'settings.json');
  return existsSync(file) ? new SettingsStore(file).get().shifts.starts : DEFAULT_SHIFTS.starts;
}

const iso = (ms: number | null) => (ms === null ? null : toShanghaiIso(ms));

/** The sheet in the JSON shape, times RFC 3339 +08:00. */
export function handoverJson(sheet: HandoverSheet): unknown {
  return {
    at: toShanghaiIso(sheet.at),
    shift: { from: toShanghaiIso(sheet.shift.from), to: toShanghaiIso(sheet.shift.to) },
    obligations: sheet.obligations.map((o) => ({ source: o.source, ticketId: o.ticketId, clock: o.clock, index: o.index, state: o.state, dueAt: iso(o.dueAt) })),
    breaches: sheet.breaches.map((b) => ({
      source: b.source,
      ticketId: b.ticketId,
      clock: b.clock,
      index: b.index,
      state: b.state,
      breachedAt: toShanghaiIso(b.breachedAt),
      stoppedAt: iso(b.stoppedAt),
    })),
    reports: { sent: sheet.reports.sent, queued: sheet.reports.queued, refused: sheet.reports.refused },
    unansweredChecks: sheet.unansweredChecks.map((c) => ({
      source: c.source,
      ticketId: c.ticketId,
      party: c.party,
      reportId: c.reportId,
      createdAt: toShanghaiIso(c.createdAt),
    })),
    pendingSuspensions: sheet.pendingSuspensions.map((s) => ({
      source: s.source,
      ticketId: s.ticketId,
      reportId: s.reportId,
      createdAt: toShanghaiIso(s.createdAt),
      state: s.state,
    })),
    // Null, not []: a sheet from before the alarm log would say "none" of something it did not track.
    unacknowledgedAlarms: sheet.alarms.tracked
      ? [
          ...sheet.alarms.unacknowledged.map((a) => ({ source: a.source, ticketId: a.ticketId, clock: a.clock, index: a.index, severity: a.severity, since: toShanghaiIso(a.since) })),
          ...sheet.alarms.feeds.map((f) => ({ source: f.source, ticketId: null, clock: null, feed: f.name, severity: f.severity, since: toShanghaiIso(f.since) })),
        ]
      : null,
    note: sheet.note,
  };
}

export async function handover(args: HandoverArgs, log: (line: string) => void): Promise<unknown> {
  const db = required(args.db, '--db');
  const at = time(required(args.at, '--at'), '--at');
  if (!args.json && args.pdf === undefined) throw new UsageError('--json or --pdf is required');
  const locale = args.locale ?? 'zh-CN';
  if (locale !== 'zh-CN' && locale !== 'en') throw new UsageError(`--locale must be zh-CN or en, got ${locale}`);
  const starts = shiftStarts(args, db);
  const store = Store.open(db, { readonly: true });
  try {
    const engine = await Engine.open(store, { policy: policyFrom(args.policy), now: () => at });
    const sheet = handoverSheet(engine, { at, shifts: { starts }, note: args.note ?? '' });
    if (args.pdf !== undefined) {
      const printer = chromiumPdfPrinter();
      try {
        const operator = args.operator ?? process.env.NOC_OPERATOR ?? '';
        const doc = buildHandoverDocument(sheet, new ReportTemplates().get(locale), { outgoing: { by: operator, at }, reason: null });
        writeFileSync(args.pdf, await printReport(printer, doc));
        log(`wrote ${args.pdf}: ${doc.name} ${doc.number}`);
      } finally {
        await printer.close();
      }
    }
    return args.json ? handoverJson(sheet) : undefined;
  } finally {
    await store.close();
  }
}

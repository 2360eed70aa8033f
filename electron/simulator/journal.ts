// What a simulated source keeps across its restarts to stay one stream. The
// generated events need no keeping (the same seed and epoch make them again, in
// the same order), but a source's own 1.1 events (echoes, claims, replies) and
// the reports it filed would be lost: the events after them would take their
// seqs, and a console resuming with its `since` would skip one generated event
// per lost one, while a retried report would be filed and echoed a second time.
// The journal keeps both, one JSON line per record; a restarted source puts the
// kept events back at their seqs and answers retries with their first receipt.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { streamEvent, upwardReport } from '../../shared/protocol';
import type { SourceRole } from './draft';
import type { FiledReport, WireEvent } from './server';

/** A source's own records from earlier runs, and where to keep new ones. */
export interface SourceMemory {
  /** Own events of earlier runs, in seq order. */
  readonly events: readonly WireEvent[];
  /** Reports filed in earlier runs, in filing order. */
  readonly reports: readonly FiledReport[];
  keepEvent(event: WireEvent): void;
  keepReport(record: FiledReport): void;
}

/** The stream a journal belongs to: another seed or epoch is another stream, and its journal starts afresh. */
export interface JournalIdentity {
  seed: number;
  epoch: number;
}

const FORMAT = 'noc-simulator-journal/1';

interface Line {
  role?: unknown;
  event?: unknown;
  report?: unknown;
}

function parseLine(text: string): Line | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Line) : null;
  } catch {
    // A line torn by a crash mid-write: what it held was never acknowledged to anyone.
    return null;
  }
}

function readJournal(file: string, identity: JournalIdentity): string[] | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const [header, ...lines] = text.split('\n');
  const head = parseLine(header ?? '') as (JournalIdentity & { format?: unknown }) | null;
  return head?.format === FORMAT && head.seed === identity.seed && head.epoch === identity.epoch ? lines : null;
}

/** Opens (or starts) the journal of a simulated province; each source keeps its records under its role. */
export function openJournal(file: string, identity: JournalIdentity): (role: SourceRole) => SourceMemory {
  const lines = readJournal(file, identity);
  if (lines === null) writeFileSync(file, `${JSON.stringify({ format: FORMAT, ...identity })}\n`);
  // After a torn last line, new records start on a line of their own.
  else if (lines.at(-1) !== '') appendFileSync(file, '\n');
  const events = new Map<string, Map<string, WireEvent>>();
  const reports = new Map<string, Map<string, FiledReport>>();
  const of = <T>(byRole: Map<string, Map<string, T>>, role: string) => byRole.get(role) ?? byRole.set(role, new Map()).get(role)!;
  for (const line of lines ?? []) {
    const record = parseLine(line);
    if (record === null || typeof record.role !== 'string') continue;
    const event = streamEvent.safeParse(record.event);
    // The same event kept again (renumbered) replaces its earlier line.
    if (event.success) of(events, record.role).set(event.data.id, record.event as WireEvent);
    const filed = record.report as FiledReport | undefined;
    if (typeof filed === 'object' && filed !== null && upwardReport.safeParse(filed.report).success && typeof filed.receipt === 'string') {
      of(reports, record.role).set(filed.report.id, filed);
    }
  }
  const keep = (role: SourceRole, field: 'event' | 'report', value: unknown) => appendFileSync(file, `${JSON.stringify({ role, [field]: value })}\n`);
  return (role) => ({
    events: [...of(events, role).values()].sort((a, b) => a.seq - b.seq),
    reports: [...of(reports, role).values()],
    keepEvent: (event) => keep(role, 'event', event),
    keepReport: (record) => keep(role, 'report', record),
  });
}

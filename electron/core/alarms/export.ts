// The alarm log as a file (.xlsx or .csv), in the exporting seat's language,
// with who exported it and when above the table.
import type { AlarmLogEntry, ReportLocale, SilenceLogEntry } from '../../../shared/contract';
import { STRINGS } from '../../../shared/i18n';
import { exportTable, type ExportedFile } from '../export/table-export';

export function exportAlarmLog(
  log: { alarms: AlarmLogEntry[]; silences: SilenceLogEntry[] },
  view: { format: 'csv' | 'xlsx'; operator: string; locale: ReportLocale; at: number },
): Promise<ExportedFile> {
  const strings = STRINGS[view.locale];
  const words = strings.alarm;
  const col = words.col;
  const about = strings.export.about;
  return exportTable({
    title: words.exportTitle,
    format: view.format,
    at: view.at,
    columns: [
      { id: 'raisedAt', header: col.raisedAt, kind: 'datetime' },
      { id: 'severity', header: col.severity },
      { id: 'cause', header: col.cause },
      { id: 'ticket', header: col.ticket },
      { id: 'customer', header: col.customer },
      { id: 'city', header: col.city },
      { id: 'clock', header: col.clock },
      { id: 'acknowledgedBy', header: col.acknowledgedBy },
      { id: 'acknowledgedAt', header: col.acknowledgedAt, kind: 'datetime' },
      { id: 'silenced', header: col.silenced },
      { id: 'clearedAt', header: col.clearedAt, kind: 'datetime' },
    ],
    rows: log.alarms.map((alarm) => [
      alarm.raisedAt,
      words.severity[alarm.severity],
      words.cause[alarm.cause],
      alarm.ticketId ?? alarm.source,
      alarm.customer,
      alarm.city,
      alarm.clock === null ? null : strings.code.clock[alarm.clock],
      alarm.acknowledged && (alarm.acknowledged.console ? `${alarm.acknowledged.by}（${alarm.acknowledged.console}）` : alarm.acknowledged.by),
      alarm.acknowledged?.at ?? null,
      alarm.silenced ? words.yes : '',
      alarm.clearedAt,
    ]),
    about: [
      { label: about.exportedAt, value: view.at, kind: 'datetime' },
      { label: about.exportedBy, value: view.operator.trim() || about.noOperator },
      { label: words.silencesTitle, value: log.silences.map((s) => `${s.by}: ${s.reason}`).join('; ') || '—' },
      { label: about.note, value: about.zone },
    ],
  });
}

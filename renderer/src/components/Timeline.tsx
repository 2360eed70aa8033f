import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../../shared/contract';
import { CENTERS, EVENT_TYPES, REPORT_KINDS, type Center, type EventType, type ReportKind } from '../../../shared/protocol';
import { formatDateTime } from '../format/time';

const isEventType = (type: string): type is EventType => (EVENT_TYPES as readonly string[]).includes(type);
const isReportKind = (type: string): type is ReportKind => (REPORT_KINDS as readonly string[]).includes(type);
// Summary keys main is known to send, named in the reader's language; others show as they come.
const fieldNames = { center: 1, handler: 1, channel: 1, note: 1, reason: 1, cause: 1, resolution: 1, by: 1, result: 1, satisfaction: 1, receipt: 1, approvedBy: 1 } as const;
const isCenter = (value: unknown): value is Center => (CENTERS as readonly unknown[]).includes(value);

/** Upstream events and reports sent, oldest first, as one story. */
export function Timeline({ entries }: { entries: readonly TimelineEntry[] }) {
  const { t } = useTranslation();
  const title = (entry: TimelineEntry) => {
    if (entry.kind === 'event' && isEventType(entry.type)) return t(`code.eventType.${entry.type}`);
    if (entry.kind === 'report' && isReportKind(entry.type)) return t(`code.reportKind.${entry.type}`);
    return entry.type;
  };
  const value = (key: string, raw: unknown) => {
    if (key === 'center' && isCenter(raw)) return t(`code.center.${raw}`);
    return typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
  };
  return (
    <ol className="timeline" data-testid="timeline">
      {entries.map((entry, index) => (
        <li
          key={`${entry.at}-${entry.seq ?? 'r'}-${index}`}
          className={`timeline__item timeline__item--${entry.kind}${entry.rejected ? ' timeline__item--rejected' : ''}`}
        >
          <time className="timeline__time">{formatDateTime(entry.at)}</time>
          <div className="timeline__body">
            <span className="timeline__kind">{t(entry.kind === 'event' ? 'detail.event' : 'detail.report')}</span>
            <strong>{title(entry)}</strong>
            {Object.entries(entry.summary).length > 0 && (
              <dl className="timeline__facts">
                {Object.entries(entry.summary).map(([key, raw]) => (
                  <div key={key}>
                    <dt>{key in fieldNames ? t(`detail.field.${key as keyof typeof fieldNames}`) : key}</dt>
                    <dd>{value(key, raw)}</dd>
                  </div>
                ))}
              </dl>
            )}
            {entry.rejected && <p className="text-breached">{t('detail.rejected', { reason: entry.rejected })}</p>}
          </div>
        </li>
      ))}
    </ol>
  );
}

import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../../shared/contract';
import { CENTERS, CHANNELS, CIRCUIT_LEVELS, CUSTOMER_TIERS, EVENT_TYPES, REPORT_KINDS, SERVICES, type EventType, type ReportKind } from '../../../shared/protocol';
import { formatDateTime } from '../format/time';

const isEventType = (type: string): type is EventType => (EVENT_TYPES as readonly string[]).includes(type);
const isReportKind = (type: string): type is ReportKind => (REPORT_KINDS as readonly string[]).includes(type);
const oneOf = <T extends string>(codes: readonly T[], value: unknown): value is T => (codes as readonly unknown[]).includes(value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : null);

/** Every field an upstream event or a sent report carries, in the order a reader wants them, named in the reader's language. */
const FIELD_ORDER = [
  'customer',
  'circuit',
  'service',
  'city',
  'district',
  'title',
  'description',
  'faultLevel',
  'channel',
  'accountManager',
  'center',
  'handler',
  'team',
  'result',
  'segment',
  'reason',
  'approvedBy',
  'cause',
  'resolution',
  'note',
  'by',
  'kind',
  'satisfaction',
  'receipt',
] as const;
type Field = (typeof FIELD_ORDER)[number];
const isField = (key: string): key is Field => (FIELD_ORDER as readonly string[]).includes(key);

/** One field's value in plain words: codes translated, nested objects as "name (detail)". */
function fieldValue(t: TFunction, key: Field, raw: unknown): string | null {
  switch (key) {
    case 'customer':
      return isRecord(raw) ? [text(raw.name), oneOf(CUSTOMER_TIERS, raw.tier) ? t(`code.tier.${raw.tier}`) : null].filter(Boolean).join(' · ') : text(raw);
    case 'circuit':
      return isRecord(raw) ? [text(raw.id), oneOf(CIRCUIT_LEVELS, raw.level) ? t(`code.circuitLevel.${raw.level}`) : null].filter(Boolean).join(' · ') : text(raw);
    case 'accountManager':
      return isRecord(raw) ? [text(raw.name), text(raw.phone)].filter(Boolean).join(' · ') : text(raw);
    case 'service':
      return oneOf(SERVICES, raw) ? t(`code.service.${raw}`) : text(raw);
    case 'center':
      return oneOf(CENTERS, raw) ? t(`code.center.${raw}`) : text(raw);
    case 'channel':
      return oneOf(CHANNELS, raw) ? t(`code.channel.${raw}`) : text(raw);
    case 'faultLevel':
      return typeof raw === 'number' ? t('detail.faultLevel', { level: raw }) : text(raw);
    case 'result':
      return raw === 'resolved' || raw === 'failed' ? t(`code.preprocessResult.${raw}`) : text(raw);
    case 'approvedBy':
      return raw === 'group' || raw === 'province' ? t(`code.approvedBy.${raw}`) : text(raw);
    case 'satisfaction':
      return raw === 'satisfied' || raw === 'neutral' || raw === 'dissatisfied' ? t(`code.satisfaction.${raw}`) : text(raw);
    case 'kind':
      return typeof raw === 'string' && isReportKind(raw) ? t(`code.reportKind.${raw}`) : text(raw);
    default:
      return text(raw);
  }
}

/** The fields of an entry as label and value; unknown fields keep their own name, never raw JSON. */
function fields(t: TFunction, summary: Record<string, unknown>): [string, string][] {
  const known = FIELD_ORDER.filter((key) => key in summary)
    .map((key): [string, string | null] => [t(`detail.field.${key}`), fieldValue(t, key, summary[key])])
    .filter((pair): pair is [string, string] => pair[1] !== null && pair[1] !== '');
  const others = Object.entries(summary)
    .filter(([key, raw]) => !isField(key) && raw !== null && raw !== undefined && raw !== '')
    .map(([key, raw]): [string, string] => [key, isRecord(raw) ? Object.values(raw).map(String).join(' · ') : String(raw)]);
  return [...known, ...others];
}

/** Upstream events and reports sent, oldest first, as one story. */
export function Timeline({ entries }: { entries: readonly TimelineEntry[] }) {
  const { t } = useTranslation();
  const title = (entry: TimelineEntry) => {
    if (entry.kind === 'event' && isEventType(entry.type)) return t(`code.eventType.${entry.type}`);
    if (entry.kind === 'report' && isReportKind(entry.type)) return t(`code.reportKind.${entry.type}`);
    return entry.type;
  };
  return (
    <ol className="timeline" data-testid="timeline">
      {entries.map((entry, index) => {
        const facts = fields(t, entry.summary);
        return (
          <li
            key={`${entry.at}-${entry.seq ?? 'r'}-${index}`}
            className={`timeline__item timeline__item--${entry.kind}${entry.rejected ? ' timeline__item--rejected' : ''}`}
          >
            <time className="timeline__time">{formatDateTime(entry.at)}</time>
            <div className="timeline__body">
              <span className="timeline__kind">{t(entry.kind === 'event' ? 'detail.event' : 'detail.report')}</span>
              <strong>{title(entry)}</strong>
              {facts.length > 0 && (
                <dl className="timeline__facts">
                  {facts.map(([label, value]) => (
                    <div key={label}>
                      <dt>{label}</dt>
                      <dd>{value}</dd>
                    </div>
                  ))}
                </dl>
              )}
              {entry.rejected && <p className="text-breached">{t('detail.rejected', { reason: entry.rejected })}</p>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

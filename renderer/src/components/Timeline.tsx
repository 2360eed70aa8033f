import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../../shared/contract';
import {
  CENTERS,
  CHANNELS,
  CIRCUIT_LEVELS,
  CUSTOMER_TIERS,
  EVENT_TYPES,
  REPLY_STATUSES,
  REPORT_KINDS,
  SERVICES,
  SUPERVISION_EVENT_TYPES,
  UPWARD_REPORT_AUDIENCES,
  type EventType,
  type ReportKind,
  type SupervisionEventType,
} from '../../../shared/protocol';
import { formatDateTime } from '../format/time';

const isEventType = (type: string): type is EventType | SupervisionEventType => (EVENT_TYPES as readonly string[]).includes(type) || (SUPERVISION_EVENT_TYPES as readonly string[]).includes(type);
const isReportKind = (type: string): type is ReportKind => (REPORT_KINDS as readonly string[]).includes(type);
const oneOf = <T extends string>(codes: readonly T[], value: unknown): value is T => (codes as readonly unknown[]).includes(value);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : null);

const joined = (...parts: (string | null)[]) => parts.filter(Boolean).join(' · ');
/** An RFC 3339 instant of the wire in Shanghai time, as every time on the desk. */
const instant = (raw: unknown) => (typeof raw === 'string' && !Number.isNaN(Date.parse(raw)) ? formatDateTime(Date.parse(raw)) : text(raw));

/** How a field reads in plain words: codes translated, nested objects as "name · detail"; null leaves it out. */
type FieldWords = (t: TFunction, raw: unknown) => string | null;
const plain: FieldWords = (_t, raw) => text(raw);

/**
 * Every field an upstream event or a sent report carries, in the order a
 * reader wants them, each with how it reads (its label is detail.field.<name>
 * in shared/i18n). An event type of a new protocol version shows its fields
 * once they have a line here; until then they keep their own name, never raw JSON.
 */
const FIELDS = {
  customer: (t, raw) => (isRecord(raw) ? joined(text(raw.name), oneOf(CUSTOMER_TIERS, raw.tier) ? t(`code.tier.${raw.tier}`) : null) : text(raw)),
  circuit: (t, raw) => (isRecord(raw) ? joined(text(raw.id), oneOf(CIRCUIT_LEVELS, raw.level) ? t(`code.circuitLevel.${raw.level}`) : null) : text(raw)),
  service: (t, raw) => (oneOf(SERVICES, raw) ? t(`code.service.${raw}`) : text(raw)),
  city: plain,
  district: plain,
  title: plain,
  description: plain,
  faultLevel: (t, raw) => (typeof raw === 'number' ? t('detail.faultLevel', { level: raw }) : text(raw)),
  channel: (t, raw) => (oneOf(CHANNELS, raw) ? t(`code.channel.${raw}`) : text(raw)),
  accountManager: (_t, raw) => (isRecord(raw) ? joined(text(raw.name), text(raw.phone)) : text(raw)),
  center: (t, raw) => (oneOf(CENTERS, raw) ? t(`code.center.${raw}`) : text(raw)),
  handler: plain,
  team: plain,
  result: (t, raw) => (raw === 'resolved' || raw === 'failed' ? t(`code.preprocessResult.${raw}`) : text(raw)),
  segment: plain,
  reason: plain,
  approvedBy: (t, raw) => (raw === 'group' || raw === 'province' ? t(`code.approvedBy.${raw}`) : text(raw)),
  cause: plain,
  resolution: plain,
  note: plain,
  by: plain,
  kind: (t, raw) => (typeof raw === 'string' && isReportKind(raw) ? t(`code.reportKind.${raw}`) : text(raw)),
  satisfaction: (t, raw) => (raw === 'satisfied' || raw === 'neutral' || raw === 'dissatisfied' ? t(`code.satisfaction.${raw}`) : text(raw)),
  receipt: plain,
  // Protocol 1.1: the echo of a report, a reply, a claim.
  reportId: plain,
  audience: (t, raw) => (oneOf(UPWARD_REPORT_AUDIENCES, raw) ? t(`code.audience.${raw}`) : text(raw)),
  operator: (_t, raw) => (isRecord(raw) ? joined(text(raw.name), text(raw.console)) : text(raw)),
  createdAt: (_t, raw) => instant(raw),
  status: (t, raw) => (oneOf(REPLY_STATUSES, raw) ? t(`code.replyStatus.${raw}`) : text(raw)),
  cycle: (_t, raw) => instant(raw),
  expiresAt: (_t, raw) => instant(raw),
} satisfies Record<string, FieldWords>;
type Field = keyof typeof FIELDS;
const FIELD_ORDER = Object.keys(FIELDS) as Field[];
const isField = (key: string): key is Field => Object.prototype.hasOwnProperty.call(FIELDS, key);

/** The fields of an entry as label and value; unknown fields keep their own name, never raw JSON. */
function fields(t: TFunction, type: string, summary: Record<string, unknown>): [string, string][] {
  // A report's echo carries the report's title, not the fault's symptom.
  const label = (key: Field) => t(type === 'reported' && key === 'title' ? 'detail.field.reportTitle' : `detail.field.${key}`);
  const known = FIELD_ORDER.filter((key) => key in summary)
    .map((key): [string, string | null] => [label(key), FIELDS[key](t, summary[key])])
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
        const facts = fields(t, entry.type, entry.summary);
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

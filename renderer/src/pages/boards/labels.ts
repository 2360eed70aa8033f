import type { TFunction } from 'i18next';
import type { BoardRow, RiskDto } from '../../../../shared/contract';
import { percent, riskBasisWords } from '../../components/risk/words';
import { CLOCK_NAMES, CLOCK_STATES, type ClockName, type ClockState } from '../../../../shared/domain/types';
import { UPWARD_REPORT_KINDS, type UpwardReportKind } from '../../../../shared/protocol/codes';
import { formatDuration, type DurationUnit } from '../../format/time';

type ApprovedBy = NonNullable<BoardRow['suspension']>['approvedBy'];

/** The words the board's cells draw, in one language. */
export interface BoardLabels {
  clock: Record<ClockName, string>;
  clockShort: Record<ClockName, string>;
  clockState: Record<ClockState, string>;
  reportKind: Record<UpwardReportKind, string>;
  suspendedEvent: string;
  noDeadline: string;
  incomplete: string;
  quickSend: string;
  sending: string;
  listSeparator: string;
  overdue(time: string): string;
  reportDue(kind: string, time: string): string;
  reportOverdue(kind: string, time: string): string;
  suspended(reason: string, approvedBy: ApprovedBy): string;
  quickSendTitle(kind: string): string;
  sendFailed(message: string): string;
  duration(ms: number): string;
  riskLikely: string;
  riskNoBasis: string;
  /** The risk cell's title: the probability of which clock, and what it rests on. */
  riskTitle(risk: RiskDto): string;
}

// Placeholders are filled with markers once; every later call splices values
// between the literal parts. Cells redraw on every scroll step, and i18next's
// lookup + interpolation per call was a large share of a scroll frame.
const MARK = '\u0000';

function template<K extends string>(names: readonly K[], resolve: (values: Record<K, string>) => string): (values: Record<K, string>) => string {
  const markers = Object.fromEntries(names.map((name) => [name, `${MARK}${name}${MARK}`])) as Record<K, string>;
  // Literal parts at even indices, placeholder names at odd ones.
  const parts = resolve(markers).split(MARK);
  return (values) => {
    let text = parts[0]!;
    for (let i = 1; i < parts.length; i += 2) text += values[parts[i] as K] + parts[i + 1]!;
    return text;
  };
}

const words = <K extends string>(keys: readonly K[], word: (key: K) => string) =>
  Object.fromEntries(keys.map((key) => [key, word(key)])) as Record<K, string>;

/**
 * Every word the board's cells use, resolved through i18next from shared/i18n
 * for `t`'s language. Built with the columns, so a language switch rebuilds it.
 */
export function boardLabels(t: TFunction): BoardLabels {
  const overdue = template(['time'], (v) => t('board.overdue', v));
  const reportDue = template(['kind', 'time'], (v) => t('board.reportDue', v));
  const reportOverdue = template(['kind', 'time'], (v) => t('board.reportOverdue', v));
  const suspended = template(['reason'], (v) => t('board.suspended', v));
  const suspendedBy = words(['group', 'province'] as const, (by) => t('board.suspendedBy', { by: t(`code.approvedBy.${by}`) }));
  const quickSendTitle = template(['kind'], (v) => t('outbox.quickSendTitle', v));
  const sendFailed = template(['message'], (v) => t('outbox.failed', v));
  const days = template(['d'], (v) => t('duration.days', v));
  const hours = template(['h'], (v) => t('duration.hours', v));
  const minutes = template(['m'], (v) => t('duration.minutes', v));
  const seconds = template(['s'], (v) => t('duration.seconds', v));
  const units: Record<DurationUnit, (value: string) => string> = {
    d: (d) => days({ d }),
    h: (h) => hours({ h }),
    m: (m) => minutes({ m }),
    s: (s) => seconds({ s }),
  };
  return {
    clock: words(CLOCK_NAMES, (name) => t(`code.clock.${name}`)),
    clockShort: words(CLOCK_NAMES, (name) => t(`code.clockShort.${name}`)),
    clockState: words(CLOCK_STATES, (state) => t(`code.clockState.${state}`)),
    reportKind: words(UPWARD_REPORT_KINDS, (kind) => t(`code.reportKind.${kind}`)),
    suspendedEvent: t('code.eventType.suspended'),
    noDeadline: t('board.noDeadline'),
    incomplete: t('board.incomplete'),
    quickSend: t('outbox.quickSend'),
    sending: t('outbox.sending'),
    listSeparator: t('common.listSeparator'),
    overdue: (time) => overdue({ time }),
    reportDue: (kind, time) => reportDue({ kind, time }),
    reportOverdue: (kind, time) => reportOverdue({ kind, time }),
    suspended: (reason, approvedBy) => suspended({ reason }) + suspendedBy[approvedBy],
    quickSendTitle: (kind) => quickSendTitle({ kind }),
    sendFailed: (message) => sendFailed({ message }),
    duration: (ms) => formatDuration(ms, (unit, value) => units[unit](String(value))),
    riskLikely: t('risk.likelyShort'),
    riskNoBasis: t('risk.noBasis'),
    riskTitle: (risk) =>
      risk.probability === null
        ? riskBasisWords(risk, t)
        : t('risk.cellTitle', { clock: t(`code.clock.${risk.clock}`), p: percent(risk.probability), basis: riskBasisWords(risk, t) }),
  };
}

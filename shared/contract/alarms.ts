// Alarms (告警): what sounds now, the operator owning one (认领, echoed by the
// source to every console), a console silenced for a while with a reason, and
// the alarm log kept in the cache.
import { z } from 'zod';
import { ALARM_CAUSES, ALARM_SEVERITIES } from '../alarms/policy';
import { CLOCK_NAMES } from '../domain/types';
import { request } from './define';
import { boardLevel, epochMs } from './common';
import { reporter, reportEntry, reportLocale } from './reports';

const who = z.object({ by: z.string(), console: z.string().nullable(), at: epochMs });

export const alarmDto = z.object({
  id: z.string(),
  cause: z.enum(ALARM_CAUSES),
  severity: z.enum(ALARM_SEVERITIES),
  source: z.string(),
  /** The board row's key; null for a feed. */
  key: z.string().nullable(),
  ticketId: z.string().nullable(),
  city: z.string().nullable(),
  /** The customer, or the feed's name for a stale feed. */
  customer: z.string().nullable(),
  boards: z.array(boardLevel),
  clock: z.enum(CLOCK_NAMES).nullable(),
  index: z.number().int().min(0),
  since: epochMs,
  dueAt: epochMs.nullable(),
  /** Between two soundings until acknowledged; null sounds once. */
  repeatMs: z.number().int().positive().nullable(),
  acknowledged: who.nullable(),
});
export type AlarmDto = z.infer<typeof alarmDto>;

export const alarmSilence = z.object({ by: z.string(), console: z.string(), reason: z.string(), from: epochMs, until: epochMs });
export type AlarmSilence = z.infer<typeof alarmSilence>;

/** What every screen of this console shows and sounds from. */
export const alarmState = z.object({
  at: epochMs,
  /** Active alarms (acknowledged ones included), most pressing first. */
  alarms: z.array(alarmDto),
  /** This console is silenced until `until`. */
  silence: alarmSilence.nullable(),
});
export type AlarmState = z.infer<typeof alarmState>;

/** A place in the screens' order of the alarms (shared/alarms compareAlarms): a page of them starts just after it. */
export const alarmCursor = z.object({ acknowledged: z.boolean(), severity: z.enum(ALARM_SEVERITIES), since: epochMs, id: z.string() });
export type AlarmCursor = z.infer<typeof alarmCursor>;

/** A stretch of the whole state in the screens' order; `next`, its last alarm's place, when more follow. */
export const alarmPage = alarmState.extend({ next: alarmCursor.nullable() });
export type AlarmPage = z.infer<typeof alarmPage>;

export const MAX_ALARM_PAGE = 5000;

/**
 * What changed since the last push: with ten thousand breached tickets the
 * whole state is tens of thousands of alarms (17 MB of JSON measured), so the
 * screens fetch it once (`alarm:list`, in pages) and then hear only changes.
 */
export const alarmDelta = z.object({
  at: epochMs,
  /** Alarms raised, or changed (acknowledged, re-timed), since the last push. */
  changed: z.array(alarmDto),
  /** Ids of alarms cleared since the last push. */
  removed: z.array(z.string()),
  silence: alarmSilence.nullable(),
});
export type AlarmDelta = z.infer<typeof alarmDelta>;

/** One alarm as the log keeps it: raised, acknowledged by whom and when, silenced, cleared. */
export const alarmLogEntry = alarmDto.pick({ id: true, cause: true, severity: true, source: true, ticketId: true, city: true, customer: true, clock: true, index: true, acknowledged: true }).extend({
  raisedAt: epochMs,
  /** Raised while this console was silenced (it did not sound here). */
  silenced: z.boolean(),
  clearedAt: epochMs.nullable(),
});
export type AlarmLogEntry = z.infer<typeof alarmLogEntry>;

export const silenceLogEntry = alarmSilence.extend({ id: z.number().int(), endedAt: epochMs.nullable(), endedBy: z.string().nullable() });
export type SilenceLogEntry = z.infer<typeof silenceLogEntry>;

const period = z.object({ from: epochMs.optional(), to: epochMs.optional() });

export const MAX_SILENCE_MINUTES = 60;

export const alarmRequests = {
  /**
   * The whole state, or with `first` a page of it, most pressing first: the
   * screens take it in pages as they take the boards, since with ten thousand
   * breached tickets it is 45,000 alarms (18 MB of JSON), which held a page's
   * thread 2.5 s in one message (bench/coldstart.ts).
   */
  'alarm:list': request(z.object({ after: alarmCursor.optional(), first: z.number().int().min(1).max(MAX_ALARM_PAGE).optional() }), alarmPage),
  /** 认领: sent upstream as an `acknowledge` report; every console learns it from the echo. A feed's alarm is owned on this console only. */
  'alarm:acknowledge': request(reporter.extend({ id: z.string().min(1) }), z.object({ report: reportEntry.nullable() })),
  /** Silences this console (every screen of it) for at most an hour, with a reason; `minutes: 0` ends the silence. */
  /** Answers the silence now (null once ended); every screen hears it in the next `alarm:changed`. */
  'alarm:silence': request(
    z.object({ operator: z.string().trim().min(1).max(64), minutes: z.number().int().min(0).max(MAX_SILENCE_MINUTES), reason: z.string().trim().max(500) }),
    alarmSilence.nullable(),
  ),
  'alarm:log': request(
    period.extend({ limit: z.number().int().min(1).max(5000).default(500) }),
    z.object({ alarms: z.array(alarmLogEntry), silences: z.array(silenceLogEntry) }),
  ),
  'alarm:export': request(
    period.extend({ format: z.enum(['csv', 'xlsx']), operator: z.string().max(64), locale: reportLocale }),
    z.object({ fileName: z.string(), mime: z.string(), base64: z.string() }),
  ),
};

export const alarmPushes = {
  'alarm:changed': alarmDelta,
};

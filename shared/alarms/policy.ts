// Alarm defaults as policy data (domain.md, "Alarms"): which condition sounds
// at which severity, and how often each severity repeats until acknowledged.
import { z } from 'zod';

export const ALARM_SEVERITIES = ['critical', 'major', 'minor'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

/** What raises an alarm: a group-tier clock breached, a province-board clock breached, a cadence report due soon and unclaimed, a feed gone quiet. */
export const ALARM_CAUSES = ['groupBreach', 'provinceBreach', 'cadenceDue', 'feedStale'] as const;
export type AlarmCause = (typeof ALARM_CAUSES)[number];

const severity = z.enum(ALARM_SEVERITIES);
const sound = z.strictObject({
  repeatSeconds: z
    .number()
    .int()
    .min(1)
    .max(3600)
    .nullable()
    .describe('Seconds between two soundings until the alarm is acknowledged or clears; null sounds once.'),
});

export const DEFAULT_ALARM_POLICY = {
  causes: { groupBreach: 'critical', provinceBreach: 'major', cadenceDue: 'minor', feedStale: 'major' },
  sounds: { critical: { repeatSeconds: 30 }, major: { repeatSeconds: 60 }, minor: { repeatSeconds: null } },
  cadenceDueWithinMinutes: 5,
  feedStaleAfterSeconds: 30,
} as const satisfies AlarmPolicyInput;

type AlarmPolicyInput = {
  causes: Record<AlarmCause, AlarmSeverity>;
  sounds: Record<AlarmSeverity, { repeatSeconds: number | null }>;
  cadenceDueWithinMinutes: number;
  feedStaleAfterSeconds: number;
};

export const alarmPolicySchema = z
  .strictObject({
    causes: z
      .strictObject({ groupBreach: severity, provinceBreach: severity, cadenceDue: severity, feedStale: severity })
      .describe('The severity of each cause of an alarm.'),
    sounds: z.strictObject({ critical: sound, major: sound, minor: sound }),
    cadenceDueWithinMinutes: z
      .number()
      .positive()
      .max(60)
      .describe('A cadence report (progress, stage feedback, check) due within this many minutes and not claimed by a console alarms.'),
    feedStaleAfterSeconds: z.number().int().min(5).max(3600).describe('A feed with no event or heartbeat for this long alarms as stale.'),
  })
  .describe('Alarms: severities, repetition until acknowledged (认领), thresholds.');
export type AlarmPolicy = z.infer<typeof alarmPolicySchema>;

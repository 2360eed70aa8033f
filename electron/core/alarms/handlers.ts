import type { Handlers } from '../dispatch';
import type { AlarmService } from './service';
import { exportAlarmLog } from './export';

export type AlarmChannels = 'alarm:list' | 'alarm:acknowledge' | 'alarm:silence' | 'alarm:log' | 'alarm:export';

/** The alarm channels of the contract, served by one AlarmService. */
export function alarmHandlers(deps: { alarms: AlarmService; now(): number }): Pick<Handlers, AlarmChannels> {
  const { alarms, now } = deps;
  const period = (from: number | undefined, to: number | undefined) => ({ from: from ?? 0, to: to ?? now() });
  return {
    // The whole state (or a page of it) once every open ticket's alarms are derived: the screens then fold in the deltas.
    'alarm:list': async ({ after, first }) => {
      await alarms.derived();
      return alarms.page(after ?? null, first);
    },
    'alarm:acknowledge': ({ id, operator, locale }) => alarms.acknowledge(id, { operator, locale }),
    'alarm:silence': ({ operator, minutes, reason }) => alarms.silenceFor(operator, minutes, reason),
    'alarm:log': ({ from, to, limit }) => {
      const { from: start, to: end } = period(from, to);
      return alarms.log(start, end, limit);
    },
    'alarm:export': ({ from, to, format, operator, locale }) => {
      const { from: start, to: end } = period(from, to);
      return exportAlarmLog(alarms.log(start, end, 5000), { format, operator, locale, at: now() });
    },
  };
}

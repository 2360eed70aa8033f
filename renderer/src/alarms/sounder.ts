// When a screen sounds: at once for an alarm it has not sounded for yet, then
// again every `repeatMs` of the worst alarm still unacknowledged, never while
// the console is silenced, and only for what the screen shows. A pure
// decision over the alarms, the time and what was played; the caller plays.
import { isAudible, loudest, type SoundingAlarm } from '../../../shared/alarms';
import type { AlarmSeverity } from '../../../shared/alarms';

export interface SoundMemory {
  /** Alarms this screen has sounded for (or raised while it was silenced). */
  heard: Set<string>;
  lastPlayedAt: number | null;
}

type Sounding = SoundingAlarm & { id: string; repeatMs: number | null };

/** The severity to play now, if any; records what it decided in `memory`. */
export function nextSound(
  alarms: readonly Sounding[],
  shows: (key: string) => boolean,
  silenced: boolean,
  now: number,
  memory: SoundMemory,
): AlarmSeverity | null {
  const audible = alarms.filter((alarm) => isAudible(alarm, shows));
  if (silenced) {
    // What was raised during the silence is not sounded when it ends; what is still unacknowledged repeats then.
    for (const alarm of audible) memory.heard.add(alarm.id);
    return null;
  }
  const fresh = audible.filter((alarm) => !memory.heard.has(alarm.id));
  const newest = loudest(fresh, () => true);
  if (newest) {
    for (const alarm of fresh) memory.heard.add(alarm.id);
    memory.lastPlayedAt = now;
    return newest.severity;
  }
  const worst = loudest(audible, () => true);
  if (!worst || worst.repeatMs === null) return null;
  if (memory.lastPlayedAt !== null && now - memory.lastPlayedAt < worst.repeatMs) return null;
  memory.lastPlayedAt = now;
  return worst.severity;
}

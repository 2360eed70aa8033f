// When a screen sounds: at once for an alarm it has not sounded for yet, then
// again every `repeatMs` of the worst alarm still unacknowledged, never while
// the console is silenced, and only for what the screen shows. A pure
// decision over the alarms, the time and what was played; the caller plays.
import { SEVERITY_RANK, type AlarmSeverity, type SoundingAlarm } from '../../../shared/alarms';

export interface SoundMemory {
  /** Alarms this screen has sounded for (or raised while it was silenced). */
  heard: Set<string>;
  lastPlayedAt: number | null;
  /** The list last looked through and its worst alarm: the second's tick asks again about the same list. */
  scanned?: { audible: readonly unknown[]; worst: Sounding | null };
}

type Sounding = SoundingAlarm & { id: string; repeatMs: number | null };

/**
 * The severity to play now, if any; records what it decided in `memory`.
 * `audible` are the alarms the screen shows that nobody acknowledged (./view's
 * `open`). One pass and no copies: it runs every second over tens of thousands.
 */
export function nextSound(audible: readonly Sounding[], silenced: boolean, now: number, memory: SoundMemory): AlarmSeverity | null {
  let newest: Sounding | null = null;
  let worst: Sounding | null;
  if (memory.scanned?.audible === audible) {
    // Every alarm of this list is heard already (the look below marks them, silenced or not).
    worst = memory.scanned.worst;
  } else {
    worst = null;
    for (const alarm of audible) {
      if (alarm.acknowledged !== null) continue;
      // What was raised during the silence is not sounded when it ends; what is still unacknowledged repeats then.
      if (!memory.heard.has(alarm.id)) {
        memory.heard.add(alarm.id);
        if (!silenced && (newest === null || SEVERITY_RANK[alarm.severity] < SEVERITY_RANK[newest.severity])) newest = alarm;
      }
      if (worst === null || SEVERITY_RANK[alarm.severity] < SEVERITY_RANK[worst.severity]) worst = alarm;
    }
    memory.scanned = { audible, worst };
  }
  if (silenced) return null;
  if (newest) {
    memory.lastPlayedAt = now;
    return newest.severity;
  }
  if (!worst || worst.repeatMs === null) return null;
  if (memory.lastPlayedAt !== null && now - memory.lastPlayedAt < worst.repeatMs) return null;
  memory.lastPlayedAt = now;
  return worst.severity;
}

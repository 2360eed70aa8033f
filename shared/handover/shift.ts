// Shifts (交接班): the day cut at fixed Asia/Shanghai times, 08:00 and 20:00
// unless the settings say otherwise. Pure, so the core's sheet and the
// renderer's reminder agree on when a shift starts and ends.
import { SHANGHAI_OFFSET_MS } from '../time';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** "HH:MM" in Asia/Shanghai. */
export const SHIFT_START = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface ShiftSettings {
  /** When each shift starts, "HH:MM" Asia/Shanghai; each ends when the next starts. */
  starts: string[];
  /** How long before the change the console reminds the duty lead. */
  reminderMinutes: number;
}

export const DEFAULT_SHIFTS: ShiftSettings = { starts: ['08:00', '20:00'], reminderMinutes: 30 };

export interface Shift {
  from: number;
  to: number;
}

/** Minutes after Shanghai midnight of each start, sorted, without repeats. */
function startMinutes(starts: readonly string[]): number[] {
  const minutes = starts.map((start) => {
    const match = SHIFT_START.exec(start);
    if (!match) throw new Error(`shift start must be HH:MM, got ${JSON.stringify(start)}`);
    return Number(match[1]) * 60 + Number(match[2]);
  });
  const sorted = [...new Set(minutes)].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('no shift start');
  return sorted;
}

/** The shift `at` falls in: [from, to), from the latest start at or before it to the next start. */
export function shiftAt(at: number, settings: Pick<ShiftSettings, 'starts'>): Shift {
  const minutes = startMinutes(settings.starts);
  const midnight = Math.floor((at + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
  // Yesterday's last start, today's starts and tomorrow's first: `at` lies between two of them.
  const instants = [
    midnight - DAY_MS + minutes[minutes.length - 1]! * MINUTE_MS,
    ...minutes.map((m) => midnight + m * MINUTE_MS),
    midnight + DAY_MS + minutes[0]! * MINUTE_MS,
  ];
  let i = instants.length - 2;
  while (instants[i]! > at) i -= 1;
  return { from: instants[i]!, to: instants[i + 1]! };
}

/** When the console reminds the outgoing lead of the coming change (the shift's end less the reminder). */
export function reminderAt(shift: Shift, settings: Pick<ShiftSettings, 'reminderMinutes'>): number {
  return shift.to - settings.reminderMinutes * MINUTE_MS;
}

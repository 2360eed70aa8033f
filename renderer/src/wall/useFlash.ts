import { useEffect, useRef, useState } from 'react';
import type { BoardRow } from '../../../shared/contract';
import { WorseningTracker } from '../store/worsening';

const NONE: ReadonlySet<string> = new Set();
/** A flash lasts one CSS animation (wall.css, 1.6 s); the class stays two ticks so it plays once. */
const FLASH_MS = 2000;

/**
 * Keys of the rows that just got worse (a delta or a deadline passing), the
 * wall's one short flash, as on the desk's grid. Rows seen for the first time
 * (a page turn shows a board afresh) do not flash.
 */
export function useFlash(rows: readonly BoardRow[], now: number): ReadonlySet<string> {
  const tracker = useRef(new WorseningTracker());
  const observed = useRef<readonly BoardRow[] | null>(null);
  const [flash, setFlash] = useState<{ keys: ReadonlySet<string>; until: number }>({ keys: NONE, until: 0 });
  useEffect(() => {
    // A new list is looked at whole; time alone, each second, only at the rows queued for it
    // (observeTime): walking a board's 10,000 rows every second cost the wall 13 ms a second (trace).
    const worse = observed.current === rows ? tracker.current.observeTime(now) : tracker.current.observe(rows, now);
    observed.current = rows;
    if (worse.length > 0) setFlash({ keys: new Set(worse), until: now + FLASH_MS });
  }, [rows, now]);
  return flash.until > now ? flash.keys : NONE;
}

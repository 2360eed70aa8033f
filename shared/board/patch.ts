import { clockDto, type BoardRow, type BoardRowPatch, type ClockDto } from '../contract';

// A board delta carries a ticket's row whole once, then only what changed in it
// (`BoardRowPatch`): the core diffs each new row against the one it last sent,
// the renderer lays the change over the row it holds. Both sides use these.

type Json = string | number | boolean | null | readonly Json[] | { readonly [field: string]: Json };

/** Deep equality of JSON values (a row's fields are nothing else). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!same(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, Json>;
  const y = b as Record<string, Json>;
  const fields = Object.keys(x);
  if (fields.length !== Object.keys(y).length) return false;
  for (const field of fields) if (!(field in y) || !same(x[field], y[field])) return false;
  return true;
}

/** The fields of `next` that differ from `base`'s. */
function changed<T extends object>(base: T, next: T, skip?: keyof T): Partial<T> {
  const out: Partial<T> = {};
  for (const field of Object.keys(next) as (keyof T)[]) {
    if (field !== skip && !same(base[field], next[field])) out[field] = next[field];
  }
  return out;
}

/** Every field of a clock: a clock a patch appends comes with all of them. */
const CLOCK_FIELDS = Object.keys(clockDto.shape) as (keyof ClockDto)[];

/**
 * What changed from `base` to `next` (the same ticket's row), as a patch; null
 * when `next` must go whole: it has fewer clocks than base. Clocks line up by
 * position: each of base's by the fields that changed, any after them (a new
 * accept cycle, the next progress report) whole. A ticket's row gained a clock
 * with about one event in seven of the screen bench and went whole each time
 * (5.8 kB, against some 0.7 kB a patch). A patch with nothing but the key means
 * nothing changed.
 */
export function rowPatch(base: BoardRow, next: BoardRow): BoardRowPatch | null {
  if (next.clocks.length < base.clocks.length) return null;
  const patch: BoardRowPatch = { ...changed(base, next, 'clocks'), key: next.key };
  let clocksChanged = next.clocks.length > base.clocks.length;
  const clocks = next.clocks.map((clock, index) => {
    if (index >= base.clocks.length) return clock;
    const part = changed<ClockDto>(base.clocks[index]!, clock);
    if (Object.keys(part).length > 0) clocksChanged = true;
    return part;
  });
  if (clocksChanged) patch.clocks = clocks;
  return patch;
}

/** Whether a patch changes nothing. */
export function isEmptyPatch(patch: BoardRowPatch): boolean {
  for (const field in patch) if (field !== 'key') return false;
  return true;
}

/** `base` with `patch`'s fields laid over it (a later patch over an earlier one, too); null when their clocks do not line up. */
export function patchedRow<R extends BoardRowPatch>(base: R, patch: BoardRowPatch): R | null {
  const { clocks, ...fields } = patch;
  const row = { ...base } as Record<string, unknown>;
  for (const [field, value] of Object.entries(fields)) if (value !== undefined) row[field] = value;
  if (clocks !== undefined) {
    if (base.clocks === undefined) row.clocks = clocks;
    else {
      const held = base.clocks;
      // Fewer clocks than held, or one past them that is not whole: the patch was made against another row.
      if (clocks.length < held.length) return null;
      for (let index = held.length; index < clocks.length; index += 1) {
        if (!CLOCK_FIELDS.every((field) => field in clocks[index]!)) return null;
      }
      row.clocks = clocks.map((clock, index) => (index < held.length ? { ...held[index], ...clock } : clock));
    }
  }
  return row as R;
}

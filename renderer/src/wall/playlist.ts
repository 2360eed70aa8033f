import type { BoardRow, Settings } from '../../../shared/contract';
import { compareUrgency, isBreached } from '../../../shared/board/urgency';

export type PlaylistItem = Settings['wall']['playlist'][number];

/** Each display of a multi-screen wall starts its playlist `offset` pages later. */
export function rotatePlaylist(playlist: readonly PlaylistItem[], offset: number): PlaylistItem[] {
  if (playlist.length === 0) return [];
  const shift = ((Math.trunc(offset) % playlist.length) + playlist.length) % playlist.length;
  return [...playlist.slice(shift), ...playlist.slice(0, shift)];
}

/** The group board holds the wall longer while it shows a breach. */
export function dwellSeconds(item: PlaylistItem, groupHasBreach: boolean, breachBonusSeconds: number): number {
  return item.page === 'group' && groupHasBreach ? item.dwellSeconds + breachBonusSeconds : item.dwellSeconds;
}

export interface WallRows {
  shown: BoardRow[];
  hiddenCount: number;
  hiddenBreached: number;
}

/**
 * The few rows a wall can show, most urgent first (so breached rows lead); the
 * rest become a count, which says loudly how many of them are breached too.
 */
export function pickWallRows(rows: Iterable<BoardRow>, maxRows: number, now: number): WallRows {
  const sorted = [...rows].sort((a, b) => compareUrgency(a, b, now));
  const shown = sorted.slice(0, maxRows);
  const hidden = sorted.slice(maxRows);
  return { shown, hiddenCount: hidden.length, hiddenBreached: hidden.filter((row) => isBreached(row, now)).length };
}

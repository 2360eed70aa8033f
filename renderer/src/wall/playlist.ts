import type { Settings } from '../../../shared/contract';

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

import type { PlaylistItem } from '../../../shared/board/wallParams';

/** The group board holds the wall longer while it shows a breach. */
export function dwellSeconds(item: PlaylistItem, groupHasBreach: boolean, breachBonusSeconds: number): number {
  return item.page === 'group' && groupHasBreach ? item.dwellSeconds + breachBonusSeconds : item.dwellSeconds;
}

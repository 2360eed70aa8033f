import { useEffect, useState } from 'react';
import { dwellSeconds } from './playlist';
import type { PlaylistItem } from '../../../shared/board/wallParams';

/**
 * Walks the playlist forever: each page stays its dwell time, the group board
 * longer while it holds a breach. The index restarts when the playlist changes.
 */
export function useRotation(playlist: readonly PlaylistItem[], groupHasBreach: boolean, breachBonusSeconds: number): number {
  const [position, setPosition] = useState({ playlist, index: 0 });
  const index = position.playlist === playlist ? position.index : 0;
  if (position.playlist !== playlist) setPosition({ playlist, index: 0 });
  const item = playlist[index];
  const seconds = item ? dwellSeconds(item, groupHasBreach, breachBonusSeconds) : 0;

  useEffect(() => {
    if (playlist.length < 2 || seconds === 0) return;
    const timer = setTimeout(() => setPosition({ playlist, index: (index + 1) % playlist.length }), seconds * 1000);
    return () => clearTimeout(timer);
  }, [playlist, index, seconds]);
  return index;
}

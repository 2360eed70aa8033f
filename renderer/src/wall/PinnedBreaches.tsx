import { useRef } from 'react';
import { useItemsThatFit } from '../components/useItemsThatFit';
import { useNow } from '../store/now';
import { useWholeBoards } from './useWholeBoards';
import { pinnedBreaches } from '../../../shared/board/wall';
import { PinnedBreachesView } from './PinnedBreachesView';

/** How many recent breaches the strip names at most before it only counts; fewer when they do not fit whole, names and all. */
const NAMED = 3;

/**
 * Breached tickets of both boards stay on the wall whatever page the rotation
 * shows: a breach never waits for its board's turn. Recent breaches by name,
 * newest first, as many as fit whole with their customers' whole names (only
 * the one breach named may give its name to an ellipsis; how late never
 * does), the rest counted; long-standing ones collapse to a count.
 */
export function PinnedBreaches() {
  const now = useNow();
  // Until both whole lists are in it names and counts none (it had counted 115 breaches of thousands).
  const { rows, whole } = useWholeBoards();
  const { recent, long } = pinnedBreaches(rows, now);
  const list = useRef<HTMLUListElement>(null);
  const named = useItemsThatFit(list, NAMED, recent.slice(0, NAMED).map(({ row }) => row.key).join(' '), '.pinned__customer');
  return <PinnedBreachesView recent={recent} long={long} whole={whole} named={named} now={now} list={list} />;
}

import { useNow } from '../store/now';
import { useWholeBoards } from './useWholeBoards';
import { breachesNext } from '../../../shared/board/wall';
import { BreachesNextView } from './BreachesNextView';

/** How many clocks the band names: five cards read across a 1920-wide wall. */
const NEXT = 5;

/**
 * What breaches next, on every page of the rotation: the running clocks of both
 * boards whose deadlines come first, counting down from their `dueAt`. The
 * board pages show what is late; this says where to press now.
 */
export function BreachesNext() {
  const now = useNow();
  const { rows, whole } = useWholeBoards();
  return <BreachesNextView next={breachesNext(rows, now, NEXT)} whole={whole} now={now} />;
}

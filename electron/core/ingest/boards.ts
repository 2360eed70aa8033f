import type { BoardLevel } from '../../../shared/contract';
import { isMajor, type Policy, type TicketFacts } from '../../../shared/domain';

/**
 * Every answer of boardsOf, one frozen array each: every board row last sent
 * (board/deltas.ts) and every ticket's alarms hold one. A new array per call
 * was 1.75 MB of the rows alone for 10,000 open tickets (heap snapshot).
 */
const BOTH: readonly BoardLevel[] = Object.freeze(['group', 'province']);
const GROUP: readonly BoardLevel[] = Object.freeze(['group']);
const PROVINCE: readonly BoardLevel[] = Object.freeze(['province']);
const NONE: readonly BoardLevel[] = Object.freeze([]);

/**
 * The boards a ticket belongs on: group board for group-tier customers, province
 * board for province-tier customers and major faults of any tier. A placeholder
 * has no tier yet, so it shows on both until its `created` arrives.
 */
export function boardsOf(facts: TicketFacts, policy: Policy): readonly BoardLevel[] {
  const tier = facts.customer?.tier;
  if (!tier) return BOTH;
  const group = tier === 'group';
  const province = tier === 'province' || isMajor(facts, policy);
  if (group) return province ? BOTH : GROUP;
  return province ? PROVINCE : NONE;
}

import type { BoardLevel } from '../../../shared/contract';
import { isMajor, type Policy, type TicketFacts } from '../../../shared/domain';

/**
 * The boards a ticket belongs on: group board for group-tier customers, province
 * board for province-tier customers and major faults of any tier. A placeholder
 * has no tier yet, so it shows on both until its `created` arrives.
 */
export function boardsOf(facts: TicketFacts, policy: Policy): BoardLevel[] {
  const tier = facts.customer?.tier;
  if (!tier) return ['group', 'province'];
  const boards: BoardLevel[] = [];
  if (tier === 'group') boards.push('group');
  if (tier === 'province' || isMajor(facts, policy)) boards.push('province');
  return boards;
}

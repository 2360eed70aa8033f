import type { Policy } from './policy';
import type { TicketFacts } from './types';

/** Major for the province board: a listed fault level or circuit level. */
export function isMajor(facts: TicketFacts, policy: Policy): boolean {
  return (
    (facts.faultLevel !== null && policy.major.faultLevels.includes(facts.faultLevel)) ||
    (facts.circuit !== null && policy.major.circuitLevels.includes(facts.circuit.level))
  );
}

// The groups a clock's history is pooled in, finest first: service group ×
// customer tier × circuit level × city, then dropping the city, the circuit
// level, the tier, the service group. An estimate uses the finest group with
// enough closed examples (the policy's `risk.minSimilar`, default 30).
import { serviceGroupOf, type CircuitLevel, type CustomerTier, type Service, type ServiceGroup } from '../protocol';
import type { ClockName, TicketFacts } from '../domain/types';

/** What a ticket is like, for pooling its clocks with similar ones. */
export interface RiskProfile {
  serviceGroup: ServiceGroup | null;
  tier: CustomerTier | null;
  circuitLevel: CircuitLevel | null;
  city: string | null;
}

/** A stratum as words can name it: a field left null is not narrowed (every value pooled). */
export interface RiskScope extends RiskProfile {
  clock: ClockName;
}

/** Finest first; the last pools every clock of the name. */
export const STRATUM_DEPTHS = [4, 3, 2, 1, 0] as const;

export function profileOf(facts: Pick<TicketFacts, 'service' | 'customer' | 'circuit' | 'city'>): RiskProfile {
  return profileFrom(facts.service, facts.customer?.tier ?? null, facts.circuit?.level ?? null, facts.city);
}

/**
 * The profiles made so far, by their fields: they are few (service groups ×
 * tiers × circuit levels × cities), and every clock of the risk history holds
 * one; made afresh for each, with strings of their own read from the cache,
 * the 71,000 clocks of 10,000 open tickets held 9 MB of copies (heap snapshot).
 */
const PROFILES = new Map<string, RiskProfile>();
/** Past this many (fields no province has), profiles are made afresh rather than kept. */
const MAX_SHARED_PROFILES = 10_000;

/** The profile of these fields: one shared object per distinct profile (callers never change one). */
export function profileFrom(service: Service | string | null, tier: CustomerTier | string | null, circuitLevel: CircuitLevel | string | null, city: string | null): RiskProfile {
  let serviceGroup: ServiceGroup | null = null;
  try {
    serviceGroup = service === null ? null : serviceGroupOf(service as Service);
  } catch {
    // A service the protocol does not know (a hand-edited cache) pools with the unknown ones.
    serviceGroup = null;
  }
  const key = [serviceGroup, tier, circuitLevel, city].map((field) => (field === null ? '\u0000' : field)).join('\u0001');
  const known = PROFILES.get(key);
  if (known) return known;
  const profile: RiskProfile = { serviceGroup, tier: tier as CustomerTier | null, circuitLevel: circuitLevel as CircuitLevel | null, city };
  if (PROFILES.size < MAX_SHARED_PROFILES) PROFILES.set(key, profile);
  return profile;
}

/** The scope of `profile` kept to its first `depth` fields (service group, tier, circuit level, city). */
export function scopeAt(clock: ClockName, profile: RiskProfile, depth: number): RiskScope {
  return {
    clock,
    serviceGroup: depth >= 1 ? profile.serviceGroup : null,
    tier: depth >= 2 ? profile.tier : null,
    circuitLevel: depth >= 3 ? profile.circuitLevel : null,
    city: depth >= 4 ? profile.city : null,
  };
}

/**
 * The stratum's name, as `noc predict` prints it: the clock, then each field
 * kept (`repair/bandwidth/province/AA/南京`, `repair/bandwidth`, `repair`); an
 * unknown value reads `?`.
 */
export function stratumKey(clock: ClockName, profile: RiskProfile, depth: number): string {
  const parts: string[] = [clock];
  const fields = [profile.serviceGroup, profile.tier, profile.circuitLevel, profile.city];
  for (let i = 0; i < depth; i++) parts.push(fields[i] ?? '?');
  return parts.join('/');
}

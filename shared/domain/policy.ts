// The time-limit policy as data (resources/policy/default.json), validated with
// zod; the JSON Schema beside it is generated from `policySchema`.
import { z } from 'zod';
import { CIRCUIT_LEVELS, CUSTOMER_TIERS, SERVICE_GROUPS, SERVICES } from '../protocol';
import { locateJson } from './jsonLocate';
import { alarmPolicySchema, DEFAULT_ALARM_POLICY } from '../alarms/policy';
import defaultPolicyFile from '../../resources/policy/default.json';

const positive = z.number().positive();
// zod's own message for a failed union is "Invalid input": say what a limit looks like.
export const limitSchema = z.union(
  [z.strictObject({ minutes: positive }), z.strictObject({ hours: positive }), z.strictObject({ workingDays: positive })],
  { error: 'a limit is { "minutes": n }, { "hours": n } or { "workingDays": n } with n > 0' },
);

const tiers = z.array(z.enum(CUSTOMER_TIERS)).describe('Customer tiers the clock applies to.');
const fixedClock = z.strictObject({ limit: limitSchema, tiers });
const cadenceClock = z.strictObject({
  limit: limitSchema.describe('Longest time between two acknowledged reports; the first counts from creation.'),
  tiers,
  until: z
    .enum(['repaired', 'confirmed', 'closed'])
    .describe('The cadence runs while the ticket is open, up to this lifecycle step.'),
});

const repairRule = z.strictObject({
  services: z.array(z.enum(SERVICES)).optional(),
  serviceGroups: z.array(z.enum(Object.keys(SERVICE_GROUPS) as [keyof typeof SERVICE_GROUPS])).optional(),
  tiers: z.array(z.enum(CUSTOMER_TIERS)).optional(),
  circuitLevels: z.array(z.enum(CIRCUIT_LEVELS)).optional(),
  limit: limitSchema,
  note: z.string().optional(),
});

export const policySchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.string().min(1).describe('Shown on every evaluation and every report that quotes a limit.'),
  warningShare: z.number().gt(0).lt(1).describe('Share of the limit used at which a running clock turns to warning.'),
  clocks: z.strictObject({
    dispatch: fixedClock,
    accept: fixedClock,
    repair: z.strictObject({
      tiers,
      rules: z.array(repairRule).describe('First matching rule wins; an absent filter matches everything.'),
      fallback: limitSchema.describe('Limit when no rule matches (also for placeholders without facts).'),
    }),
    confirm: fixedClock,
    faultReport: fixedClock,
    upwardProgress: cadenceClock,
    stageFeedback: cadenceClock,
    firstEscalation: fixedClock,
    check: z
      .strictObject({
        limit: limitSchema.describe('Longest time between two completed checks (one to the city NOC and one to the handler); the first counts from creation.'),
        tiers: tiers.describe('Customer tiers whose faults are checked.'),
        majorFaults: z.boolean().describe('Also check major faults of the province board (policy `major`), whatever their tier.'),
        until: z.enum(['repaired', 'confirmed', 'closed']).describe('The checks run while the ticket is open, up to this lifecycle step.'),
        noReplyAfter: limitSchema.describe('A check unanswered this long is flagged "no reply".'),
      })
      .describe('核实: the NOC verifies the handling status with the city NOC and the handler (seed 000, 管控要点 6).'),
    faultLevelResponse: z.strictObject({
      enabled: z.boolean(),
      tiers,
      limits: z.strictObject({ '1': limitSchema, '2': limitSchema, '3': limitSchema, '4': limitSchema }),
    }),
  }),
  major: z
    .strictObject({
      faultLevels: z.array(z.number().int().min(1).max(4)),
      circuitLevels: z.array(z.enum(CIRCUIT_LEVELS)),
    })
    .describe('A ticket is major (province board) if its fault level or its circuit level is listed.'),
  risk: z
    .strictObject({
      threshold: z.number().gt(0).lt(1).describe('Breach probability at which a running clock is flagged "likely to breach".'),
      minSimilar: z.number().int().min(1).describe('Fewest closed clocks a stratum needs before its history is used; coarser strata otherwise.'),
    })
    .optional()
    .describe('Breach risk from the history in the cache (issue 17); absent = threshold 0.5, 30 similar.'),
  // A province's policy written before alarms existed keeps loading, with the defaults of domain.md.
  alarms: alarmPolicySchema.default(DEFAULT_ALARM_POLICY),
});

export type Policy = z.infer<typeof policySchema>;

/** The breach-risk settings a policy gives, or the defaults. */
export const DEFAULT_RISK = { threshold: 0.5, minSimilar: 30 } as const;
export function riskSettings(policy: Pick<Policy, 'risk'>): { threshold: number; minSimilar: number } {
  return policy.risk ?? DEFAULT_RISK;
}
export type RepairRule = z.infer<typeof repairRule>;

export interface PolicyError {
  path: string;
  line: number;
  message: string;
}
export type ParsedPolicy = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

function pathString(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out;
}

/** Validates policy JSON text; every error names its JSON path and the line it is on. */
export function parsePolicy(text: string): ParsedPolicy {
  const located = locateJson(text);
  if (!located.ok) return { ok: false, errors: [{ path: '', line: located.line, message: located.message }] };
  const parsed = policySchema.safeParse(located.value);
  if (parsed.success) return { ok: true, policy: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({
      path: pathString(issue.path),
      line: located.lineOf(issue.path),
      message: issue.message,
    })),
  };
}

/** Reload semantics: a bad text keeps the last good policy and reports why. */
export function reloadPolicy(lastGood: Policy, text: string): { policy: Policy; errors: PolicyError[] } {
  const parsed = parsePolicy(text);
  return parsed.ok ? { policy: parsed.policy, errors: [] } : { policy: lastGood, errors: parsed.errors };
}

export function loadDefaultPolicy(): Policy {
  return policySchema.parse(defaultPolicyFile);
}

/** JSON Schema of the policy file, as committed in resources/policy/policy.schema.json. */
export function policyJsonSchema(): unknown {
  return z.toJSONSchema(policySchema, { io: 'input' });
}

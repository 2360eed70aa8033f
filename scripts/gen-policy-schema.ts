// Writes resources/policy/policy.schema.json from the zod schema (the unit test
// tests/unit/domain/policy.test.ts fails when the committed file is stale).
// Run: npx tsx scripts/gen-policy-schema.ts
import { writeFileSync } from 'node:fs';
import { policyJsonSchema } from '../shared/domain/policy';

writeFileSync(new URL('../resources/policy/policy.schema.json', import.meta.url), `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);

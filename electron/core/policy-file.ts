import { readFileSync } from 'node:fs';
import { parsePolicy, type Policy } from '../../shared/domain';

/**
 * A province's own policy file. A file that does not validate is refused with
 * the path and line of each error, and the caller keeps its last good policy.
 */
export function loadPolicyFile(file: string): { policy: Policy | null; errors: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { policy: null, errors: [`${file}: cannot read: ${(error as Error).message}`] };
  }
  const parsed = parsePolicy(text);
  if (parsed.ok) return { policy: parsed.policy, errors: [] };
  return {
    policy: null,
    errors: parsed.errors.map((error) => `${file}:${error.line}: ${error.path ? `${error.path}: ` : ''}${error.message}`),
  };
}

import { unwatchFile, watchFile } from 'node:fs';
import type { Policy } from '../../shared/domain';
import { loadPolicyFile } from './policy-file';

export interface PolicyWatch {
  /** Errors of the last attempt to load the file; empty while it is good. */
  problems(): readonly string[];
  stop(): void;
}

/**
 * Follows a province's policy file while the console runs. A good edit with a
 * new version is handed on; a bad one is refused with the line of each error,
 * and the last good policy stays in force.
 */
export function watchPolicyFile(
  file: string,
  current: () => Policy,
  onPolicy: (policy: Policy) => void,
  onProblems: (problems: readonly string[]) => void,
  intervalMs = 2000,
): PolicyWatch {
  let problems: readonly string[] = [];
  const check = () => {
    const loaded = loadPolicyFile(file);
    problems = loaded.errors;
    onProblems(problems);
    if (loaded.policy && loaded.policy.version !== current().version) onPolicy(loaded.policy);
  };
  // Polling, not fs.watch: editors replace files by rename, which fs.watch loses on some systems.
  watchFile(file, { interval: intervalMs }, check);
  return {
    problems: () => problems,
    stop: () => unwatchFile(file, check),
  };
}

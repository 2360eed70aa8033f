import type { QuarantineEntry } from '../../../shared/contract';
import type { Cache } from '../store/db';
import { repositories } from '../store/repositories';

/** The latest quarantined events, newest first, of one source or all. */
export function quarantine(cache: Cache, options: { sourceId?: string; limit: number }): QuarantineEntry[] {
  return repositories(cache).quarantine.latest(options.limit, options.sourceId);
}

import type { Cache } from './db';
import { EventsRepo } from './events';
import { MetaRepo } from './meta';
import { ProjectionRepo } from './projection';
import { QuarantineRepo } from './quarantine';
import { SourcesRepo } from './sources';

export interface Repositories {
  sources: SourcesRepo;
  events: EventsRepo;
  quarantine: QuarantineRepo;
  projection: ProjectionRepo;
  meta: MetaRepo;
}

const byCache = new WeakMap<Cache, Repositories>();

/** The repositories of a cache, prepared once: statements are compiled on first use only. */
export function repositories(cache: Cache): Repositories {
  let repos = byCache.get(cache);
  if (!repos) {
    const { db } = cache;
    repos = {
      sources: new SourcesRepo(db),
      events: new EventsRepo(db),
      quarantine: new QuarantineRepo(db),
      projection: new ProjectionRepo(db),
      meta: new MetaRepo(db),
    };
    byCache.set(cache, repos);
  }
  return repos;
}

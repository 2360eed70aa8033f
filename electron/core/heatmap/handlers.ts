import type { Handlers } from '../dispatch';
import type { Engine } from '../ingest/engine';
import type { Cache } from '../store/db';
import { heatmapCsv } from './csv';
import { drillQuery } from './drill';
import { heatmapQuery, type HeatmapContext } from './heatmap';
import { statsQuery } from './stats';

export interface HeatmapDeps {
  cache: Cache;
  /** The live engine: its policy and acknowledged reports are the ones the boards use; drill-down folds tickets with it. */
  engine: Engine;
  /** Main's clock: names the exported files. */
  now(): number;
}

type HeatmapChannels = 'heatmap:query' | 'heatmap:drill' | 'heatmap:export-csv' | 'stats:query';

export function heatmapHandlers(deps: HeatmapDeps): Pick<Handlers, HeatmapChannels> {
  // The stored projection lags the events by up to one ingest group: writing it out first makes cells count every event applied.
  const context = async (): Promise<HeatmapContext> => {
    await deps.engine.settle();
    return { cache: deps.cache, policy: deps.engine.policy, reports: deps.engine.reports };
  };
  return {
    'heatmap:query': async (args) => heatmapQuery(await context(), args),
    'heatmap:drill': async (args) => {
      await deps.engine.settle();
      return drillQuery(deps.engine, args);
    },
    'heatmap:export-csv': async (args) => heatmapCsv(heatmapQuery(await context(), args), { ...args, at: deps.now() }),
    'stats:query': async (args) => statsQuery(await context(), args),
  };
}

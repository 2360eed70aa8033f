import type { Handlers } from '../dispatch';
import type { Engine } from '../ingest/engine';
import { heatmapCsv } from './csv';
import { drillQuery } from './drill';
import { heatmapQuery, type HeatmapContext } from './heatmap';
import { statsQuery } from './stats';

export interface HeatmapDeps {
  /** The live engine: its store, and its policy, the one the boards use; drill-down folds tickets with it. */
  engine: Engine;
  /** Main's clock: names the exported files. */
  now(): number;
}

type HeatmapChannels = 'heatmap:query' | 'heatmap:drill' | 'heatmap:export-csv' | 'stats:query';

export function heatmapHandlers(deps: HeatmapDeps): Pick<Handlers, HeatmapChannels> {
  // The committed cache, as the boards show it: a read sees whole writes only.
  const context = (): HeatmapContext => ({ store: deps.engine.store, policy: deps.engine.policy });
  return {
    'heatmap:query': (args) => heatmapQuery(context(), args),
    'heatmap:drill': (args) => drillQuery(deps.engine, args),
    'heatmap:export-csv': (args) => heatmapCsv(heatmapQuery(context(), args), { ...args, at: deps.now() }),
    'stats:query': (args) => statsQuery(context(), args),
  };
}

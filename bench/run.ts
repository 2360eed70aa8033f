// `npm run bench`: every figure of the console against its limits, side by side,
// measured in one run on this machine. `--smoke` runs tiny sizes in seconds (part
// of `npm test`, so the bench cannot rot).
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { benchClocks } from './clocks';
import { benchEcho } from './echo';
import { benchHeatmap } from './heatmap';
import { benchIngest } from './ingest';
import { benchPrint } from './print';
import { benchRisk } from './risk';
import { benchScreen } from './screen';
import { renderTable, type BenchRow } from './table';

export interface BenchOptions {
  smoke: boolean;
  /** Sections to run (all when empty): while working on one area, its rows alone. */
  only?: readonly string[];
}

export const SECTIONS = ['clocks', 'ingest', 'heatmap', 'echo', 'screen', 'print', 'risk'] as const;

export async function runBench(options: BenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const size = (full: number, smoke: number) => (options.smoke ? smoke : full);
  const wanted = (section: (typeof SECTIONS)[number]) => !options.only?.length || options.only.includes(section);
  if (wanted('clocks')) rows.push(...benchClocks({ tickets: size(10_000, 300), runs: size(15, 3) }));
  if (wanted('ingest')) rows.push(...(await benchIngest({ events: size(200_000, 5_000), burst: size(50_000, 2_000), runs: size(3, 1) })));
  if (wanted('heatmap')) rows.push(...(await benchHeatmap({ tickets: size(1_000_000, 3000), runs: size(5, 2) })));
  if (wanted('echo')) rows.push(...(await benchEcho({ reports: size(100, 10) })));
  if (wanted('screen')) rows.push(...(await benchScreen({ smoke: options.smoke })));
  if (wanted('print')) rows.push(...(await benchPrint({ coldRuns: size(3, 1), warmRuns: size(7, 2) })));
  if (wanted('risk')) rows.push(...(await benchRisk({ smoke: options.smoke })));
  return rows;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { smoke: { type: 'boolean', default: false }, out: { type: 'string' }, only: { type: 'string' } } });
  const smoke = values.smoke ?? false;
  const only = values.only?.split(',').map((section) => section.trim()) ?? [];
  const unknown = only.filter((section) => !(SECTIONS as readonly string[]).includes(section));
  if (unknown.length > 0) throw new Error(`--only: unknown section ${unknown.join(', ')} (use ${SECTIONS.join(', ')})`);
  const header = `${cpus()[0]?.model ?? 'cpu'} · ${availableParallelism()} cores · Node ${process.version} · ${new Date().toISOString()}${smoke ? ' · SMOKE (tiny sizes)' : ''}`;
  console.log(header);
  const started = Date.now();
  const rows = await runBench({ smoke, only });
  console.log(renderTable(rows));
  console.log(`bench took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  // A partial run never overwrites the full run's results.
  const out = values.out ?? (only.length > 0 ? 'artifacts/bench-partial.json' : smoke ? 'artifacts/bench-smoke.json' : 'bench/results.json');
  mkdirSync(out.split('/').slice(0, -1).join('/') || '.', { recursive: true });
  writeFileSync(out, JSON.stringify({ header, rows }, null, 2));
}

if (process.argv[1]?.endsWith('run.ts')) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

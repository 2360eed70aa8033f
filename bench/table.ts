// One row a figure: its value, the baseline or physical limit measured in the
// same run, and their ratio, so a slower machine moves both sides together.
export interface BenchRow {
  figure: string;
  value: number;
  unit: string;
  baseline: number | null;
  baselineLabel: string;
  /** What the issue asks for, e.g. "< 20 ms". */
  target: string;
  met: boolean | null;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]!;
}

/** Median wall time in ms of `runs` calls (after one warm-up call). */
export function timeMedian(runs: number, body: () => void): number {
  body();
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    body();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

const format = (value: number) =>
  Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);

export function renderTable(rows: readonly BenchRow[]): string {
  const header = ['figure', 'value', 'baseline (same run)', 'ratio', 'target', 'met'];
  const lines = rows.map((row) => [
    row.figure,
    `${format(row.value)} ${row.unit}`,
    row.baseline === null ? row.baselineLabel : `${format(row.baseline)} ${row.unit} ${row.baselineLabel}`,
    row.baseline ? `${format(row.value / row.baseline)}×` : '—',
    row.target,
    row.met === null ? '—' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [render(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...lines.map(render)].join('\n');
}

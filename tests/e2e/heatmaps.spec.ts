import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { HEATMAP_GROUPINGS, type HeatmapGrouping } from '../../shared/contract';
import { toShanghaiIso } from '../../shared/time';
import { shoot } from './helpers';

// The web server of playwright.config.ts keeps its cache here (--data-dir artifacts/e2e-data).
const DB = resolve('artifacts/e2e-data/cache.db');
const run = promisify(execFile);

test.use({ viewport: { width: 1920, height: 1080 } });

type Cell = { row: string; col: string; total: number; breached: number };

async function shownCells(page: Page): Promise<Cell[]> {
  return page.getByTestId('heat-cell').evaluateAll((cells) =>
    cells.map((cell) => ({
      row: cell.getAttribute('data-row') ?? '',
      col: cell.getAttribute('data-col') ?? '',
      total: Number(cell.getAttribute('data-total')),
      breached: Number(cell.getAttribute('data-breached')),
    })),
  );
}

/** `noc breaches` on the same database for the page's period, as {row, col} cells. */
async function printedCells(from: number, to: number, by: HeatmapGrouping): Promise<Cell[]> {
  const args = ['--import', 'tsx', 'electron/cli/noc.ts', 'breaches', '--db', DB, '--from', toShanghaiIso(from), '--to', toShanghaiIso(to), '--by', by, '--json'];
  const { stdout } = await run(process.execPath, args, { maxBuffer: 64 << 20 });
  const [rowDim, colDim] = by.split(',') as [string, string];
  const key = (dimension: string, value: string | number | null) =>
    value === null ? '' : dimension === 'day' ? toShanghaiIso(Number(value) * 86_400_000 - 8 * 3_600_000).slice(0, 10) : String(value);
  return (JSON.parse(stdout) as { cells: (Record<string, string | number | null> & { total: number; breached: number })[] }).cells.map((cell) => ({
    row: key(rowDim, cell[rowDim] ?? null),
    col: key(colDim, cell[colDim] ?? null),
    total: cell.total,
    breached: cell.breached,
  }));
}

const sorted = (cells: Cell[]) => [...cells].sort((a, b) => (`${a.row}|${a.col}` < `${b.row}|${b.col}` ? -1 : 1));

async function period(page: Page): Promise<{ from: number; to: number }> {
  const root = page.getByTestId('page-heatmaps');
  return { from: Number(await root.getAttribute('data-from')), to: Number(await root.getAttribute('data-to')) };
}

test('each heatmap shows the numbers `noc breaches` prints for the same period', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('./#/heatmaps');
  await page.getByTestId('period-7d').click();
  for (const by of HEATMAP_GROUPINGS) {
    await page.getByTestId(`tab-${by}`).click();
    const grid = page.locator(`[data-testid="heat-grid"][data-by="${by}"]`);
    await expect(grid).toBeVisible({ timeout: 45_000 });
    const { from, to } = await period(page);
    const shown = await shownCells(page);
    expect(shown.some((cell) => cell.breached > 0)).toBe(true);
    expect(sorted(shown.filter((cell) => cell.total > 0))).toEqual(sorted(await printedCells(from, to, by)));
    await shoot(page, `heatmap-${by.replace(',', '-')}`);
  }
  for (const metric of ['rate', 'medianOverrun'] as const) {
    await page.getByTestId(`metric-${metric}`).click();
    await expect(page.locator(`[data-testid="heat-grid"][data-metric="${metric}"]`)).toBeVisible();
    await shoot(page, `heatmap-day-hour-${metric}`);
  }
});

test('a cell drills down to its tickets, and a ticket to its detail', async ({ page }) => {
  await page.goto('./#/heatmaps');
  await page.getByTestId('period-7d').click();
  const hot = page.locator('[data-testid="heat-cell"][data-kind="value"]').first();
  await expect(hot).toBeVisible({ timeout: 45_000 });
  const breached = Number(await hot.getAttribute('data-breached'));
  await hot.click();
  await expect(page.getByTestId('drill-count')).toHaveAttribute('data-breached', String(breached), { timeout: 30_000 });
  // Counted in the grid's model: ag-grid renders only the rows in view (21 of 49 once the history had grown).
  const tickets = await page.getByTestId('drill-count').getAttribute('data-tickets');
  await expect(page.getByTestId('drill-grid')).toHaveAttribute('data-rows', tickets!);
  const rows = page.getByTestId('drill-grid').locator('.ag-row');
  await rows.first().click();
  await expect(page.getByTestId('ticket-drawer')).toBeVisible();
  await expect(page.getByTestId('clock-table')).toBeVisible();
  await shoot(page, 'heatmap-drill');
});

test('statistics, period switch paint time, CSV and PNG export', async ({ page }) => {
  await page.goto('./#/heatmaps');
  await expect(page.getByTestId('heat-grid')).toBeVisible({ timeout: 45_000 });
  // First paint of the grid after switching the period, as the user sees it.
  const paints: number[] = [];
  for (const preset of ['7d', 'today', '30d', '24h'] as const) {
    const before = await period(page);
    const started = await page.evaluate(() => performance.now());
    await page.getByTestId(`period-${preset}`).click();
    await page.waitForFunction(
      (old) => {
        const root = document.querySelector('[data-testid="page-heatmaps"]');
        return root?.getAttribute('data-from') !== String(old) && document.querySelector('[data-testid="heat-grid"]') !== null;
      },
      before.from,
    );
    paints.push((await page.evaluate(() => new Promise<number>((done) => requestAnimationFrame(() => done(performance.now()))))) - started);
  }
  mkdirSync('artifacts/bench', { recursive: true });
  writeFileSync('artifacts/bench/heatmap-first-paint.json', JSON.stringify({ unit: 'ms', presets: ['7d', 'today', '30d', '24h'], paints }));

  const csv = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  expect((await csv).suggestedFilename()).toMatch(/^超时热力图_地市-时限_.*\.csv$/);
  const png = page.waitForEvent('download');
  await page.getByTestId('export-png').click();
  const file = await png;
  expect(file.suggestedFilename()).toMatch(/\.png$/);
  await file.saveAs('artifacts/screenshots/heatmap-export.png');
  // The image is the grid at twice its size under a caption (title, period, generation time): taller than the grid alone.
  const image = readFileSync('artifacts/screenshots/heatmap-export.png');
  const grid = await page.getByTestId('heat-grid').evaluate((svg) => ({ width: svg.getAttribute('width'), height: svg.getAttribute('height') }));
  expect(image.readUInt32BE(16)).toBeGreaterThanOrEqual(Number(grid.width) * 2);
  expect(image.readUInt32BE(20)).toBeGreaterThan(Number(grid.height) * 2 + 100);

  // The last preset was 24 hours: the trend is drawn by the hour, whole hours only.
  await page.getByTestId('tab-stats').click();
  await expect(page.getByTestId('stats-panel')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('kpi-satisfaction')).toBeVisible();
  const charts = page.locator('.stats-charts');
  await expect(charts).toHaveAttribute('data-granularity', 'hour');
  expect(Number(await charts.getAttribute('data-points'))).toBeGreaterThanOrEqual(22);
  await expect(page.getByTestId('trend-too-short')).toHaveCount(0);
  await shoot(page, 'heatmap-stats');
});

test.describe('in an English browser', () => {
  test.use({ locale: 'en-US' });

  test('a custom period is typed as the console writes dates, never mm/dd/yyyy', async ({ page }) => {
    await page.goto('./#/heatmaps');
    await page.getByTestId('period-custom').click();
    const from = page.getByTestId('period-from');
    const to = page.getByTestId('period-to');
    await expect(from).toHaveValue(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    await from.fill('2026/11/2 9:05');
    await from.blur();
    await expect(from).toHaveValue('2026-11-02 09:05');
    await to.fill('2026-11-31 10:00');
    await expect(to).toHaveAttribute('aria-invalid', 'true');
    await to.fill('2026-11-03 10:00');
    await expect(to).toHaveAttribute('aria-invalid', 'false');
    await page.getByTestId('period-apply').click();
    await expect(page.getByTestId('page-heatmaps')).toHaveAttribute('data-from', String(Date.parse('2026-11-02T09:05:00+08:00')));
    await expect(page.getByTestId('period-range')).toHaveText('2026-11-02 09:05 至 2026-11-03 10:00');
  });
});

test('the wall shows the heatmap hands-off, hot cells ringed, and it prints on A4 landscape', async ({ page }) => {
  await page.goto('./?wall=1&offset=2');
  await expect(page.getByTestId('wall-heatmap')).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('heat-grid')).toBeVisible({ timeout: 45_000 });
  await expect(page.locator('[data-testid="heat-cell"][data-hot]').first()).toBeVisible();
  const smallest = await page.getByTestId('wall-heatmap').locator('text, .kpi-tile__label').evaluateAll((nodes) =>
    Math.min(...nodes.map((node) => Number.parseFloat(getComputedStyle(node).fontSize))),
  );
  expect(smallest).toBeGreaterThanOrEqual(20);
  await shoot(page, 'heatmap-wall');

  await page.goto('./#/heatmaps');
  await expect(page.getByTestId('heat-grid')).toBeVisible({ timeout: 45_000 });
  // As window.print() does: the browser lays the page out for paper as soon as beforeprint's handlers return, so the
  // grid must take its paper colours within that event (an update rendered in a later task printed the dark ones).
  const paletteInPrint = await page.evaluate(() => {
    window.dispatchEvent(new Event('beforeprint'));
    return document.querySelector('[data-testid="heat-grid"]')!.getAttribute('data-palette');
  });
  expect(paletteInPrint).toBe('paper');
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const file = resolve('artifacts/screenshots/heatmap-print.pdf');
  writeFileSync(file, pdf);
  // One A4 landscape page holding the heatmap alone (not the desk's bar or alarm banner), white to its edges: the
  // printout had been a page of the banner, the heatmap in a white box on the screen's dark background, and a dark page.
  const info = (await run('pdfinfo', [file])).stdout;
  expect(info).toMatch(/^Pages:\s+1$/m);
  const [, width, height] = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info) ?? [];
  // A4 landscape: 297 × 210 mm, 842 × 595 pt (Chromium rounds it to the 1/96 in).
  expect([Math.round(Number(width)), Math.round(Number(height))]).toEqual([842, 595]);
  const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
  expect(text).toContain('超时热力图与统计');
  // When it was printed, as the paper says of itself (the period above is the data's).
  expect(text).toMatch(/打印于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  expect(text).not.toContain('集团级督办');
  expect(text).not.toContain('认领');
  const ppm = (await run('pdftoppm', ['-r', '20', '-singlefile', file], { encoding: 'buffer' })).stdout;
  expect(darkestCorner(ppm)).toBeGreaterThan(240);
});

/** The darkest channel among the four corner pixels of a binary PPM (P6, 8 bits). */
function darkestCorner(ppm: Buffer): number {
  const [magic, width, height, depth] = ppm.subarray(0, 32).toString('latin1').split(/\s+/);
  expect([magic, depth]).toEqual(['P6', '255']);
  const w = Number(width);
  const h = Number(height);
  const headerEnd = ppm.length - w * h * 3;
  const at = (x: number, y: number) => [...ppm.subarray(headerEnd + (y * w + x) * 3, headerEnd + (y * w + x) * 3 + 3)];
  return Math.min(...at(0, 0), ...at(w - 1, 0), ...at(0, h - 1), ...at(w - 1, h - 1));
}

test("a drill-down still loading says so in the console's language", async ({ page }) => {
  // The drill's answer is held until the grid's loading line has been read: ag-grid's own line is English.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.routeWebSocket(/\/contract\//, (socket) => {
    const server = socket.connectToServer();
    const drills = new Set<string>();
    socket.onMessage((message) => {
      const asked = /^42(\d+)\["invoke","heatmap:drill"/.exec(String(message));
      if (asked) drills.add(asked[1]!);
      server.send(message);
    });
    server.onMessage(async (message) => {
      const answer = /^43(\d+)/.exec(String(message));
      if (answer && drills.has(answer[1]!)) await held;
      socket.send(message);
    });
  });
  await page.goto('./#/heatmaps');
  await page.getByTestId('period-7d').click();
  const hot = page.locator('[data-testid="heat-cell"][data-kind="value"]').first();
  await expect(hot).toBeVisible({ timeout: 45_000 });
  await hot.click();
  await expect(page.getByTestId('drill-grid').locator('.ag-overlay')).toContainText('正在载入…');
  release();
  await expect(page.getByTestId('drill-grid').locator('.ag-row').first()).toBeVisible({ timeout: 30_000 });
});

import { mkdirSync } from 'node:fs';
import { expect, test } from './fixtures';
import { CLIENT_SETTINGS_KEY } from '../../renderer/src/store/clientSettings';
import { grid, gridRows, openBoard, openFirstTicket } from './helpers';

// A live board on the shared 2-core machine: one step took 1-27 s in other specs.
test.describe.configure({ timeout: 240_000 });

test('the board shows each row’s breach risk, and the drawer says what it rests on', async ({ page }) => {
  await openBoard(page, 'province');
  // A figure appears once the simulated province's history holds 30 similar closed clocks for a row's clock.
  const withFigure = gridRows(page, 'province').filter({ has: page.locator('[data-testid="risk"]', { hasText: /\d+%/ }) });
  await withFigure.first().waitFor({ timeout: 120_000 });
  const cell = withFigure.first().getByTestId('risk');
  await expect(cell).toHaveAttribute('title', /依据.+\d+ 个同类/);
  const likely = await cell.getAttribute('data-likely');
  if (likely === 'true') await expect(cell).toContainText('易超时');

  mkdirSync('artifacts/risk', { recursive: true });
  await page.screenshot({ path: 'artifacts/risk/province-grid-1440x900.png' });
  await openFirstTicket(page, 'province', withFigure);
  const drawer = page.getByTestId('ticket-drawer');
  const panel = drawer.getByTestId('risk-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('risk-probability')).toHaveText(/\d+%/);
  await expect(panel.getByTestId('risk-basis')).toHaveText(/^依据.+的 \d+ 个同类“.+”时限$/);
  // The header's column and the grid are both in view at the workstation's size.
  await expect(grid(page, 'province').locator('.ag-header-cell[col-id="risk"]')).toContainText('超时风险');
  mkdirSync('artifacts/risk', { recursive: true });
  await page.screenshot({ path: 'artifacts/risk/province-drawer-1440x900.png' });
});

test('in English too', async ({ page }) => {
  await page.addInitScript((key) => localStorage.setItem(key, JSON.stringify({ locale: 'en' })), CLIENT_SETTINGS_KEY);
  await openBoard(page, 'group');
  const withFigure = gridRows(page, 'group').filter({ has: page.locator('[data-testid="risk"]', { hasText: /\d+%/ }) });
  await withFigure.first().waitFor({ timeout: 120_000 });
  await withFigure.first().locator('.ag-cell[col-id="ticketId"]').click();
  const basis = page.getByTestId('ticket-drawer').getByTestId('risk-basis');
  await expect(basis).toHaveText(/based on \d+ similar closed .+ clocks of .+/);
  mkdirSync('artifacts/risk', { recursive: true });
  await page.screenshot({ path: 'artifacts/risk/group-drawer-en-1440x900.png' });
});

test('the statistics tab compares the breaches predicted per day with those that happened', async ({ page }) => {
  await page.goto('./#/heatmaps');
  await page.getByTestId('tab-stats').click();
  const tile = page.getByTestId('risk-daily');
  await expect(tile).toBeVisible({ timeout: 60_000 });
  await expect(tile).toContainText('预测与实际超时（每日）');
  expect(Number(await tile.getAttribute('data-clocks'))).toBeGreaterThan(0);
  await tile.scrollIntoViewIfNeeded();
  mkdirSync('artifacts/risk', { recursive: true });
  await page.screenshot({ path: 'artifacts/risk/statistics-tile-1440x900.png' });
});

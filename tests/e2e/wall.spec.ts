import { expect, test } from '@playwright/test';
import { shoot } from './helpers';

// The default playlist (settings): group 40 s (+20 s while it holds a breach), province 30 s, heatmap 20 s.
const GROUP = 40_000;
const BONUS = 20_000;
const PROVINCE = 30_000;
const HEATMAP = 20_000;

test('boots into the rotation, turns pages by itself and gives a breached group board extra time', async ({ page }) => {
  await page.clock.install();
  await page.goto('./?wall=1');
  const wall = page.getByTestId('wall');
  await expect(wall).toHaveAttribute('data-page', 'group');
  await expect(page.getByTestId('wall-row').first()).toBeVisible({ timeout: 45_000 });
  await expect(wall).toHaveCSS('cursor', 'none');
  await expect(page.getByTestId('live-clock')).toBeVisible();
  await expect(page.getByTestId('feed-chip').first()).toBeVisible();

  const breached = Number(await page.getByTestId('wall-count-breached').locator('b').innerText());
  await page.clock.fastForward(GROUP + 1000);
  if (breached > 0) {
    await expect(wall).toHaveAttribute('data-page', 'group');
    await page.clock.fastForward(BONUS);
  }
  await expect(wall).toHaveAttribute('data-page', 'province');
  await page.clock.fastForward(PROVINCE + 1000);
  await expect(wall).toHaveAttribute('data-page', 'heatmap');
  await page.clock.fastForward(HEATMAP + 1000);
  await expect(wall).toHaveAttribute('data-page', 'group');
});

test('pins breached tickets on every page of the rotation', async ({ page }) => {
  await page.clock.install();
  await page.goto('./?wall=1&offset=2');
  const wall = page.getByTestId('wall');
  await expect(wall).toHaveAttribute('data-page', 'heatmap');
  await expect(page.getByTestId('pinned-breaches')).toBeVisible();
  // Six hours on, every running deadline has passed; walk the playlist back round to the heatmap.
  await page.clock.fastForward(6 * 3_600_000);
  await expect(wall).toHaveAttribute('data-page', 'group');
  await page.clock.fastForward(GROUP + BONUS + 1000);
  await expect(wall).toHaveAttribute('data-page', 'province');
  await page.clock.fastForward(PROVINCE + 1000);
  await expect(wall).toHaveAttribute('data-page', 'heatmap');
  await expect(page.getByTestId('pinned-item').first()).toBeVisible();
  await expect(page.getByTestId('pinned-breaches')).toContainText('已超时');
  await shoot(page, 'wall-heatmap-pinned');
});

test('starts each display at its own offset', async ({ page }) => {
  await page.goto('./?wall=1&offset=1');
  await expect(page.getByTestId('wall')).toHaveAttribute('data-page', 'province');
});

for (const size of [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
]) {
  test(`is readable from across the room at ${size.width}x${size.height}`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto('./?wall=1');
    await expect(page.getByTestId('wall-row').first()).toBeVisible({ timeout: 45_000 });
    const scale = size.width / 1920;
    const countdown = page.getByTestId('wall-row').first().locator('.countdown__time');
    const px = (value: string) => Number.parseFloat(value);
    expect(px(await countdown.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(48 * scale);
    const cell = page.getByTestId('wall-row').first().locator('td').nth(2);
    expect(px(await cell.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(24 * scale);
    await shoot(page, 'wall-group');
  });
}

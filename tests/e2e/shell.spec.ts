import { expect, test } from './fixtures';
import { openBoard, shoot } from './helpers';

const ROUTES = ['group', 'province', 'heatmaps', 'reports', 'feeds', 'settings'] as const;

test('boots in Chinese on the dark theme and reaches every page from the navigation', async ({ page }) => {
  await openBoard(page, 'group');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('nav-group')).toHaveText(/集团级督办/);
  for (const route of ROUTES) {
    await page.getByTestId(`nav-${route}`).click();
    await expect(page.locator('main h1').first()).toBeVisible();
    await expect(page.getByTestId(`nav-${route}`)).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('error-boundary')).toHaveCount(0);
  }
});

test('shows the clock in Asia/Shanghai, the feeds and the last update in the header', async ({ page }) => {
  await openBoard(page, 'group');
  await expect(page.getByTestId('live-clock')).toHaveText(/^\d{2}:\d{2}:\d{2}$/);
  const first = await page.getByTestId('live-clock').innerText();
  await expect(page.getByTestId('live-clock')).not.toHaveText(first);
  await expect(page.getByTestId('feed-chip').first()).toBeVisible();
  await expect(page.getByTestId('last-update')).toHaveText(/最后更新 \d{2}:\d{2}:\d{2}/);
});

test('switches to English and to the light theme, and back', async ({ page }) => {
  await page.goto('./#/settings');
  await page.getByTestId('setting-locale').selectOption('en');
  await expect(page.getByTestId('nav-group')).toHaveText(/Group board/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByTestId('setting-theme').selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByTestId('nav-group').click();
  await page.getByTestId('grid-group').locator('.ag-row').first().waitFor();
  await shoot(page, 'desk-group-en-light');

  await page.goto('./#/settings');
  await page.getByTestId('setting-locale').selectOption('zh-CN');
  await page.getByTestId('setting-theme').selectOption('dark');
  await expect(page.getByTestId('nav-group')).toHaveText(/集团级督办/);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('opens its socket while the start\'s chunk is still on its way, then boards as ever', async ({ page }) => {
  // The start's chunk (the bridge, the store, React) is held until the page's socket has opened: the entry opens
  // it, so the connection's round trips are done by the time the store asks for its first board. Pushes before
  // the store takes the socket are not kept: its load reads every state afresh, and the board fills.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/start-[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  const socketOpened = page.waitForEvent('websocket', { predicate: (socket) => socket.url().includes('/contract/'), timeout: 45_000 });
  await page.goto('./#/group');
  await socketOpened;
  release();
  await page.getByTestId('grid-group').locator('.ag-row').first().waitFor({ timeout: 45_000 });
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  await expect(page.getByTestId('feed-chip').first()).toBeVisible();
});

// Whether the page ever showed the loading line that stands in for a screen whose chunk is on its way.
const LOADING_LINE_SEEN = `new MutationObserver(() => {
  if (document.querySelector('.page-loading')) globalThis.loadingLineSeen = true;
}).observe(document, { subtree: true, childList: true });`;

for (const [screen, url, shown] of [
  ['desk', './#/group', '[data-testid="grid-group"] .ag-row'],
  ['wall', './?wall=1', '[data-testid="wall-board-group"][data-loaded="true"]'],
] as const) {
  test(`starts on the ${screen} without a loading line: its chunk is in before the first render`, async ({ page }) => {
    // The start waits for the screen's chunk and renders it as itself. Through React.lazy the screen suspended on
    // its first render all the same, showed the loading line, and React held it back 300 ms more.
    await page.addInitScript(LOADING_LINE_SEEN);
    await page.goto(url);
    await page.locator(shown).first().waitFor({ timeout: 45_000 });
    expect(await page.evaluate(() => (globalThis as { loadingLineSeen?: boolean }).loadingLineSeen ?? false)).toBe(false);
  });
}

test('starts even when the core never answers: the desk shows, saying it is cut off', async ({ page }) => {
  // The page's socket opens to a stand-in that never speaks socket.io: the first render's wait for the first asks
  // is bounded (FIRST_ASKS_WAIT_MS), so the desk and its banner show all the same.
  await page.routeWebSocket(/\/contract\//, () => undefined);
  await page.goto('./#/group');
  await expect(page.getByTestId('stale-banner')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('stale-banner')).toContainText('数据已停止更新');
  await expect(page.getByTestId('grid-group')).toBeVisible();
});

test('says loudly that data is stale when the core cannot be reached', async ({ page, context }) => {
  await openBoard(page, 'group');
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  await context.setOffline(true);
  await expect(page.getByTestId('stale-banner')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('stale-banner')).toContainText('数据已停止更新');
  await context.setOffline(false);
  await expect(page.getByTestId('stale-banner')).toHaveCount(0, { timeout: 30_000 });
});

for (const size of [
  { width: 1920, height: 1080 },
  { width: 1440, height: 900 },
]) {
  test(`looks finished at ${size.width}x${size.height}`, async ({ page }) => {
    await page.setViewportSize(size);
    await openBoard(page, 'group');
    await shoot(page, 'desk-group');
    await openBoard(page, 'province');
    await shoot(page, 'desk-province');
    for (const route of ['heatmaps', 'reports', 'feeds', 'settings'] as const) {
      await page.goto(`./#/${route}`);
      await expect(page.locator('main h1').first()).toBeVisible();
      await shoot(page, `desk-${route}`);
    }
  });
}

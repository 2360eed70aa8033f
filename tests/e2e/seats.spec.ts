import { expect, test } from './fixtures';
import { E2E_PORT } from '../../playwright.config';
import { grid, shoot } from './helpers';

// Web clients share one core: each screen keeps its own language, theme and
// operator's name (in its browser), and a report goes out under the name of
// whoever sends it, never without one.
// Two screens each draw a live board. On the shared 2-core machine a full run
// took 130 s to the second screen's screenshot (a navigation 15 s, a click on
// the drawer's send button 27 s, a screenshot 18 s): the busy CPU's time, not a hang.
test.describe.configure({ timeout: 240_000 });

test('each screen keeps its own language, theme and operator, and a screen without a name cannot send a report', async ({ page, browser }) => {
  await page.goto('./#/settings');
  await page.getByTestId('setting-locale').selectOption('en');
  await page.getByTestId('setting-theme').selectOption('light');
  await page.getByTestId('setting-operator').fill('Li Na');
  await expect(page.getByTestId('nav-group')).toHaveText(/Group board/);
  await shoot(page, 'settings-this-screen-en');

  // Another screen of the same console, in another browser.
  const other = await browser.newContext({
    baseURL: `http://127.0.0.1:${E2E_PORT}/`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
  });
  try {
    // It starts after the first screen chose English: it still starts in its own language.
    const wall = await other.newPage();
    await wall.goto('./#/group');
    await expect(wall.getByTestId('nav-group')).toHaveText(/集团级督办/);
    await expect(wall.locator('html')).toHaveAttribute('data-theme', 'dark');

    const row = grid(wall, 'group').locator('.ag-row').first();
    await row.waitFor({ timeout: 45_000 });
    await row.locator('.ag-cell[col-id="ticketId"]').click();
    const drawer = wall.getByTestId('ticket-drawer');
    await expect(drawer.getByTestId('report-needs-operator')).toContainText('请先在“设置”中填写值班人员姓名');
    await drawer.getByTestId('report-send-progress').click();
    await expect(drawer.getByTestId('report-error')).toContainText('请先在“设置”中填写值班人员姓名');
    await shoot(wall, 'report-needs-operator-zh-CN');
  } finally {
    await other.close();
  }

  // This screen's choices survive a reload: they are kept in its browser.
  await page.reload();
  await expect(page.getByTestId('nav-group')).toHaveText(/Group board/);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('setting-operator')).toHaveValue('Li Na');
});

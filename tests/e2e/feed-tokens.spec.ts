// Feed tokens on the Feeds page. Web mode has no token store, so the page
// explains where tokens come from instead of offering a field that can only
// fail. The form itself is driven against a console this spec runs in its own
// process: web mode plus an in-memory token store handed to the core, standing
// in for Electron's safeStorage store (the Electron binary cannot run here).
// That store exists only in this file; `npm run serve` never passes one.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { startConsoleCore } from '../../electron/core/console-core';
import type { WritableTokenStore } from '../../electron/core/feeds/tokens';
import { chromiumPdfPrinter } from '../../electron/core/pdf';
import { sequencedEvents } from '../../electron/simulator/jsonl';
import { startFeedServer, type FeedServer, type RawDraft } from '../../electron/simulator/server';
import { startWebServer } from '../../electron/web/server';

const SCREENS = 'artifacts/screens';
const RIGHT = 'e2e-right-token';
const WRONG_ENV = 'NOC_E2E_EOMS_TOKEN';
const EOMS = { id: 'e2e-eoms', name: '江苏电子运维（测试）', level: 'province' as const };
const ONESTOP = { id: 'e2e-onestop', name: '集团一站式（测试）', level: 'group' as const };

async function screen(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  const { width, height } = page.viewportSize() ?? { width: 0, height: 0 };
  await page.screenshot({ path: `${SCREENS}/${name}-${width}x${height}.png` });
}

/** Two upstream systems that require RIGHT; the provincial one has a backlog of events. */
async function upstreams(): Promise<{ eoms: FeedServer; onestop: FeedServer }> {
  const eoms = await startFeedServer({ source: EOMS, token: RIGHT });
  const onestop = await startFeedServer({ source: ONESTOP, token: RIGHT });
  const events = [...sequencedEvents({ seed: 3, start: Date.now() - 3 * 3600_000, tickets: 12, source: 'province' })];
  eoms.append(events.map(({ seq: _seq, ...draft }) => draft as RawDraft));
  return { eoms, onestop };
}

/** A console in web mode whose config.json names both sources: EOMS with a wrong token, ONESTOP with none. */
async function consoleWith(servers: { eoms: FeedServer; onestop: FeedServer }, tokenStore?: WritableTokenStore) {
  const dataDir = mkdtempSync(join(tmpdir(), 'noc-e2e-tokens-'));
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({
      sources: [
        { id: EOMS.id, name: EOMS.name, url: servers.eoms.url, level: EOMS.level, tokenEnv: WRONG_ENV },
        { id: ONESTOP.id, name: ONESTOP.name, url: servers.onestop.url, level: ONESTOP.level },
      ],
    }),
  );
  const core = await startConsoleCore({ dataDir, shell: 'web', printer: chromiumPdfPrinter(), ...(tokenStore ? { tokenStore } : {}) });
  const web = await startWebServer({ dispatch: core.dispatch, pushes: core.pushes, staticDir: resolve('out/renderer'), host: '127.0.0.1', port: 0 });
  return {
    core,
    web,
    async close() {
      await web.close();
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const row = (page: Page, sourceId: string) => page.locator(`[data-testid="feeds-table"] tr[data-source="${sourceId}"]`);

test.beforeAll(() => {
  process.env[WRONG_ENV] = 'e2e-wrong-token';
});
test.afterAll(() => {
  delete process.env[WRONG_ENV];
});

test('the simulated province needs no token: a short note, no field', async ({ page }) => {
  await page.goto('./#/feeds');
  await expect(page.getByTestId('feed-token-note')).toHaveAttribute('data-kind', 'simulated');
  await expect(page.getByTestId('feed-token-note')).toContainText('模拟省份的数据源无需令牌');
  await expect(page.locator('[data-testid^="feed-token-open-"]')).toHaveCount(0);
  await expect(page.locator('input[type="password"]')).toHaveCount(0);
});

test.describe('web mode with configured sources', () => {
  let servers: Awaited<ReturnType<typeof upstreams>>;
  let app: Awaited<ReturnType<typeof consoleWith>>;
  test.beforeAll(async () => {
    servers = await upstreams();
    app = await consoleWith(servers);
  });
  test.afterAll(async () => {
    await app?.close();
    await servers?.eoms.close();
    await servers?.onestop.close();
  });

  test('says where tokens come from instead of offering a field, and names the feeds that need one', async ({ page }) => {
    await page.goto(new URL('#/feeds', app.web.url).href);
    await expect(row(page, EOMS.id).locator('.feed-state')).toHaveText('认证失败');
    const note = page.getByTestId('feed-token-note');
    await expect(note).toHaveAttribute('data-kind', 'config');
    await expect(note).toContainText('网页模式下不能在页面上输入数据源令牌');
    await expect(note).toContainText('tokenEnv');
    await expect(note).toContainText('0600');
    await expect(note).toHaveClass(/token-note--warn/);
    const needed = note.getByTestId('feed-token-needed');
    await expect(needed).toHaveCount(2);
    await expect(needed.filter({ hasText: EOMS.name })).toContainText('NOC_TOKEN_E2E_EOMS');
    await expect(needed.filter({ hasText: EOMS.name })).toContainText('认证失败');
    await expect(needed.filter({ hasText: ONESTOP.name })).toContainText('NOC_TOKEN_E2E_ONESTOP');
    await expect(needed.filter({ hasText: ONESTOP.name })).toContainText('未配置令牌');
    await expect(page.locator('[data-testid^="feed-token-open-"]')).toHaveCount(0);
    await expect(page.locator('input[type="password"]')).toHaveCount(0);
    await expect(page.getByTestId('feeds-table').locator('thead th')).toHaveCount(10);
    await screen(page, 'feeds-web-note');
  });
});

test.describe('the token form, with a token store in the core', () => {
  let servers: Awaited<ReturnType<typeof upstreams>>;
  let app: Awaited<ReturnType<typeof consoleWith>>;
  const stored = new Map<string, string>();
  let keychainUp = true;
  /** Test-only stand-in for Electron's safeStorage store; it can fail as an absent keychain does. */
  const testOnlyTokenStore: WritableTokenStore = {
    get: (sourceId) => stored.get(sourceId) ?? null,
    set: (sourceId, token) => {
      if (!keychainUp) throw new Error('the OS keychain is not available: tokens cannot be stored safely');
      stored.set(sourceId, token);
    },
  };
  test.beforeAll(async () => {
    servers = await upstreams();
    app = await consoleWith(servers, testOnlyTokenStore);
  });
  test.afterAll(async () => {
    await app?.close();
    await servers?.eoms.close();
    await servers?.onestop.close();
  });

  test('sets a refused token from the keyboard, and the feed connects without a restart', async ({ page }) => {
    await page.goto(new URL('#/feeds', app.web.url).href);
    const eoms = row(page, EOMS.id);
    await expect(eoms.locator('.feed-state')).toHaveText('认证失败');
    await expect(eoms.locator('td').nth(7)).toHaveText('上游拒绝了令牌（unauthorized）');
    await expect(page.getByTestId('feed-token-note')).toHaveCount(0);
    const open = page.getByTestId(`feed-token-open-${EOMS.id}`);
    // Refused: the action stands out, and says which feed it is for.
    await expect(open).toHaveAttribute('data-prominent', 'true');
    await expect(open).toHaveClass(/button--primary/);
    await expect(open).toHaveAccessibleName(`为${EOMS.name}设置令牌`);

    // Open and close: the input takes the focus, Escape gives it back to the button.
    await open.focus();
    await page.keyboard.press('Enter');
    const input = page.getByTestId('feed-token-input');
    await expect(input).toBeFocused();
    await expect(input).toHaveAttribute('type', 'password');
    await expect(page.getByLabel(`${EOMS.name}的令牌`)).toBeVisible();
    await expect(open).toHaveAttribute('aria-expanded', 'true');
    // The form open on a refused feed, as the account manager sees it.
    await page.keyboard.type(RIGHT);
    await screen(page, 'feeds-token-form');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('feed-token-form')).toHaveCount(0);
    await expect(open).toBeFocused();
    await expect(open).toHaveAttribute('aria-expanded', 'false');

    // A failure from the core is shown inline; the typed token is gone from the field.
    keychainUp = false;
    await page.keyboard.press('Enter');
    await expect(input).toBeFocused();
    await page.keyboard.type('first-attempt');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('feed-token-error')).toContainText('未能保存令牌');
    await expect(page.getByTestId('feed-token-error')).toContainText('the OS keychain is not available');
    await expect(input).toHaveValue('');
    await expect(input).toBeFocused();
    expect(stored.size).toBe(0);
    keychainUp = true;

    const axe = await new AxeBuilder({ page }).include('[data-testid="page-feeds"]').analyze();
    const serious = axe.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
    await page.keyboard.type(RIGHT);
    await page.keyboard.press('Enter');

    // Saved: the form closes, focus returns, the result is said inline, and the feed reconnects and ingests.
    await expect(page.getByTestId('feed-token-form')).toHaveCount(0);
    await expect(open).toBeFocused();
    await expect(page.getByTestId(`feed-token-status-${EOMS.id}`)).toHaveText(/^已保存 \d{2}:\d{2}:\d{2}，已发起重连$/);
    expect(stored.get(EOMS.id)).toBe(RIGHT);
    await expect(eoms.locator('.feed-state')).toHaveText('已连接', { timeout: 10_000 });
    await expect(open).not.toHaveAttribute('data-prominent', 'true');
    await expect(eoms.locator('td').nth(2)).not.toHaveText('—');
    expect(await page.content()).not.toContain(RIGHT);
    expect(await page.content()).not.toContain('first-attempt');
  });

  test('starts a feed that had no token, from the mouse', async ({ page }) => {
    await page.goto(new URL('#/feeds', app.web.url).href);
    const onestop = row(page, ONESTOP.id);
    await expect(onestop.locator('td').nth(7)).toHaveText('未配置令牌');
    const open = page.getByTestId(`feed-token-open-${ONESTOP.id}`);
    await expect(open).toHaveAttribute('data-prominent', 'true');
    await open.click();
    await page.getByTestId('feed-token-input').fill(RIGHT);
    await page.getByTestId('feed-token-save').click();
    await expect(page.getByTestId(`feed-token-status-${ONESTOP.id}`)).toContainText('已保存');
    await expect(onestop.locator('.feed-state')).toHaveText('已连接', { timeout: 10_000 });
    await expect(onestop.locator('td').nth(7)).toHaveText('—');
    await screen(page, 'feeds-token-saved');
    // It kept its place in the table: configured order.
    await expect(page.getByTestId('feeds-table').locator('tbody tr')).toHaveCount(2);
    await expect(page.getByTestId('feeds-table').locator('tbody tr').nth(1)).toHaveAttribute('data-source', ONESTOP.id);
  });
});

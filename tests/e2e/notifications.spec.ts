// Desktop notifications of critical alarms, in Chromium with the notification
// permission granted. The app's own code path runs: an init script wraps the
// page's Notification only to record what the app shows and closes. Upstream is
// a real feed server; the desk is one console (web mode) and another console of
// the room (a second core with its own cache on the same source) acknowledges
// the alarm, which reaches the desk by the source's echo alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from './fixtures';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { startConsoleCore, type ConsoleCore } from '../../electron/core/console-core';
import { chromiumPdfPrinter } from '../../electron/core/pdf';
import type { DraftEvent } from '../../electron/simulator/draft';
import { startFeedServer, type FeedServer } from '../../electron/simulator/server';
import { startWebServer, type WebServer } from '../../electron/web/server';
import { tokenEnvName, type AlarmState } from '../../shared/contract';
import { toShanghaiIso } from '../../shared/time';
import { CLIENT_SETTINGS_KEY } from '../../renderer/src/store/clientSettings';

const SOURCE = { id: 'e2e-notify-group', name: '集团一站式（通知测试）', level: 'group' as const };
const TOKEN = 'e2e-notify-token';
const TICKET = 'JS-NJ-20261203-0101';
const MINUTE = 60_000;

interface Shown {
  title: string;
  body: string;
  tag: string;
  closed: boolean;
}

/** Records every notification the app makes and whether the app closed it; the app's calls go through to Chromium's Notification. */
async function observeNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shown: { title: string; body: string; tag: string; closed: boolean }[] = [];
    (window as unknown as { __shown: typeof shown }).__shown = shown;
    const Native = window.Notification;
    class Observed extends Native {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        const record = { title, body: options?.body ?? '', tag: options?.tag ?? '', closed: false };
        shown.push(record);
        const close = this.close.bind(this);
        this.close = () => {
          record.closed = true;
          close();
        };
      }
    }
    window.Notification = Observed;
  });
}

const shown = (page: Page) => page.evaluate(() => (window as unknown as { __shown: Shown[] }).__shown);
const tick = async (page: Page) => Number(await page.getByTestId('alarm-banner').getAttribute('data-tick'));

/** Waits until the page has rendered `seconds` more seconds: the effects that notify have run again since. */
async function seconds(page: Page, count: number): Promise<void> {
  const target = (await tick(page)) + count * 1000;
  await expect.poll(() => tick(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(target);
}

let upstream: FeedServer;
const cores: ConsoleCore[] = [];
const dirs: string[] = [];
let desk: ConsoleCore;
let other: ConsoleCore;
let web: WebServer;

async function consoleOn(name: string): Promise<ConsoleCore> {
  const dataDir = mkdtempSync(join(tmpdir(), `noc-e2e-notify-${name}-`));
  dirs.push(dataDir);
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({ sources: [{ id: SOURCE.id, name: SOURCE.name, url: upstream.url, level: SOURCE.level }] }),
  );
  const core = await startConsoleCore({ dataDir, shell: 'web', printer: chromiumPdfPrinter() });
  cores.push(core);
  return core;
}

test.beforeAll(async () => {
  process.env[tokenEnvName(SOURCE.id)] = TOKEN;
  upstream = await startFeedServer({ source: SOURCE, token: TOKEN });
  desk = await consoleOn('desk-duty');
  other = await consoleOn('desk-2');
  web = await startWebServer({ dispatch: desk.dispatch, pushes: desk.pushes, staticDir: resolve('out/renderer'), host: '127.0.0.1', port: 0 });
});

test.afterAll(async () => {
  await web?.close();
  for (const core of cores.reverse()) await core.close();
  await upstream?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  delete process.env[tokenEnvName(SOURCE.id)];
});

/** A group-tier fault accepted six minutes ago: its first escalation (5 min) has breached, nothing else yet. */
function groupFault(now: number, ticketId = TICKET): DraftEvent {
  return {
    id: `${ticketId}-1`,
    ticketId,
    type: 'created',
    at: toShanghaiIso(now - 6 * MINUTE),
    data: {
      customer: { id: 'C-320100-0101', name: '南京市公安局', tier: 'group' },
      circuit: { id: 'NJ-MPLS-2026-0101', level: 'AAA' },
      service: 'mpls-vpn',
      city: '南京',
      district: '鼓楼区',
      channel: 'group-one-stop',
      title: 'MPLS-VPN专线中断',
      faultLevel: 1,
      accountManager: { name: '李敏', phone: '13900000000' },
    },
  };
}

const alarmsOf = async (core: ConsoleCore) => ((await core.dispatch('alarm:list', {}, { caller: 'test' })) as AlarmState).alarms;

/** The desk's group board in English, with the notification permission granted and every notification recorded. */
async function englishDesk(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'Asia/Shanghai' });
  await context.grantPermissions(['notifications'], { origin: new URL(web.url).origin });
  const page = await context.newPage();
  await observeNotifications(page);
  await page.addInitScript(({ key, value }) => localStorage.setItem(key, JSON.stringify(value)), { key: CLIENT_SETTINGS_KEY, value: { operator: 'Zhang Xiaohua', locale: 'en' } });
  await page.goto(new URL('#/group', web.url).href);
  return { context, page };
}

test('a critical alarm raised upstream is notified once, in the UI language; a reconnect does not repeat it; an acknowledgement on another console closes it', async ({ browser }) => {
  test.setTimeout(240_000);
  const { context, page } = await englishDesk(browser);
  await expect(page.getByTestId('alarm-banner')).toHaveAttribute('data-open', '0', { timeout: 60_000 });
  expect(await page.evaluate(() => Notification.permission)).toBe('granted');
  expect(await shown(page)).toEqual([]);

  // Upstream: a group-tier fault whose first escalation has breached.
  upstream.append([groupFault(Date.now())]);
  await expect(page.getByTestId('alarm-item')).toHaveCount(1, { timeout: 60_000 });
  await expect.poll(() => shown(page), { timeout: 30_000 }).toHaveLength(1);
  const [first] = await shown(page);
  expect(first!.title).toBe(`Critical alarm · ${TICKET}`);
  expect(first!.body).toMatch(/^南京市公安局 南京: First escalation limit overdue \d+m(\d+s)?$/);
  expect(first!.closed).toBe(false);
  const [alarm] = (await alarmsOf(desk)).filter((a) => a.severity === 'critical');
  expect(first!.tag).toBe(alarm!.id);

  // The page loses the core and comes back: the state reloads, the alarm is not notified again.
  await context.setOffline(true);
  await expect(page.getByTestId('stale-banner')).toBeVisible({ timeout: 30_000 });
  await context.setOffline(false);
  await expect(page.getByTestId('stale-banner')).toHaveCount(0, { timeout: 30_000 });
  // The console loses its source and comes back: the stream resumes, the alarm stands, still one notification.
  upstream.dropConnections();
  await expect.poll(() => upstream.connectedClients(), { timeout: 30_000 }).toBe(2);
  await seconds(page, 3);
  expect(await shown(page)).toHaveLength(1);
  expect((await shown(page))[0]!.closed).toBe(false);

  // Another console of the room acknowledges it (认领): the source's echo reaches the desk, whose notification closes.
  await expect.poll(async () => (await alarmsOf(other)).some((a) => a.id === alarm!.id), { timeout: 60_000 }).toBe(true);
  await other.dispatch('alarm:acknowledge', { id: alarm!.id, operator: '李娜', locale: 'zh-CN' }, { caller: 'test' });
  await expect.poll(async () => (await shown(page))[0]!.closed, { timeout: 60_000 }).toBe(true);
  await expect(page.getByTestId('alarm-banner')).toHaveAttribute('data-open', '0');
  await seconds(page, 2);
  expect(await shown(page)).toHaveLength(1);
  await context.close();
});

test('critical alarms new at once are one notification naming how many, closed once every one of them is acknowledged', async ({ browser }) => {
  test.setTimeout(240_000);
  const { context, page } = await englishDesk(browser);
  await expect(page.getByTestId('alarm-banner')).toHaveAttribute('data-whole', 'yes', { timeout: 60_000 });
  const before = (await alarmsOf(desk)).filter((a) => a.severity === 'critical' && a.acknowledged === null).length;
  expect(before).toBe(0);

  // Five group-tier faults at once (a source back after an outage): one notification, not five.
  const tickets = Array.from({ length: 5 }, (_, i) => `JS-NJ-20261203-02${String(i).padStart(2, '0')}`);
  upstream.append(tickets.map((ticket) => groupFault(Date.now(), ticket)));
  await expect(page.getByTestId('alarm-banner')).toHaveAttribute('data-open', '5', { timeout: 60_000 });
  await expect.poll(() => shown(page), { timeout: 30_000 }).toHaveLength(1);
  await seconds(page, 2);
  const [summary] = await shown(page);
  expect(await shown(page)).toHaveLength(1);
  expect(summary!.title).toBe('5 critical alarms');
  expect(summary!.body).toMatch(/^南京市公安局 南京: First escalation limit overdue \d+m(\d+s)? and 4 more$/);
  expect(summary!.tag).toBe('alarm-summary');

  // Acknowledged one by one on the other console: the notification stays up until the last.
  await expect.poll(async () => (await alarmsOf(other)).filter((a) => tickets.includes(a.ticketId ?? '') && a.severity === 'critical').length, { timeout: 60_000 }).toBe(5);
  const alarms = (await alarmsOf(other)).filter((a) => tickets.includes(a.ticketId ?? '') && a.severity === 'critical');
  for (const alarm of alarms.slice(0, 4)) await other.dispatch('alarm:acknowledge', { id: alarm.id, operator: '李娜', locale: 'zh-CN' }, { caller: 'test' });
  await expect(page.getByTestId('alarm-banner')).toHaveAttribute('data-open', '1', { timeout: 60_000 });
  await seconds(page, 2);
  expect((await shown(page))[0]!.closed).toBe(false);
  await other.dispatch('alarm:acknowledge', { id: alarms[4]!.id, operator: '李娜', locale: 'zh-CN' }, { caller: 'test' });
  await expect.poll(async () => (await shown(page))[0]!.closed, { timeout: 60_000 }).toBe(true);
  expect(await shown(page)).toHaveLength(1);
  await context.close();
});

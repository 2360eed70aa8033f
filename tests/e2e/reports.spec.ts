// Upward reporting through the UI, with the simulated province as the upstream
// that files the reports. The spec runs its own console (web mode, embedded
// simulator, throwaway data dir) in the test process so it can ask the
// simulator what it received and make it refuse reports or cut connections.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import type { FeedStatus } from '../../shared/contract';
import { startConsoleCore, type ConsoleCore } from '../../electron/core/console-core';
import { chromiumPdfPrinter } from '../../electron/core/pdf';
import { startEmbeddedProvince, type Simulator } from '../../electron/simulator';
import type { FiledReport, ReportRule } from '../../electron/simulator/server';
import { startWebServer, type WebServer } from '../../electron/web/server';
import { asOperator, boardRow, grid, openFirstTicket } from './helpers';

let dataDir: string;
let core: ConsoleCore;
let web: WebServer;
let sim: Simulator;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'noc-e2e-reports-'));
  core = await startConsoleCore({
    dataDir,
    shell: 'web',
    printer: chromiumPdfPrinter(),
    // The shell's part: start the simulated province, and keep it to drive from the test.
    simulator: {
      start: async (request) => {
        const province = await startEmbeddedProvince(request);
        sim = province.simulator;
        return province;
      },
      seed: 20261122,
      speed: 1,
    },
  });
  web = await startWebServer({ dispatch: core.dispatch, pushes: core.pushes, staticDir: resolve('out/renderer'), host: '127.0.0.1', port: 0 });
  // The province's history is still arriving when the core starts. A ticket read off the board before the
  // console has caught up can close a moment later, when its closing events are applied; a click on it then
  // waited two minutes for a row that was gone (2 of 6 runs with a core busy). Every source caught up first.
  await expect
    .poll(async () => ((await core.dispatch('feed:status', {}, { caller: 'test' })) as FeedStatus).sources.every((source) => source.state === 'connected' && source.lag === 0), {
      timeout: 120_000,
    })
    .toBe(true);
});

// The operator's name is this seat's own setting, kept in the browser.
test.beforeEach(({ page }) => asOperator(page, '张晓华'));

test.afterAll(async () => {
  await web?.close();
  await core?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test.afterEach(() => sim.inject({ kind: 'refuse-reports', rule: null }));

const filed = (): FiledReport[] => [...sim.reports('group'), ...sim.reports('province')];
const filedFor = (ticketId: string, kind: string) => filed().filter((f) => f.report.ticketId === ticketId && f.report.kind === kind);

/** Makes every source apply `rule` to the reports it gets. */
function rule(apply: ReportRule): void {
  sim.inject({ kind: 'refuse-reports', rule: apply });
}

/** Opens the group board and the drawer of a ticket whose progress cadence has breached; returns its number. */
async function openOverdueTicket(page: Page): Promise<string> {
  await page.goto(new URL('#/group', web.url).href);
  // A grid row is split into a pinned part and a centre part; the centre one holds the ticket number and the clocks.
  const rows = grid(page, 'group').locator('.ag-row');
  const overdue = rows.filter({ has: page.locator('[data-clock="upwardProgress"][data-state="breached"]') });
  await overdue.first().waitFor({ timeout: 45_000 });
  return openFirstTicket(page, 'group', overdue);
}

test('one click sends exactly one report with the ticket facts, and the cadence restarts on the board', async ({ page }) => {
  const ticketId = await openOverdueTicket(page);
  const drawer = page.getByTestId('ticket-drawer');
  const customer = (await drawer.locator('h2').innerText()).trim();

  await drawer.getByTestId('report-send-progress').click();
  await expect(drawer.locator('[data-testid="report-entry"][data-kind="progress"][data-state="acknowledged"]')).toBeVisible();

  const reports = filedFor(ticketId, 'progress');
  expect(reports).toHaveLength(1);
  expect(reports[0]!.report).toMatchObject({ ticketId, kind: 'progress', audience: 'group' });
  expect(reports[0]!.report.title).toContain(customer);
  expect(reports[0]!.report.body).toContain('张晓华');
  await expect(drawer.locator('[data-testid="report-entry"][data-kind="progress"]')).toContainText(reports[0]!.receipt);
  // Every console hears the report's echo (protocol 1.1's `reported`); the timeline tells it in words.
  const echo = drawer.getByTestId('timeline').locator('li', { hasText: '上报已回执' });
  await expect(echo).toContainText(reports[0]!.receipt);
  // Labelled fields, never a protocol key or an RFC 3339 instant off the wire.
  for (const raw of ['reported', 'reportId', 'audience', 'createdAt', /\d{4}-\d{2}-\d{2}T\d/]) await expect(echo).not.toContainText(raw);

  // The acknowledged report starts a new 30-minute cycle: the board's chip turns from breached to ok.
  // The board is filtered to the ticket: less urgent now, its row moves down and may leave the rows in view.
  await page.getByTestId('filter-text').fill(ticketId);
  await expect(boardRow(page, 'group', ticketId).locator('[data-clock="upwardProgress"]').first()).toHaveAttribute('data-state', 'ok');
});

test('a connection cut before the acknowledgement still files exactly one report', async ({ page }) => {
  const ticketId = await openOverdueTicket(page);
  let cut = false;
  rule(() => {
    // Filed, then the connection drops before the answer leaves.
    if (!cut) {
      cut = true;
      sim.inject({ kind: 'drop-connections' });
    }
    return null;
  });
  const drawer = page.getByTestId('ticket-drawer');
  await drawer.getByTestId('report-send-stage-feedback').click();
  await expect(drawer.locator('[data-testid="report-entry"][data-kind="stage-feedback"][data-state="acknowledged"]')).toBeVisible({ timeout: 30_000 });
  expect(cut).toBe(true);
  expect(filedFor(ticketId, 'stage-feedback')).toHaveLength(1);
});

test('a refused report shows the server reason and can be edited and resent', async ({ page }) => {
  const ticketId = await openOverdueTicket(page);
  rule(() => ({ code: 'ticket-locked', message: '工单已被集团锁定，暂不接收上报' }));
  const drawer = page.getByTestId('ticket-drawer');
  await drawer.getByTestId('report-send-suspend-request').click();
  await expect(drawer.getByTestId('report-refusal')).toContainText('工单已被集团锁定，暂不接收上报');
  expect(filedFor(ticketId, 'suspend-request')).toHaveLength(0);

  rule(() => null);
  await page.goto(new URL('#/reports', web.url).href);
  const refused = page.locator(`[data-testid="report-entry"][data-ticket="${ticketId}"][data-kind="suspend-request"][data-state="refused"]`);
  await expect(refused).toContainText('工单已被集团锁定');
  await refused.getByTestId('report-edit-resend').click();
  const dialog = page.getByTestId('resend-dialog');
  await dialog.getByTestId('resend-body').fill('因市政施工许可尚未下达，申请挂起至许可下达。');
  await dialog.getByTestId('resend-submit').click();
  // The ticket may be the one an earlier test sent stage feedback for (the first overdue one): count its suspension requests.
  await expect(page.locator(`[data-testid="report-entry"][data-ticket="${ticketId}"][data-kind="suspend-request"][data-state="acknowledged"]`)).toHaveCount(1);
  const reports = filedFor(ticketId, 'suspend-request');
  expect(reports).toHaveLength(1);
  expect(reports[0]!.report.body).toBe('因市政施工许可尚未下达，申请挂起至许可下达。');
});

test('核实 asks the city NOC and the handler from the drawer; the board shows who is awaited; 催办 presses on a late clock', async ({ page }) => {
  await page.goto(new URL('#/group', web.url).href);
  // A group ticket whose check cycle (30 min) is late.
  const rows = grid(page, 'group').locator('.ag-row');
  const late = rows.filter({ has: page.locator('[data-clock="check"][data-state="breached"]') });
  await late.first().waitFor({ timeout: 45_000 });
  const ticketId = await openFirstTicket(page, 'group', late);
  const drawer = page.getByTestId('ticket-drawer');
  const panel = drawer.getByTestId('supervision');

  await panel.getByTestId('supervise-check').click();
  // Both parties were asked, under this seat's name: each line waits for (or already has) an answer.
  for (const party of ['city-noc', 'handler']) {
    await expect(panel.getByTestId(`supervision-${party}`)).toHaveAttribute('data-state', /awaiting|replied/);
    await expect(panel.getByTestId(`supervision-${party}`)).toContainText('张晓华');
  }
  const checks = filedFor(ticketId, 'check');
  expect(checks.map((f) => f.report.audience).sort()).toEqual(['city-noc', 'handler']);
  expect(checks[0]!.report.operator?.name).toBe('张晓华');
  // The check cycle restarted from the echo: the board's chip is no longer late.
  await expect(boardRow(page, 'group', ticketId).locator('[data-clock="check"]').first()).toHaveAttribute('data-state', 'ok');
  // The board's 督办 column says whom the NOC waits for (scrolled into view: the grid draws visible columns only).
  await page.getByTestId('drawer-close').click();
  await grid(page, 'group').locator('.ag-body-horizontal-scroll-viewport').evaluate((el) => (el.scrollLeft = el.scrollWidth));
  await expect(boardRow(page, 'group', ticketId).locator('.ag-cell[col-id="supervision"]')).toContainText(/地市网监中心|故障处理人/);
  await boardRow(page, 'group', ticketId).locator('.ag-cell[col-id="supervision"]').click();
  await expect(panel.getByTestId('supervise-check')).toBeVisible();

  // An urge names one late clock the city NOC or the handler works to, the most pressing by default.
  const urge = panel.getByTestId('urge-handler');
  if ((await urge.count()) > 0) {
    const clock = await panel.getByTestId('urge-clock').inputValue();
    await urge.click();
    await expect.poll(() => filedFor(ticketId, 'urge').length, { timeout: 30_000 }).toBe(1);
    expect(filedFor(ticketId, 'urge')[0]!.report).toMatchObject({ audience: 'handler', subject: { clock } });
  }
  await expect(panel.getByTestId('supervise-error')).toHaveCount(0);
});

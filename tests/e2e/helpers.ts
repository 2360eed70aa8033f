import { mkdirSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import { CLIENT_SETTINGS_KEY } from '../../renderer/src/store/clientSettings';

export const SCREENSHOTS = 'artifacts/screenshots';

/**
 * Screenshots are artifacts of the run: kept, named by what and at which size.
 * Taken once the page's finite animations have ended (the wall's page turn fades
 * in over 600 ms: a 4K wall was shot half faded when its board loaded quickly).
 */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await animationsEnded(page);
  const { width, height } = page.viewportSize() ?? { width: 0, height: 0 };
  await page.screenshot({ path: `${SCREENSHOTS}/${name}-${width}x${height}.png` });
}

/** Resolves once the page's finite animations (a wall's page turn, a row's flash) have ended. */
export async function animationsEnded(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
}

/** The page's screen reports as `operator` (a setting each screen keeps in its browser), from its next load on. */
export async function asOperator(page: Page, operator: string): Promise<void> {
  await page.addInitScript(({ key, name }) => localStorage.setItem(key, JSON.stringify({ operator: name })), { key: CLIENT_SETTINGS_KEY, name: operator });
}

export function grid(page: Page, level: 'group' | 'province'): Locator {
  return page.getByTestId(`grid-${level}`);
}

/** Rows of a board's grid, one element per row. */
export function gridRows(page: Page, level: 'group' | 'province'): Locator {
  return grid(page, level).locator('.ag-row');
}

/** The row of a board's grid that holds ticket `ticketId`. */
export function boardRow(page: Page, level: 'group' | 'province', ticketId: string): Locator {
  return grid(page, level)
    .locator('.ag-row')
    .filter({ has: page.locator('.ag-cell[col-id="ticketId"]', { hasText: ticketId }) });
}

/**
 * Opens the drawer of the first of `rows` (rows of the board of `level`) and
 * returns its ticket number, once the grid holds the board's whole list (while
 * its pages join, a row read may move out of the rows drawn before the click).
 * The click goes to that ticket's cell, found again by its number: a live board
 * may re-sort between the read and the click (a click on the first row again
 * once opened another ticket's drawer).
 */
export async function openFirstTicket(page: Page, level: 'group' | 'province', rows: Locator): Promise<string> {
  await expect(grid(page, level)).toHaveAttribute('data-loaded', 'true', { timeout: 60_000 });
  const ticketId = (await rows.first().locator('.ag-cell[col-id="ticketId"]').innerText()).trim();
  await grid(page, level).locator('.ag-cell[col-id="ticketId"]', { hasText: ticketId }).first().click();
  await expect(page.getByTestId('ticket-drawer')).toContainText(ticketId);
  return ticketId;
}

/**
 * Waits until the screen holds this console's whole alarm state (it comes in
 * pages after the boards' whole lists): its banner says so. Not the page's
 * timeline mark: Playwright's clock, once installed, replaces performance.mark.
 */
export async function alarmsWhole(page: Page): Promise<void> {
  await page.locator('[data-testid="alarm-banner"][data-whole="yes"]').waitFor({ timeout: 60_000 });
}

export async function openBoard(page: Page, level: 'group' | 'province'): Promise<void> {
  await page.goto(`./#/${level}`);
  await gridRows(page, level).first().waitFor({ timeout: 45_000 });
}

/** Texts of one column for the rows in view, in screen order. */
export async function columnTexts(page: Page, level: 'group' | 'province', colId: string): Promise<string[]> {
  return grid(page, level)
    .locator('.ag-row')
    .evaluateAll(
      (rows, id) =>
        rows
          .map((row) => ({
            index: Number(row.getAttribute('row-index')),
            text: (row.querySelector(`.ag-cell[col-id="${id}"]`) as HTMLElement | null)?.innerText ?? '',
          }))
          .sort((a, b) => a.index - b.index)
          .map((row) => row.text),
      colId,
    );
}

/**
 * Routes the page's socket so that the whole lists' pages (`board:list` with
 * `after`) wait until the returned release is called: the screen stays in a
 * start's state, its first rows in and its lists loading. With `firstRows`, a
 * board's first rows are cut to that many of a board said to hold more.
 */
export async function holdWholeLists(page: Page, { firstRows }: { firstRows?: number } = {}): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.routeWebSocket(/\/contract\//, (socket) => {
    const server = socket.connectToServer();
    const firsts = new Set<string>();
    const pages = new Set<string>();
    socket.onMessage((message) => {
      const asked = /^42(\d+)\["invoke","board:list",(.*)\]$/.exec(String(message));
      if (asked) (JSON.parse(asked[2]!).after === undefined ? firsts : pages).add(asked[1]!);
      server.send(message);
    });
    server.onMessage(async (message) => {
      const answer = /^43(\d+)(.*)$/.exec(String(message));
      if (answer && pages.has(answer[1]!)) await held;
      if (answer && firstRows !== undefined && firsts.has(answer[1]!)) {
        const [outcome] = JSON.parse(answer[2]!) as [{ result: { rows: unknown[]; total: number } }];
        outcome.result.rows = outcome.result.rows.slice(0, firstRows);
        outcome.result.total = Math.max(outcome.result.total, firstRows + 1);
        socket.send(`43${answer[1]}${JSON.stringify([outcome])}`);
        return;
      }
      socket.send(message);
    });
  });
  return release;
}

import { expect, test } from './fixtures';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { E2E_PORT } from '../../playwright.config';
import { alarmsWhole } from './helpers';

// Web mode as a real browser meets it: a page of another site open in a tab of
// the same machine, and a wall opened with its token in the address.

test('a page of another origin cannot open the console’s socket (loopback mode, no token)', async ({ page }) => {
  // The attacker's page, served from another origin on the same machine.
  const evil: Server = createServer((_, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end(`<!doctype html><title>waiting</title><script>
      const socket = new WebSocket('ws://127.0.0.1:${E2E_PORT}/contract/?EIO=4&transport=websocket');
      socket.onmessage = () => { document.title = 'opened'; };
      socket.onerror = () => { document.title = 'refused'; };
    </script>`);
  });
  await new Promise<void>((done) => evil.listen(0, '127.0.0.1', done));
  try {
    await page.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`);
    await expect(page).toHaveTitle(/opened|refused/, { timeout: 30_000 });
    expect(await page.title()).toBe('refused');
  } finally {
    evil.close();
  }
});

const TOKEN = 'e2e-wall-token-0123456789';

test.describe('a wall opened with ?token=', () => {
  const port = E2E_PORT + 1;
  let server: ChildProcess;

  test.beforeAll(async () => {
    server = spawn(process.execPath, ['out/main/serve.js', '--port', String(port), '--token', TOKEN, '--data-dir', 'artifacts/e2e-token-data', '--fresh', '--seed', '7'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // serve.js prints its address once it listens.
    await new Promise<void>((done, fail) => {
      server.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('web mode:')) done();
      });
      server.once('exit', (code) => fail(new Error(`serve.js exited with ${code}`)));
    });
  });
  test.afterAll(() => {
    server.kill('SIGTERM');
  });

  // The group board's first list answered (a wall may show no row: every ticket a long-standing breach).
  test('connects, takes the token out of the address bar, and still connects after a reload', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`http://127.0.0.1:${port}/?token=${TOKEN}&wall=1`);
    await expect(page.getByTestId('wall-board-group')).toHaveAttribute('data-loaded', 'true', { timeout: 60_000 });
    const address = new URL(page.url());
    expect(address.searchParams.has('token')).toBe(false);
    expect(address.searchParams.get('wall')).toBe('1');
    await page.reload();
    await expect(page.getByTestId('wall-board-group')).toHaveAttribute('data-loaded', 'true', { timeout: 60_000 });
    await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  });

  test('without the token the page stays disconnected and says so', async ({ page }) => {
    await page.goto(`http://127.0.0.1:${port}/#/group`);
    await expect(page.getByTestId('stale-banner')).toBeVisible({ timeout: 30_000 });
  });
});

// Every violation of the page's Content-Security-Policy, as the page's own listener hears it (a string: the e2e
// tests compile without the DOM's types).
const CSP_VIOLATIONS = `globalThis.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => globalThis.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));`;

for (const [screen, url, whole] of [
  ['desk', './#/group', '[data-testid="grid-group"][data-loaded="true"]'],
  ['wall', './?wall=1', '[data-testid="wall-board-group"][data-loaded="true"]'],
] as const) {
  // A strict policy is worth its reports only if the console itself never trips it: zod probed `new Function` on
  // its first parse, twice a start, a violation each time (its jitless mode skips the probe).
  test(`the ${screen} trips no rule of its own Content-Security-Policy`, async ({ page }) => {
    await page.addInitScript(CSP_VIOLATIONS);
    await page.goto(url);
    await page.locator(whole).waitFor({ timeout: 60_000 });
    await alarmsWhole(page);
    expect(await page.evaluate(() => (globalThis as { cspViolations?: string[] }).cspViolations)).toEqual([]);
  });
}

import { expect, test } from './fixtures';
import type { Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { startSimulator, type Simulator } from '../../electron/simulator';
import { CLIENT_SETTINGS_KEY } from '../../renderer/src/store/clientSettings';
import { STRINGS } from '../../shared/i18n';
import { buildProvince } from '../../electron/simulator/province';
import { customerTakesTwoLines } from '../../renderer/src/wall/customerLines';
import { holdWholeLists, shoot } from './helpers';

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
  await expect(page.getByTestId('wall-board-group')).toHaveAttribute('data-loaded', 'true', { timeout: 45_000 });
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

/** The scripts the page asked for (recorded as it asks, so none is missed however late its answer). */
function scriptsAsked(page: Page): string[] {
  const asked: string[] = [];
  page.on('request', (request) => request.resourceType() === 'script' && asked.push(request.url()));
  return asked;
}

for (const [how, url, stored] of [
  ['its URL', './?wall=1', {}],
  ["the seat's wall-on-boot setting", './', { wallOnBoot: true }],
] as const) {
  test(`a screen started on the wall by ${how} never fetches the desk's grid`, async ({ page }) => {
    await page.addInitScript(({ key, value }) => localStorage.setItem(key, JSON.stringify(value)), { key: CLIENT_SETTINGS_KEY, value: stored });
    const asked = scriptsAsked(page);
    await page.goto(url);
    await expect(page.getByTestId('wall-board-group')).toHaveAttribute('data-loaded', 'true', { timeout: 45_000 });
    // The desk's grid chunk is the one holding ag-grid's own markup.
    const withGrid = [];
    for (const script of asked) if ((await (await page.request.get(script)).text()).includes('ag-root-wrapper')) withGrid.push(script);
    expect(asked.length).toBeGreaterThan(3);
    expect(withGrid).toEqual([]);
  });
}

test('while the whole lists are on their way, the wall counts nothing and claims nothing from the first rows', async ({ page }) => {
  // The start's first rows are the most urgent few of a board. The socket is routed so that they are one row of
  // a board said to hold more, and the whole lists' pages wait: the wall must not count that row as the board,
  // nor say from it that nothing is breached, that nothing runs, or that every ticket breached long ago.
  const { wall } = STRINGS['zh-CN'];
  const release = await holdWholeLists(page, { firstRows: 1 });
  await page.goto('./?wall=1');
  const board = page.getByTestId('wall-board-group');
  await expect(board).toHaveAttribute('data-loaded', 'false');
  await expect(page.getByTestId('wall-count-breached').locator('b')).toHaveText('…');
  await expect(page.getByTestId('pinned-breaches')).toContainText(STRINGS['zh-CN'].common.loading);
  // Said in the dim colour of what is not known yet, not the all-clear's green.
  await expect(page.getByTestId('pinned-breaches')).toHaveClass(/pinned--loading/);
  await expect(page.getByTestId('pinned-breaches')).not.toContainText(wall.pinnedNone);
  await expect(page.getByTestId('breaches-next')).not.toContainText(wall.nextNone);
  await expect(board).not.toContainText('均已超时');

  release();
  await expect(board).toHaveAttribute('data-loaded', 'true', { timeout: 45_000 });
  await expect(page.getByTestId('wall-count-breached').locator('b')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('pinned-breaches')).not.toContainText(STRINGS['zh-CN'].common.loading);
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
  // By now every breach is hours old: the strip counts them instead of naming them.
  await expect(page.getByTestId('pinned-long')).toBeVisible();
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
    await expect(page.getByTestId('wall-board-group')).toHaveAttribute('data-loaded', 'true', { timeout: 45_000 });
    const scale = size.width / 1920;
    // The countdowns that matter most: the band's, and the board's unless every ticket on it is a long breach.
    const countdown = page.getByTestId('next-item').first().locator('.countdown__time');
    const px = (value: string) => Number.parseFloat(value);
    expect(px(await countdown.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(48 * scale);
    const text = page.getByTestId('wall-row').first().locator('td').nth(2).or(page.getByTestId('wall-all-long').locator('p'));
    expect(px(await text.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(24 * scale);
    // The banner's acknowledge button holds its words at every size (at 4K they stood out of a 32 px box).
    const acknowledge = page.getByTestId('alarm-acknowledge').first();
    await expect(acknowledge).toBeVisible({ timeout: 45_000 });
    const box = await acknowledge.evaluate((el) => ({ height: el.getBoundingClientRect().height, font: Number.parseFloat(getComputedStyle(el).fontSize) }));
    expect(box.height).toBeGreaterThanOrEqual(box.font * 1.2);
    await shoot(page, 'wall-group');
  });
}

const WALL_SHOTS = 'artifacts/wall';

/** The screen's language, kept by its browser (the Settings page's "This screen"), from the page's next load on. */
async function inLocale(page: Page, locale: 'zh-CN' | 'en'): Promise<void> {
  await page.addInitScript(({ key, value }) => localStorage.setItem(key, JSON.stringify({ locale: value })), { key: CLIENT_SETTINGS_KEY, value: locale });
}

/**
 * Every wall row's table fits the free height: no row is cut by the strip or a banner. Read as the
 * last frame drew it: between a change (the band arriving) and the next frame, the layout a script
 * reads has the new band and the old count of rows, which the frame's own count corrects before it is
 * painted (wall/useFittingRows.ts).
 */
async function expectRowsUncut(page: Page, level: 'group' | 'province'): Promise<void> {
  const board = page.getByTestId(`wall-board-${level}`);
  await page.evaluate(() => new Promise((drawn) => requestAnimationFrame(() => setTimeout(drawn, 0))));
  const cut = await board.evaluate((element) => {
    // Every breach over an hour old: no table, only their count (the simulated province runs on the real clock).
    const table = element.querySelector('.wall-table-wrap');
    if (!table) return 0;
    const wrap = table.getBoundingClientRect();
    return [...element.querySelectorAll('tbody tr')].filter((row) => row.getBoundingClientRect().bottom > wrap.bottom + 0.5).length;
  });
  expect(cut).toBe(0);
}

test('shows what breaches next, collapses long-standing breaches to a count and shows overdue as a duration', async ({ page }) => {
  await page.goto('./?wall=1');
  const board = page.getByTestId('wall-board-group');
  await expect(board).toHaveAttribute('data-loaded', 'true', { timeout: 45_000 });

  // The band: running clocks only (ok or warning), soonest deadline first.
  const next = page.getByTestId('next-item');
  await expect(next.first()).toBeVisible();
  const band = await next.evaluateAll((items) => items.map((item) => ({ due: Number(item.getAttribute('data-due-at')), state: item.getAttribute('data-state') })));
  expect(band.length).toBeGreaterThan(0);
  expect(band.every((item) => item.state === 'ok' || item.state === 'warning')).toBe(true);
  expect(band.map((item) => item.due)).toEqual([...band.map((item) => item.due)].sort((a, b) => a - b));

  // Breaches over an hour old are counted, not listed. The simulated province
  // runs on the real clock, so whether its group board holds any depends on the
  // hour the test runs (a CI run at 22:55 Shanghai found none): the rule itself
  // is tested in tests/unit/board/wall.test.ts, here the screen must agree with it.
  const long = Number(await board.getAttribute('data-long-breaches'));
  if (long > 0) {
    await expect(board.getByTestId('wall-long-breaches').or(board.getByTestId('wall-all-long'))).toBeVisible();
    await expect(page.getByTestId('pinned-long')).toHaveAttribute('data-count', /^[1-9]\d*$/);
  } else {
    await expect(board.getByTestId('wall-long-breaches')).toHaveCount(0);
    await expect(board.getByTestId('wall-all-long')).toHaveCount(0);
  }

  // Each row's badge is the state of the clock its countdown shows; overdue reads as a duration.
  const rows = await board.getByTestId('wall-row').evaluateAll((trs) =>
    trs.map((tr) => ({
      countdown: tr.querySelector('[data-testid="countdown"]')?.getAttribute('data-state') ?? null,
      badge: tr.querySelector('[data-testid="state-badge"]')?.getAttribute('data-state') ?? null,
      time: tr.querySelector('.countdown__time')?.textContent ?? '',
      overdue: tr.querySelector('[data-testid="countdown"]')?.getAttribute('data-overdue') === 'true',
    })),
  );
  for (const row of rows.filter((r) => r.countdown !== null)) expect(row.badge).toBe(row.countdown);
  for (const row of rows.filter((r) => r.overdue)) expect(row.time).toMatch(/^超时 (\d+时\d\d分|\d+分\d\d秒)$/);
  await expectRowsUncut(page, 'group');
  const fit = Number(await board.getAttribute('data-rows-fit'));
  expect(rows.length).toBeLessThanOrEqual(fit);
});

for (const size of [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
]) {
  test(`every wall row is one height whatever it holds, and a taller row is never cut: ${size.width}x${size.height}`, async ({ page }) => {
    // The 4K wall cut its last row at some hours (7 to 8 Shanghai, 4 December): a row with no deadline was
    // 116 px where a countdown's was 122.4, and the rows that fit were counted from the first row alone.
    await page.setViewportSize(size);
    await page.goto('./?wall=1&offset=1');
    const board = page.getByTestId('wall-board-province');
    await expect(board).toHaveAttribute('data-loaded', 'true', { timeout: 60_000 });
    await expect(board.getByTestId('wall-row').first()).toBeVisible();
    const heights = await board.evaluate((element) => {
      // The same row, holding in turn each shape a wall row takes (the markup WallCountdown and WallBoard draw).
      const row = element.querySelector('tbody tr:last-child') as HTMLElement;
      const countdown = row.children[0]!;
      const customer = row.children[2]!;
      const shapes = [
        '<span class="countdown"><span class="countdown__clock">集团进度上报</span><span class="countdown__time">00:12:34</span></span>',
        '<span class="countdown countdown--overdue"><span class="countdown__clock">Repair</span><span class="countdown__time"><span class="countdown__word">超时</span> 17时35分</span></span>',
        '<span class="countdown countdown--idle">挂起</span>',
        '<span class="countdown countdown--idle">No deadline</span>',
      ];
      const measured = shapes.map((html) => {
        countdown.innerHTML = html;
        return row.getBoundingClientRect().height;
      });
      customer.className = 'wall-row__customer wall-row__customer--two-lines';
      customer.innerHTML = '<span>连云港市市场监督管理局雨花台区分局</span>';
      measured.push(row.getBoundingClientRect().height);
      measured.push(element.querySelector('tbody tr')!.getBoundingClientRect().height);
      return measured;
    });
    expect(new Set(heights).size, `row heights ${heights.join(', ')}`).toBe(1);

    // Whatever makes a row taller after the board was measured (a font, a new shape), the board counts again.
    const before = Number(await board.getAttribute('data-rows-fit'));
    await board.evaluate((element) => ((element.querySelector('tbody tr:last-child td') as HTMLElement).style.height = '40vh'));
    await expect.poll(async () => Number(await board.getAttribute('data-rows-fit'))).toBeLessThan(before);
    await expectRowsUncut(page, 'province');
  });
}

for (const locale of ['zh-CN', 'en'] as const) {
  for (const size of [
    { width: 1920, height: 1080 },
    { width: 3840, height: 2160 },
  ]) {
    test(`looks right from across the room: ${locale} at ${size.width}x${size.height}`, async ({ page }) => {
      test.setTimeout(180_000);
      await inLocale(page, locale);
      await page.setViewportSize(size);
      mkdirSync(WALL_SHOTS, { recursive: true });
      let measuredBoards = 0;
      for (const [offset, level] of [
        [0, 'group'],
        [1, 'province'],
      ] as const) {
        await page.goto(`./?wall=1&offset=${offset}`);
        const board = page.getByTestId(`wall-board-${level}`);
        await expect(board).toHaveAttribute('data-loaded', 'true', { timeout: 60_000 });
        await expect(board.getByTestId('wall-row').or(board.getByTestId('wall-all-long')).first()).toBeVisible();
        await expect(page.getByTestId('next-item').first()).toBeVisible();
        await expectRowsUncut(page, level);
        // Read from across the room, nobody hovers for a tooltip: the countdown, the customer and the stage and holder show whole.
        const cutCells = await board.evaluate((element) =>
          [...element.querySelectorAll('tbody tr')].flatMap((row) =>
            [0, 2, 5].map((n) => row.children[n]).filter((cell) => cell && cell.scrollWidth > cell.clientWidth + 1).map((cell) => cell!.textContent),
          ),
        );
        expect(cutCells).toEqual([]);
        // The labels are measured in a row: a board whose tickets all breached over an hour ago shows
        // none but its note (the simulator's small hours, Shanghai time: the full run at 01:52 failed here).
        if ((await board.getByTestId('wall-row').count()) > 0) {
          measuredBoards += 1;
          // Every label the service and stage columns can hold, not only the simulator's of the moment
          // (CI's run met "Dispatched · Optimization" where this machine's had not, 3 December).
          const strings = STRINGS[locale];
          const stages = Object.values(strings.code.stage).flatMap((stage) => [stage, ...Object.values(strings.board.centerShort).map((center) => `${stage} · ${center}`)]);
          const tooWide = await board.evaluate(
            (element, labels) => {
              const measure = document.createElement('canvas').getContext('2d')!;
              const row = element.querySelector('tbody tr')!;
              return labels.flatMap(({ column, texts }) => {
                const cell = row.children[column] as HTMLElement;
                const style = getComputedStyle(cell);
                measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
                const room = cell.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
                return texts.filter((text) => measure.measureText(text).width > room);
              });
            },
            [
              { column: 4, texts: Object.values(strings.code.service) },
              { column: 5, texts: stages },
            ],
          );
          expect(tooWide).toEqual([]);
          // Every customer of the simulator's catalogue (the server's seed), in a copy of a row: whole in
          // one line or two, and the row no taller (the rows that fit were counted at its height).
          const names = buildProvince(20261122).customers.map(({ customer }) => ({ name: customer.name, twoLines: customerTakesTwoLines(customer.name) }));
          const namesCut = await board.evaluate((element, catalogue) => {
            const row = element.querySelector('tbody tr') as HTMLElement;
            const copy = row.cloneNode(true) as HTMLElement;
            row.parentElement!.append(copy);
            const cell = copy.children[2] as HTMLElement;
            const span = cell.querySelector('span')!;
            const cut = catalogue.flatMap(({ name, twoLines }) => {
              cell.classList.toggle('wall-row__customer--two-lines', twoLines);
              span.textContent = name;
              // One line cannot wrap (nowrap): its width tells. Two are counted, not measured in pixels: the
              // CJK font's ascent and descent (1.45 em) reach past a 1.3 em line box by a few pixels.
              const lines = () => Math.round(span.scrollHeight / Number.parseFloat(getComputedStyle(span).lineHeight));
              const whole = cell.scrollWidth <= cell.clientWidth + 1 && (!twoLines || lines() <= 2);
              return whole && copy.getBoundingClientRect().height <= row.getBoundingClientRect().height + 0.5 ? [] : [name];
            });
            copy.remove();
            return cut;
          }, names);
          expect(namesCut).toEqual([]);
        }
        const band = page.getByTestId('next-item').first().locator('.countdown__time');
        expect(Number.parseFloat(await band.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual((48 * size.width) / 1920);
        // Let the page turn's slide finish before the picture.
        await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
        await page.screenshot({ path: `${WALL_SHOTS}/wall-${level}-${locale}-${size.width}x${size.height}.png` });
      }
      expect(measuredBoards, 'neither board showed a row to measure its labels in').toBeGreaterThan(0);
      // The alarm banner's spans in the board's form, not the desk's compact one ("overdue 16m26s" stood
      // above "overdue 16 min 26 s" on the English wall).
      const strings = STRINGS[locale];
      const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const wallSpan = [strings.wall.hoursMinutes, strings.wall.minutesSeconds]
        .map((form) => escape(form).replace(/\\\{\\\{[hm]\\\}\\\}/g, '\\d+').replace(/\\\{\\\{s\\\}\\\}/g, '\\d\\d'))
        .join('|');
      const said = [strings.alarm.overdue, strings.alarm.dueIn, strings.alarm.feedQuiet].map((form) => escape(form).replace(/\\\{\\\{duration\\\}\\\}/, `(${wallSpan})`));
      const overdue = page.getByTestId('alarm-overdue').first();
      await expect(overdue).toBeVisible();
      expect(await overdue.innerText()).toMatch(new RegExp(`^(${said.join('|')})$`));
    });
  }
}

/** A console of its own (`serve.js` on `dataDir`) fed by `simulator`'s sources, with wall `settings`; its address once it listens. */
async function ownConsole(dataDir: string, simulator: Simulator, settings: object): Promise<{ url: string; server: ChildProcess }> {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tokenEnv = (role: string) => `E2E_WALL_${role.toUpperCase()}`;
  const sources = simulator.sources.map((source) => ({ id: source.id, name: source.name, url: source.url, level: source.level, tokenEnv: tokenEnv(source.role) }));
  writeFileSync(`${dataDir}/config.json`, JSON.stringify({ sources }));
  writeFileSync(`${dataDir}/settings.json`, JSON.stringify(settings));
  const tokens = Object.fromEntries(simulator.sources.map((source) => [tokenEnv(source.role), source.token]));
  const server = spawn(process.execPath, ['out/main/serve.js', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...tokens } });
  // serve.js prints its address once it listens.
  const url = await new Promise<string>((done, fail) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      const address = /web mode: (http:\/\/\S+)/.exec(chunk.toString());
      if (address) done(address[1]!);
    });
    server.once('exit', (code) => fail(new Error(`serve.js exited with ${code}`)));
  });
  return { url, server };
}

test.describe('the pinned strip', () => {
  // Its own province, busy at any hour: the shared one's day so far depends on the hour the run starts
  // (quiet nights: at 06:50 Shanghai no group ticket had a deadline left to run out).
  test.describe.configure({ timeout: 300_000 });
  let simulator: Simulator;
  let own: { url: string; server: ChildProcess };
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    simulator = await startSimulator({ host: '127.0.0.1', seed: 20261203, epoch: Date.now() - 6 * 3_600_000, generator: { ticketsPerHour: 300, burstsPerDay: 0 } });
    own = await ownConsole('artifacts/e2e-wall-pinned', simulator, { wall: { fontScale: 1, playlist: [{ page: 'group', dwellSeconds: 3600 }], breachBonusSeconds: 0, maxRows: 12 } });
  });
  test.afterAll(async () => {
    own?.server.kill('SIGTERM');
    await simulator?.close();
  });

  test('names only the breaches that fit whole and counts the rest (English, 1920x1080)', async ({ page }) => {
    await inLocale(page, 'en');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.clock.install();
    await page.goto(`${own.url}?wall=1`);
    await expect(page.getByTestId('wall-board-group')).toHaveAttribute('data-loaded', 'true', { timeout: 45_000 });
    // The page's clock moves on and the simulated province's does not: running deadlines pass on the page and
    // its strip fills with fresh breaches. Five minutes at a time until four are fresh (within the hour).
    const strip = page.getByTestId('pinned-breaches');
    let steps = 0;
    while (Number(await strip.getAttribute('data-recent')) < 4 && steps < 72) {
      await page.clock.fastForward(300_000);
      steps += 1;
    }
    await expect(strip).toHaveAttribute('data-recent', /^([4-9]|\d{2,})$/);
    const named = strip.getByTestId('pinned-item');
    await expect(named.first()).toBeVisible();
    // The strip measures what fits after it is drawn (a frame later): the reading settles to every named breach
    // whole, its customer's name too (no ellipsis), inside the strip, and the named and the counted adding up to the fresh breaches.
    const read = () =>
      strip.evaluate((element) => {
        const items = [...element.querySelectorAll('[data-testid="pinned-item"]')];
        const right = element.getBoundingClientRect().right;
        return {
          cut: items
            .filter((item) => {
              const customer = item.querySelector('.pinned__customer')!;
              return item.scrollWidth > item.clientWidth + 1 || customer.scrollWidth > customer.clientWidth + 1 || item.getBoundingClientRect().right > right;
            })
            .map((item) => item.textContent),
          namedAndCounted: items.length + Number(element.querySelector('[data-testid="pinned-more"]')?.getAttribute('data-count') ?? 0) - Number(element.getAttribute('data-recent')),
        };
      });
    // Generous: on a busy machine the strip's measuring frames may come late.
    await expect.poll(read, { timeout: 30_000 }).toEqual({ cut: [], namedAndCounted: 0 });
    mkdirSync(WALL_SHOTS, { recursive: true });
    await page.screenshot({ path: `${WALL_SHOTS}/wall-pinned-en-1920x1080.png` });

    // Names too long for two to fit whole (customers' names in letters three times as large): one breach is named, the
    // rest counted, rather than two or three names cut to an ellipsis that tells them apart no better than a count.
    await page.addStyleTag({ content: '.pinned__customer { font-size: 300%; }' });
    await expect.poll(async () => strip.getByTestId('pinned-item').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => (await read()).namedAndCounted, { timeout: 30_000 }).toBe(0);
  });
});

test.describe('with two feeds, one of them killed', () => {
  // A console of its own on two real socket.io upstreams this test holds, so it
  // can stop one: the group source stays, the province source dies.
  test.describe.configure({ timeout: 300_000 });
  const dataDir = 'artifacts/e2e-wall-feeds';
  let simulator: Simulator;
  let server: ChildProcess;
  let url: string;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    simulator = await startSimulator({ host: '127.0.0.1', seed: 20261122, epoch: Date.now() - 86_400_000 });
    // Each board on a screen of its own for the whole test: no page turns.
    ({ url, server } = await ownConsole(dataDir, simulator, {
      wall: { fontScale: 1, playlist: [{ page: 'group', dwellSeconds: 3600 }, { page: 'province', dwellSeconds: 3600 }], breachBonusSeconds: 0, maxRows: 12 },
    }));
  });
  test.afterAll(async () => {
    server?.kill('SIGTERM');
    await simulator?.close();
  });

  test('only the board of the dead feed goes stale, with its own data age', async ({ page, browser }) => {
    await page.goto(`${url}?wall=1`);
    const provinceScreen = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    try {
      await provinceScreen.goto(`${url}?wall=1&offset=1`);
      const group = page.getByTestId('wall-board-group');
      const province = provinceScreen.getByTestId('wall-board-province');
      await expect(group).toHaveAttribute('data-loaded', 'true', { timeout: 60_000 });
      await expect(province).toHaveAttribute('data-loaded', 'true', { timeout: 60_000 });
      await expect(group).toHaveAttribute('data-stale', 'false');
      await expect(province).toHaveAttribute('data-stale', 'false');

      await simulator.server('province').close();
      // Stale once 30 s pass with nothing from it (domain.md, Alarms): waited on the board's own mark.
      await expect(province).toHaveAttribute('data-stale', 'true', { timeout: 90_000 });
      await expect(province.getByTestId('board-stale-banner')).toContainText('江苏电子运维系统（模拟）');
      await expect(province.getByTestId('board-data-age')).toContainText('数据');
      // The group board's feed still runs: fresh, its data age seconds old, and no console-wide banner.
      await expect(group).toHaveAttribute('data-stale', 'false');
      await expect(group.getByTestId('board-stale-banner')).toHaveCount(0);
      await expect(page.getByTestId('stale-banner')).toHaveCount(0);
      await expect(provinceScreen.getByTestId('stale-banner')).toHaveCount(0);
      // The banner takes height: the rows still fit, none is cut.
      await expectRowsUncut(provinceScreen, 'province');
      mkdirSync(WALL_SHOTS, { recursive: true });
      await provinceScreen.screenshot({ path: `${WALL_SHOTS}/wall-province-feed-down-zh-CN-1920x1080.png` });
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.screenshot({ path: `${WALL_SHOTS}/wall-group-other-feed-down-zh-CN-1920x1080.png` });
    } finally {
      await provinceScreen.close();
    }
  });
});

test('a wall turned on shows its first rows before any script has run, then the app takes them over', async ({ browser, page }) => {
  // Without script: what the server drew (electron/web/first-paint.ts) is the whole of the page.
  const still = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1920, height: 1080 } });
  try {
    const bare = await still.newPage();
    await bare.goto('./?wall=1');
    const drawn = bare.locator('[data-first-paint] [data-testid="wall-board-group"] [data-testid="wall-row"]');
    await expect(drawn.first()).toBeVisible();
    expect(await drawn.count()).toBeGreaterThan(0);
    await expect(bare.getByTestId('wall-page-name')).toContainText(STRINGS['zh-CN'].nav.group);
    await shoot(bare, 'wall-first-paint');
  } finally {
    await still.close();
  }

  // With it: the app's first render replaces the drawing with its own rows, from the replies the page came with.
  await page.goto('./?wall=1');
  await expect(page.locator('[data-testid="wall"] [data-testid="wall-row"]').first()).toBeVisible();
  await expect(page.locator('[data-first-paint]')).toHaveCount(0);
  await expect(page.getByTestId('wall-board-group')).toHaveAttribute('data-loaded', 'true', { timeout: 45_000 });
});

test("a seat's language reaches its wall's first paint through a cookie", async ({ page }) => {
  await page.addInitScript(({ key }) => localStorage.setItem(key, JSON.stringify({ locale: 'en' })), { key: CLIENT_SETTINGS_KEY });
  await page.goto('./?wall=1');
  await expect(page.getByTestId('wall-page-name')).toContainText(STRINGS.en.nav.group);
  await expect.poll(async () => (await page.context().cookies()).find((cookie) => cookie.name === 'noc-locale')?.value).toBe('en');
  // The next start of this screen is drawn in English before its script runs.
  const html = await (await page.request.get('./?wall=1')).text();
  expect(html).toContain('<html lang="en" class="is-wall"');
  expect(html).toContain(`<h1 id="wall-title-group">${STRINGS.en.board.title.group}</h1>`);
});

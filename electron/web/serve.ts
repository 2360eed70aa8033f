// `npm run serve`: the console in web mode. The same core as the Electron
// window, with the built renderer over HTTP and the contract over WebSocket.
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Dispatch } from '../core/dispatch';
import { PushBus } from '../core/push-bus';
import { checkWebOptions, startWebServer } from './server';
import { FIRST_PAINT_WAIT_MS } from './first-paint';

const USAGE = `usage: npm run serve -- [--host 127.0.0.1] [--port 5317] [--token T] [--allow-host NAME]... [--data-dir DIR] [--fresh] [--seed N] [--speed X]
  --host        address to bind; anything but loopback needs --token (or NOC_WEB_TOKEN)
  --token       token a browser must present, 16 characters or more: open http://HOST:PORT/?token=T (add &wall=1 for the wall)
  --allow-host  a name browsers reach the console by (e.g. noc-wall.example), besides loopback and the bound
                address (every interface's address when binding 0.0.0.0); other names are refused (DNS rebinding)
  --data-dir  cache, settings and config.json (default: $NOC_DATA_DIR or ~/.local/share/noc-console)
  --fresh     start from an empty cache (tests, demos)
  --first-paint-wait MS  how long a wall's page waits for the core to draw its first rows (default 1500)
  --seed, --speed  the embedded simulated province, used when config.json names no source`;

/** out/renderer: beside this file when it runs from the bundle (out/main), two levels up from the source. */
function builtRenderer(): string {
  const candidates = [resolve(__dirname, '../renderer'), resolve(__dirname, '../../out/renderer')];
  const found = candidates.find((dir) => existsSync(resolve(dir, 'index.html')));
  if (!found) throw new Error('the renderer is not built: run `npx electron-vite build` (npm run serve does)');
  return found;
}

/** The core's modules, loaded once the server listens, and the core started on the data folder the options name. */
async function startCore(values: { 'data-dir'?: string; fresh: boolean; seed?: string; speed?: string }, pushes: PushBus) {
  const [{ defaultDataDir }, { startingConsoleCore }, { chromiumPdfPrinter }, { startEmbeddedProvince }] = await Promise.all([
    import('../core/config'),
    import('../core/console-core'),
    import('../core/pdf'),
    import('../simulator'),
  ]);
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  if (values.fresh) rmSync(dataDir, { recursive: true, force: true });
  return startingConsoleCore({
    dataDir,
    shell: 'web',
    pushes,
    printer: chromiumPdfPrinter(),
    simulator: {
      start: startEmbeddedProvince,
      ...(values.seed !== undefined ? { seed: Number(values.seed) } : {}),
      ...(values.speed !== undefined ? { speed: Number(values.speed) } : {}),
    },
  });
}

async function main(): Promise<void> {
  // React's production build draws a wall's first paint (./first-paint): its development build, the default
  // without NODE_ENV, took twice as long to load and draw (a CPU profile of a cold start).
  process.env.NODE_ENV ??= 'production';
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '5317' },
      token: { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      fresh: { type: 'boolean', default: false },
      'first-paint-wait': { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const access = {
    host: values.host,
    token: values.token ?? process.env.NOC_WEB_TOKEN,
    allowHosts: (values['allow-host'] ?? []).flatMap((names) => names.split(',')).map((name) => name.trim()).filter(Boolean),
  };
  checkWebOptions(access);
  const firstPaintWaitMs = Number(values['first-paint-wait'] ?? FIRST_PAINT_WAIT_MS);
  if (!Number.isFinite(firstPaintWaitMs) || firstPaintWaitMs < 0) throw new Error(`--first-paint-wait ${values['first-paint-wait']} is not a number of milliseconds`);
  // Listening first, before the core's modules are even loaded (a third of the 300 ms from spawn to
  // listening, a CPU profile of `node out/main/serve.js`): a browser loads the page while they load and
  // the cache opens. Calls wait for the core; pushes flow once it runs.
  const pushes = new PushBus();
  let listening!: () => void;
  const starting = new Promise<void>((resolveListening) => (listening = resolveListening)).then(() => startCore(values, pushes));
  const dispatch: Dispatch = async (channel, args, context) => (await starting).dispatch(channel, args, context);
  const server = await startWebServer({ dispatch, pushes, staticDir: builtRenderer(), port: Number(values.port), firstPaintWaitMs, ...access });
  console.log(`政企故障督办台 web mode: ${server.url}  (wall screen: ${server.url}?wall=1)`);
  listening();
  const core = await starting
    .then(({ ready }) => ready)
    .catch(async (error: unknown) => {
      await server.close();
      throw error;
    });
  for (const problem of core.problems) console.warn(`warning: ${problem}`);
  const stop = async () => {
    await server.close();
    await core.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

// The built renderer, held in memory and served from there. Streamed from disk,
// each 64 KB chunk took a thread-pool read and a turn of the event loop; while
// a cold start folds its open tickets in 12 ms slices, the 1.2 MB grid chunk
// took a second to arrive (10,000 open tickets, bench/coldstart.ts). From
// memory a response is one write. The build is 4.4 MB and never changes while
// the server runs (its assets are named by hash).
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export interface StaticFile {
  body: Buffer;
  type: string;
  /** index.html is asked again each time (it names the assets of the current build); assets never change. */
  cacheControl: string;
}

export interface StaticFiles {
  /** The file at an address ("/assets/index-abc.js"); any other address is the single page's index.html. */
  at(path: string): StaticFile;
  index: StaticFile;
}

/** Every file of the build folder `root`, by its address. */
export function loadStaticFiles(root: string): StaticFiles {
  const files = new Map<string, StaticFile>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const address = `/${relative(root, file).split(sep).join('/')}`;
    const isIndex = address === '/index.html';
    files.set(address, {
      body: readFileSync(file),
      type: MIME[extname(file)] ?? 'application/octet-stream',
      cacheControl: isIndex ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
  }
  const index = files.get('/index.html');
  if (!index) throw new Error(`no built renderer in ${root}: run \`npm run build\` first`);
  return { at: (path) => files.get(path) ?? index, index };
}

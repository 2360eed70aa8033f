// better-sqlite3 is a native addon: plain Node (CLI, web mode, tests) needs it
// built for Node's ABI, Electron for Electron's. Rather than rebuilding in
// place (which breaks the other), the Electron build goes to out/native/ and
// the Electron shell loads it through better-sqlite3's `nativeBinding` option.
// This needs Electron's headers from the network, so it runs on the Electron
// start path only, never in postinstall.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

// npm ships node-gyp; the project does not need its own copy.
function nodeGyp() {
  const bundled = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  if (existsSync(bundled)) return bundled;
  return require.resolve('node-gyp/bin/node-gyp.js');
}

export function electronNativeBindingPath(electronVersion) {
  return join('out', 'native', `electron-${electronVersion}`, 'better_sqlite3.node');
}

export function ensureElectronNative(electronVersion) {
  const target = electronNativeBindingPath(electronVersion);
  if (existsSync(target)) return target;
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const work = mkdtempSync(join(tmpdir(), 'bsqlite-electron-'));
  try {
    cpSync(source, work, { recursive: true, filter: (path) => !path.includes(`${join(source, 'build')}`) });
    const gyp = nodeGyp();
    const result = spawnSync(
      process.execPath,
      [gyp, 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
      { cwd: work, stdio: 'inherit', env: { ...process.env, npm_config_nodedir: '' } },
    );
    if (result.status !== 0) throw new Error(`building better-sqlite3 for Electron ${electronVersion} failed (it needs Electron's headers from the network)`);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

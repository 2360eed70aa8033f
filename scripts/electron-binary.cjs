// Where the Electron binary is, or why there is none. Electron 42+ installs
// without its binary and fetches it lazily; on a machine without that network
// the fetch fails, and we say so instead of crashing.
// CommonJS so that both scripts/start.mjs and the Playwright Electron spec load it.
const { existsSync, readFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { dirname, join } = require('node:path');

function expectedPath() {
  const packageDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  return { packageDir, binary: join(distDir, relative) };
}

/** @returns {{ path: string } | { path: null, reason: string }} */
function findElectron({ download = false } = {}) {
  let { packageDir, binary } = expectedPath();
  if (existsSync(binary)) return { path: binary };
  if (download) {
    const result = spawnSync(process.execPath, [join(packageDir, 'install.js')], { encoding: 'utf8', timeout: 300_000 });
    ({ binary } = expectedPath());
    if (result.status === 0 && existsSync(binary)) return { path: binary };
    // The installer prints a stack; its first line that is not a frame says what failed.
    const lines = `${result.stderr ?? ''}\n${result.stdout ?? ''}`.split('\n').map((line) => line.trim());
    const why = lines.find((line) => line && !line.startsWith('at ')) ?? `exit ${result.status}`;
    return { path: null, reason: `the Electron binary could not be downloaded (${why})` };
  }
  return { path: null, reason: `the Electron binary is not installed (${binary} missing; it downloads on first \`npm start\` where the network allows)` };
}

module.exports = { findElectron };

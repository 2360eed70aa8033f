// `npm start`: the Electron window when Electron can run here; otherwise one
// line saying why, and web mode on 127.0.0.1 with its URL printed.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import electronBinary from './electron-binary.cjs';
import { ensureElectronNative } from './electron-native.mjs';

const require = createRequire(import.meta.url);
const passThrough = process.argv.slice(2);

function startWebMode(reason) {
  console.log(`Electron cannot start here: ${reason}; starting web mode instead.`);
  // The bundle `npm start` has just built (electron-vite's serve entry): plain node, nothing compiled at start.
  const child = spawn(process.execPath, ['out/main/serve.js', ...passThrough], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

const electron = electronBinary.findElectron({ download: true });
if (!electron.path) {
  startWebMode(electron.reason);
} else {
  let nativeBinding;
  try {
    nativeBinding = resolve(ensureElectronNative(require('electron/package.json').version));
  } catch (error) {
    startWebMode(error.message);
  }
  if (nativeBinding) {
    const child = spawn(electron.path, ['.', ...passThrough], {
      stdio: 'inherit',
      env: { ...process.env, NOC_SQLITE_BINDING: nativeBinding },
    });
    child.on('exit', (code) => process.exit(code ?? 0));
  }
}

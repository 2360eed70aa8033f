// The layering rule (eslint.config.mjs, scripts/eslint/code-layering.mjs) as
// `npm run lint` runs it: probe files that each break one rule, linted at
// virtual paths inside their layer, must be errors; files that keep to the
// allow-lists must not be; and the real tree must lint clean.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const LAYERING = 'code-layering/layers';
const eslint = new ESLint({ cwd: ROOT });

interface Probe {
  /** Where the probe pretends to live. */
  file: string;
  code: string;
  /** The error's rule and what its message must say (the layer and what it may import, or why). */
  rule?: string;
  says: RegExp;
}

async function errorsOf(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, file) });
  return result!.messages.filter((message) => message.severity === 2);
}

const PROBES: Probe[] = [
  // The probes: each passed the old deny-list.
  { file: 'shared/domain/badge.tsx', code: 'export const badge = 1;\n', says: /Layer shared .* holds only \.ts files, not \.tsx/ },
  { file: 'shared/domain/clock-timer.ts', code: "import { setTimeout } from 'timers';\nexport const later = setTimeout;\n", says: /Layer shared .*no Node built-ins.*'timers' is the Node built-in 'timers'/ },
  { file: 'shared/reports/check.ts', code: "import assert from 'assert';\nexport const check = assert;\n", says: /Layer shared .*the Node built-in 'assert'/ },
  { file: 'renderer/src/store/stopwatch.ts', code: "import { performance } from 'perf_hooks';\nexport const now = () => performance.now();\n", says: /Layer renderer .*the Node built-in 'perf_hooks'/ },
  { file: 'renderer/src/store/wait.ts', code: "import { setTimeout } from 'node:timers/promises';\nexport const wait = setTimeout;\n", says: /Layer renderer .*the Node built-in 'timers\/promises'/ },
  { file: 'renderer/src/store/check.ts', code: "import { ok } from 'node:assert/strict';\nexport const check = ok;\n", says: /Layer renderer .*the Node built-in 'assert\/strict'/ },
  { file: 'shared/i18n/hook.ts', code: "import { useState } from 'react';\nexport const useLocale = () => useState('zh-CN');\n", says: /Layer shared .*packages zod.*the package 'react'/ },
  { file: 'shared/protocol/client.ts', code: "import { io } from 'socket.io-client';\nexport const connect = io;\n", says: /Layer shared .*the package 'socket\.io-client'/ },
  { file: 'electron/core/print-window.ts', code: "export const electron = () => import('electron');\n", says: /Layer core .*the package 'electron'/ },
  { file: 'electron/core/serve-too.ts', code: "export { startWebServer } from '../web/server';\n", says: /Layer core .*electron\/web\/server \(layer web/ },
  { file: 'electron/core/window.ts', code: "import { registerIpc } from '../main/index';\nexport const ipc = registerIpc;\n", says: /Layer core .*electron\/main \(layer main/ },
  { file: 'electron/core/commands.ts', code: "import { simulate } from '../cli/serve';\nexport const run = simulate;\n", says: /Layer core .*electron\/cli\/serve \(layer cli/ },
  { file: 'electron/preload/engine.ts', code: "import { Engine } from '../core/ingest/engine';\nexport type E = Engine;\n", says: /Layer preload .*electron\/core\/ingest\/engine \(layer core/ },
  { file: 'electron/main/desk.ts', code: "import { App } from '../../renderer/src/App';\nexport const app = App;\n", says: /Layer main .*renderer\/src\/App \(layer renderer/ },
  { file: 'renderer/src/pages/demo.ts', code: "import { startSimulator } from '../../../electron/simulator';\nexport const demo = startSimulator;\n", says: /Layer renderer .*electron\/simulator \(layer simulator/ },
  { file: 'electron/core/demo.ts', code: "import { startSimulator } from '../simulator';\nexport const demo = startSimulator;\n", says: /Layer core .*electron\/simulator \(layer simulator/ },

  // Every import form.
  { file: 'shared/time-zone.ts', code: "import * as os from 'os';\nexport const zone = os.EOL;\n", says: /the Node built-in 'os'/ },
  { file: 'shared/domain/env.ts', code: "export * from 'node:os';\n", says: /the Node built-in 'os'/ },
  { file: 'shared/domain/files.ts', code: "import fs = require('node:fs');\nexport const read = fs.readFileSync;\n", says: /the Node built-in 'fs'/ },
  { file: 'electron/core/shell.ts', code: "const { app } = require('electron');\nexport const quit = () => app.quit();\n", says: /Layer core .*the package 'electron'/ },
  { file: 'electron/web/window.ts', code: "import type { BrowserWindow } from 'electron';\nexport type W = BrowserWindow;\n", says: /Layer web .*the package 'electron'/ },
  { file: 'electron/core/typed.ts', code: "export type Win = typeof import('electron').BrowserWindow;\n", says: /Layer core .*the package 'electron'/ },
  { file: 'renderer/src/store/types.ts', code: "export type { Engine } from '../../../electron/core/ingest/engine';\n", says: /Layer renderer .*electron\/core\/ingest\/engine/ },
  { file: 'renderer/src/env.d.ts', code: '/// <reference types="node" />\nexport {};\n', says: /Layer renderer .*the Node built-in/ },
  { file: 'shared/domain/loader.ts', code: 'export const load = (name: string) => import(name);\n', says: /import\(\) with a computed specifier/ },
  { file: 'renderer/src/pages/lazy.ts', code: 'export const load = (name: string) => import(`../../../electron/${name}`);\n', says: /import\(\) with a computed specifier/ },

  // Every extension.
  { file: 'shared/domain/module.mts', code: "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n", says: /holds only \.ts files, not \.mts/ },
  { file: 'shared/domain/module.mts', code: "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n", says: /Layer shared .*the Node built-in 'fs'/ },
  { file: 'renderer/src/legacy.cts', code: "const fs = require('fs');\nmodule.exports = fs;\n", says: /Layer renderer .*the Node built-in 'fs'/ },
  { file: 'renderer/src/widget.tsx', code: "import { ipcRenderer } from 'electron';\nexport const Widget = () => <div>{String(ipcRenderer)}</div>;\n", says: /Layer renderer .*the package 'electron'/ },
  { file: 'renderer/src/boot.js', code: "import { exec } from 'node:child_process';\nexport const run = exec;\n", says: /Layer renderer .*the Node built-in 'child_process'/ },
  { file: 'renderer/src/boot.mjs', code: "export const boot = () => import('node:worker_threads');\n", says: /Layer renderer .*the Node built-in 'worker_threads'/ },
  { file: 'electron/core/legacy.js', code: "import { app } from 'electron';\nexport const quit = () => app.quit();\n", says: /Layer core .*the package 'electron'/ },

  // The rest of each allow-list.
  { file: 'renderer/src/bridge/direct.ts', code: "import '../../../electron/preload/index';\n", says: /Layer renderer .*electron\/preload \(layer preload/ },
  { file: 'renderer/src/bridge/value.ts', code: "import { PRELOAD } from '../../../electron/preload/api';\nexport const p = PRELOAD;\n", says: /may import '..\/..\/..\/electron\/preload\/api' only as a type/ },
  { file: 'renderer/src/pages/policy.ts', code: "import policy from '../../../resources/policy/default.json';\nexport const p = policy;\n", says: /Layer renderer .*resources\/policy\/default\.json \(in no layer\)/ },
  { file: 'electron/preload/rules.ts', code: "import { clocksAt } from '../../shared/domain';\nexport const c = clocksAt;\n", says: /Layer preload .*shared\/domain \(layer shared/ },
  { file: 'electron/preload/paths.ts', code: "import { join } from 'path';\nexport const j = join;\n", says: /Layer preload .*the Node built-in 'path'/ },
  { file: 'electron/simulator/cache.ts', code: "import { openCache } from '../core/store/db';\nexport const open = openCache;\n", says: /Layer simulator .*electron\/core\/store\/db \(layer core/ },
  { file: 'electron/simulator/db.ts', code: "import Database from 'better-sqlite3';\nexport const D = Database;\n", says: /Layer simulator .*the package 'better-sqlite3'/ },
  { file: 'electron/cli/window.ts', code: "import { registerIpc } from '../main/index';\nexport const r = registerIpc;\n", says: /Layer cli .*electron\/main \(layer main/ },
  { file: 'electron/web/native.ts', code: "import { safeStorage } from 'electron';\nexport const s = safeStorage;\n", says: /Layer web .*the package 'electron'/ },
  // The web shell loads one renderer module (a wall's first paint), none other.
  { file: 'electron/web/desk.ts', code: "export const desk = () => import('../../renderer/src/app/DeskApp');\n", says: /Layer web .*renderer\/src\/app\/DeskApp \(layer renderer/ },
  { file: 'shared/contract/plugin.ts', code: "import react from '@vitejs/plugin-react';\nexport const r = react;\n", says: /Layer shared .*the package '@vitejs\/plugin-react'/ },
  { file: 'bench/window.ts', code: "import { app } from 'electron';\nexport const a = app;\n", says: /Layer bench .*the package 'electron'/ },
  { file: 'misc/tool.ts', code: 'export const tool = 1;\n', says: /misc\/tool\.ts belongs to no layer/ },

  // Node without an import: the globals are refused where Node is.
  { file: 'shared/domain/sneaky.ts', code: "export const fs = process.getBuiltinModule('fs');\n", rule: 'no-restricted-globals', says: /'process'/ },
  { file: 'renderer/src/store/sneaky.ts', code: "export const fs = process.getBuiltinModule('fs');\n", rule: 'no-restricted-globals', says: /'process'/ },
];

/** Files that keep to their allow-lists: the rule must leave them alone. */
const ALLOWED: Omit<Probe, 'says' | 'rule'>[] = [
  { file: 'shared/domain/probe.ts', code: "import { z } from 'zod';\nimport policy from '../../resources/policy/default.json';\nimport { STAGES } from './types';\nexport const probe = [z, policy, STAGES];\n" },
  { file: 'renderer/src/bridge/probe.ts', code: "import type { PreloadApi } from '../../../electron/preload/api';\nimport { io } from 'socket.io-client';\nimport { STRINGS } from '../../../shared/i18n';\nexport type Api = PreloadApi;\nexport const probe = [io, STRINGS];\n" },
  { file: 'renderer/src/pages/Probe.tsx', code: "import { useState } from 'react';\nexport function Probe() {\n  const [n] = useState(0);\n  return <div>{n}</div>;\n}\n" },
  { file: 'electron/preload/probe.ts', code: "import { ipcRenderer } from 'electron';\nimport { REQUEST_CHANNELS } from '../../shared/contract/channels';\nexport const probe = [ipcRenderer, REQUEST_CHANNELS];\n" },
  { file: 'electron/core/probe.ts', code: "import { readFileSync } from 'node:fs';\nimport Database from 'better-sqlite3';\nimport pkg from '../../package.json';\nimport { clocksAt } from '../../shared/domain';\nexport const probe = [readFileSync, Database, pkg, clocksAt, () => import('playwright-core')];\n" },
  { file: 'electron/main/probe.ts', code: "import { app } from 'electron';\nimport { startConsoleCore } from '../core/console-core';\nimport { startEmbeddedProvince } from '../simulator';\nexport const probe = [app, startConsoleCore, startEmbeddedProvince];\n" },
  { file: 'electron/simulator/probe.ts', code: "import { Server } from 'socket.io';\nimport { createServer } from 'node:http';\nimport { WIRE } from '../../shared/protocol';\nexport const probe = [Server, createServer, WIRE];\n" },
  { file: 'tests/unit/probe.test.ts', code: "import { isRendererUrl } from '../../electron/main/sender';\nimport { App } from '../../renderer/src/App';\nexport const probe = [isRendererUrl, App];\n" },
];

describe('the layering allow-lists', () => {
  it.each(PROBES)('refuses $file: $says', async ({ file, code, rule = LAYERING, says }) => {
    const errors = await errorsOf(file, code);
    expect(errors.filter((error) => error.ruleId === rule).map((error) => error.message)).toContainEqual(expect.stringMatching(says));
  });

  it.each(ALLOWED)('allows $file', async ({ file, code }) => {
    expect(await errorsOf(file, code)).toEqual([]);
  });

  it(
    'finds the real tree clean: every file in a layer, every import on its allow-list',
    async () => {
      const checker = new ESLint({ cwd: ROOT, ruleFilter: ({ ruleId }) => ruleId === LAYERING || ruleId === 'no-restricted-globals' });
      const results = await checker.lintFiles(['.']);
      expect(results.length).toBeGreaterThan(200);
      const problems = results.flatMap((result) => result.messages.map((message) => `${result.filePath}:${message.line}: ${message.message}`));
      expect(problems).toEqual([]);
    },
    180_000,
  );
});

// `npm test`: every gate in one run, then one plain closing line that CI reads:
// "N passed, N failed, N skipped". Test counts come from the runners' JSON
// reports; lint, type checks, the security gate and the build count as one
// check each. Exit status is non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

// Preflight: the tools the suite needs from the system. Without them every
// browser, PDF and font test would fail one by one; say so at once instead,
// with the one command that installs them.
const INSTALL = 'apt-get install -y chromium fonts-noto-cjk poppler-utils';
const chromium = process.env.NOC_CHROMIUM ?? '/usr/bin/chromium';
const missing = [];
if (!existsSync(chromium)) missing.push(`Chromium (${chromium})`);
const cjk = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
if (cjk.status !== 0 || !/Noto (Serif|Sans) CJK SC/.test(cjk.stdout)) missing.push('a CJK font (Noto CJK SC, via fontconfig)');
for (const tool of ['pdftoppm', 'pdftotext', 'pdfinfo', 'pdffonts']) {
  if (spawnSync(tool, ['-v'], { stdio: 'ignore' }).error) {
    missing.push('poppler (pdftoppm, pdftotext, pdfinfo, pdffonts)');
    break;
  }
}
if (missing.length > 0) {
  console.error(`npm test needs ${missing.join(', ')}. Install them with:\n\n  ${INSTALL}\n`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const skips = [];
mkdirSync('artifacts', { recursive: true });

function run(label, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`=== ${label}: exit ${result.status ?? result.signal} in ${seconds} s`);
  return result.status === 0;
}

function check(label, command, args) {
  if (run(label, command, args)) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push(label);
  }
}

// Errors that fail a vitest run without failing a test: an uncaught error or
// unawaited rejection after a test ended, a hook that threw
// (tests/support/runErrorsReporter.ts). Each is a failure of its own, named.
const VITEST_RUN_ERRORS = 'artifacts/vitest-run-errors.json';

function countVitest(file) {
  if (!existsSync(file)) return false;
  if (existsSync(VITEST_RUN_ERRORS)) {
    for (const error of JSON.parse(readFileSync(VITEST_RUN_ERRORS, 'utf8'))) {
      totals.failed += 1;
      const frame = (error.stack ?? '').split('\n').find((line) => !line.includes('node_modules') && /\/(tests|electron|shared|renderer)\//.test(line))?.trim();
      failures.push(`vitest, outside a test (${error.where}): ${error.message.split('\n')[0]}${frame ? ` ${frame}` : ''}`);
      console.log(`\nvitest error outside a test (${error.where}):\n${error.stack ?? error.message}`);
    }
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  for (const suite of report.testResults) {
    for (const test of suite.assertionResults) {
      if (test.status === 'failed') failures.push(`vitest: ${test.fullName}`);
    }
  }
  return true;
}

function countPlaywright(file) {
  if (!existsSync(file)) return false;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const outcome = test.status; // expected | unexpected | flaky | skipped
        if (outcome === 'skipped') {
          totals.skipped += 1;
          const reason = test.annotations?.find((note) => note.type === 'skip')?.description ?? 'no reason given';
          skips.push(`${spec.title}: ${reason}`);
        }
        else if (outcome === 'unexpected') {
          totals.failed += 1;
          failures.push(`playwright: ${spec.title}`);
        } else totals.passed += 1;
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites) walk(suite);
  for (const error of report.errors ?? []) {
    totals.failed += 1;
    failures.push(`playwright: ${error.message?.split('\n')[0]}`);
  }
  return true;
}

function runner(label, command, args, reportFile, count) {
  rmSync(reportFile, { force: true });
  const ok = run(label, command, args);
  if (!count(reportFile)) {
    totals.failed += 1;
    failures.push(`${label} produced no report`);
  } else if (!ok && totals.failed === 0) {
    totals.failed += 1;
    failures.push(`${label} exited non-zero`);
  }
}

check('lint', 'npx', ['eslint', '--max-warnings', '0', '.']);
check('typecheck (node)', 'npx', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']);
check('typecheck (web)', 'npx', ['tsc', '-p', 'tsconfig.web.json', '--noEmit']);
check('typecheck (tests in a browser)', 'npx', ['tsc', '-p', 'tsconfig.test-dom.json', '--noEmit']);
check('security scan', 'node', ['scripts/security-scan.mjs']);
rmSync(VITEST_RUN_ERRORS, { force: true });
runner('unit + integration', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=artifacts/vitest-results.json', '--reporter=./tests/support/runErrorsReporter.ts'], 'artifacts/vitest-results.json', countVitest);
check('build', 'npx', ['electron-vite', 'build']);
// Seconds-sized sizes of every bench row, so `npm run bench` cannot rot.
check('bench smoke run', 'npx', ['tsx', 'bench/run.ts', '--smoke']);
runner('end-to-end (Chromium, web mode)', 'npx', ['playwright', 'test'], 'artifacts/playwright-results.json', countPlaywright);
runner('Electron window', 'npx', ['playwright', 'test', '-c', 'tests/electron/playwright.electron.config.ts'], 'artifacts/playwright-electron-results.json', countPlaywright);

if (skips.length > 0) {
  console.log('\nSkipped:');
  for (const skip of skips) console.log(`  - ${skip}`);
}
if (failures.length > 0) {
  console.log('\nFailed:');
  for (const failure of failures) console.log(`  - ${failure}`);
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);

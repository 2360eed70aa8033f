// The `noc` command line. JSON results go to stdout and nothing else does;
// messages and errors go to stderr, errors with a non-zero exit code.
import { parseArgs } from 'node:util';
import { board, breaches, predict } from './query';
import { ingest, rebuild } from './ingest';
import { replay, simulate } from './serve';
import { UsageError } from './options';
import { usageOf } from './usage';
import { reportCommand } from './report-command';
import { supervise } from './supervise';
import { handover } from './handover';
import { storageError } from '../core/store/db';

const OPTIONS = {
  port: { type: 'string' },
  seed: { type: 'string' },
  speed: { type: 'string' },
  protocol: { type: 'string' },
  journal: { type: 'string' },
  source: { type: 'string' },
  'token-file': { type: 'string' },
  db: { type: 'string' },
  'until-caught-up': { type: 'boolean' },
  'give-up-after': { type: 'string' },
  level: { type: 'string' },
  at: { type: 'string' },
  policy: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  by: { type: 'string' },
  ticket: { type: 'string' },
  operator: { type: 'string' },
  console: { type: 'string' },
  locale: { type: 'string' },
  clock: { type: 'string' },
  index: { type: 'string' },
  json: { type: 'boolean' },
  pdf: { type: 'string' },
  note: { type: 'string' },
  shifts: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
const toStderr = (line: string) => process.stderr.write(`${line}\n`);
const toStdout = (line: string) => process.stdout.write(`${line}\n`);

/** Runs a command; a storage error it ends with names its cache file (SQLite's messages never do). */
async function run(argv: string[]): Promise<void> {
  const db = argv[argv.indexOf('--db') + 1];
  return command(argv).catch((error: unknown) => {
    throw argv.includes('--db') && db !== undefined ? storageError(db, error) : error;
  });
}

async function command(argv: string[]): Promise<void> {
  if (argv[0] === 'report' && !argv.includes('--help') && !argv.includes('-h')) return reportCommand(argv.slice(1), Date.now(), toStderr);
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (command === undefined || command === 'help' || values.help) {
    process.stdout.write(`${usageOf(command === 'help' ? rest[0] : command)}\n`);
    return;
  }
  switch (command) {
    case 'simulate':
      return simulate(values, stopSignal(), toStdout);
    case 'replay':
      return replay(rest[0], values, stopSignal(), toStdout);
    case 'ingest':
      return ingest(values, process.env, stopSignal(), toStderr);
    case 'rebuild':
      return rebuild(values, toStderr);
    case 'check':
    case 'urge':
      printJson(await supervise(command, values, process.env, toStderr));
      return;
    case 'handover': {
      const sheet = await handover(values, toStderr);
      if (sheet !== undefined) printJson(sheet);
      return;
    }
    case 'board':
    case 'breaches':
    case 'predict':
      if (!values.json) throw new UsageError('--json is required: JSON is the only output format');
      printJson(command === 'board' ? await board(values, Date.now()) : command === 'predict' ? await predict(values, Date.now()) : await breaches(values));
      return;
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

// exitCode rather than exit(): a piped stdout may still be flushing the JSON.
run(process.argv.slice(2)).then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const command = process.argv[2];
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    toStderr(`noc: ${message}`);
    if (usage) toStderr(`\n${usageOf(command)}`);
    process.exitCode = usage ? 2 : 1;
  },
);

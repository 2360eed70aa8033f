import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { startFeedServer, type FeedServer } from '../../../electron/simulator/server';
import { Engine } from '../../../electron/core/ingest/engine';
import { generatedEvents, inspect, openTemp, policy, snapshot, SOURCE, START, tempDir } from '../support/cache';
import { drafts, waitFor } from '../support/feeds';
import { connectFeed } from '../simulator/feed-client';
import { startHostileSource } from '../support/hostile-source';
import { OPEN_TICKET, SOURCE as REPORTS_SOURCE, TICKET } from '../reports/harness';

const ROOT = resolve(__dirname, '../../..');
const NOC = resolve(ROOT, 'electron/cli/noc.ts');
const TOKEN = 'cli-token';
const events = generatedEvents(1200);
const MID = events[Math.floor(events.length / 2)]!.at;

// node itself with tsx as a loader (not the tsx wrapper), so SIGKILL hits the process that writes.
function start(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', NOC, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function noc(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = start(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, stdout, stderr };
}

describe('noc command line', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: FeedServer;
  let tokenFile: string;

  beforeAll(async () => {
    dir = tempDir('cli');
    server = await startFeedServer({ source: SOURCE, token: TOKEN });
    server.append(drafts(events));
    tokenFile = dir.file('token');
    writeFileSync(tokenFile, TOKEN, { mode: 0o600 });
  });
  afterAll(async () => {
    await server.close();
    dir.remove();
  });

  it('resumes after a SIGKILL mid-ingest to the same cache as a clean ingest', async () => {
    const half = Math.floor(events.length / 2);
    const live = await startFeedServer({ source: SOURCE, token: TOKEN, maxBatch: 500 });
    live.append(drafts(events.slice(0, half)));
    const db = dir.file('killed.db');
    const args = ['ingest', '--source', live.url, '--token-file', tokenFile, '--db', db];
    const child = start(args);
    const applied = () => {
      try {
        const reader = new Database(db, { readonly: true, fileMustExist: true });
        try {
          return reader.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
        } finally {
          reader.close();
        }
      } catch {
        return 0;
      }
    };
    await waitFor(() => applied() > 0, 'the first committed batch', 60_000);
    // The second half arrives and the process dies while applying it.
    live.append(drafts(events.slice(half)));
    child.kill('SIGKILL');
    await new Promise((done) => child.on('close', done));
    expect(applied()).toBeLessThan(events.length);

    const resumed = await noc([...args, '--until-caught-up']);
    await live.close();
    expect(resumed.stderr).toMatch(/applied up to seq/);
    expect(resumed.code).toBe(0);
    const clean = openTemp(dir, 'clean.db');
    const engine = await Engine.open(clean, { policy, now: () => START });
    engine.registerSource(SOURCE, live.url);
    await engine.ingest(SOURCE.id, events);
    await engine.flushed();
    expect(snapshot(db)).toEqual(snapshot(clean));
    await clean.close();
  }, 180_000);

  describe('queries', () => {
    const db = () => dir.file('query.db');
    beforeAll(async () => {
      const done = await noc(['ingest', '--source', server.url, '--db', db(), '--until-caught-up'], { NOC_TOKEN: TOKEN });
      expect(done.code).toBe(0);
    });

    it('prints a board as it stood at --at, JSON only on stdout', async () => {
      const { code, stdout } = await noc(['board', '--db', db(), '--level', 'group', '--at', MID, '--json']);
      expect(code).toBe(0);
      const board = JSON.parse(stdout);
      expect(board).toMatchObject({ at: MID, level: 'group', policyVersion: policy.version });
      expect(board.tickets.length).toBeGreaterThan(0);
      const [ticket] = board.tickets;
      expect(Object.keys(ticket)).toEqual(
        expect.arrayContaining(['source', 'ticketId', 'customer', 'city', 'service', 'stage', 'nextDueAt', 'clocks']),
      );
      expect(ticket.customer.tier).toBe('group');
      expect(Object.keys(ticket.clocks[0]).sort()).toEqual(
        ['dueAt', 'elapsedMs', 'limitMs', 'name', 'startedAt', 'state', 'stoppedAt'].sort(),
      );
      expect(ticket.clocks[0].startedAt).toMatch(/\+08:00$/);
    });

    it('prints breach cells by the asked dimensions', async () => {
      const from = '2026-11-20T00:00:00+08:00';
      const { code, stdout } = await noc(['breaches', '--db', db(), '--from', from, '--to', MID, '--by', 'city,hour', '--json']);
      expect(code).toBe(0);
      const result = JSON.parse(stdout);
      expect(result).toMatchObject({ from, to: MID, by: ['city', 'hour'] });
      expect(result.cells.length).toBeGreaterThan(0);
      for (const cell of result.cells) {
        expect(Object.keys(cell).sort()).toEqual(['breached', 'city', 'hour', 'total']);
        expect(cell.breached).toBeLessThanOrEqual(cell.total);
      }
    });

    it('rebuilds the projection', async () => {
      const read = () => snapshot(db());
      const before = read();
      const { code, stderr } = await noc(['rebuild', '--db', db()]);
      expect(code).toBe(0);
      expect(stderr).toMatch(/rebuilt \d+ tickets/);
      expect(read()).toEqual(before);
    });
  });

  // This test and the next start two to four `noc` processes: generous, as on a busy CI machine a tsx start alone can take seconds.
  it('fails with a message on stderr and nothing on stdout', { timeout: 120_000 }, async () => {
    const bad = dir.file('bad-token');
    writeFileSync(bad, 'wrong', { mode: 0o600 });
    const refused = await noc(['ingest', '--source', server.url, '--token-file', bad, '--db', dir.file('x.db'), '--until-caught-up']);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(/unauthorized/);
    expect(refused.stderr).not.toContain('wrong');

    const loose = dir.file('loose-token');
    writeFileSync(loose, TOKEN, { mode: 0o644 });
    const looseRun = await noc(['ingest', '--source', server.url, '--token-file', loose, '--db', dir.file('x.db')]);
    expect(looseRun.code).toBe(1);
    expect(looseRun.stderr).toMatch(/must be 0600/);

    const usage = await noc(['board', '--db', dir.file('x.db'), '--level', 'city', '--json']);
    expect(usage).toMatchObject({ code: 2, stdout: '' });
    expect(usage.stderr).toMatch(/--level must be group or province[\s\S]*noc board --db FILE/);

    const help = await noc(['help']);
    expect(help.code).toBe(0);
    for (const command of ['simulate', 'replay', 'ingest', 'board', 'breaches', 'rebuild']) expect(help.stdout).toContain(`noc ${command}`);
  });

  it('serves the simulated province in the protocol asked for, and refuses one it does not know', { timeout: 120_000 }, async () => {
    const unknown = await noc(['simulate', '--protocol', '2.0']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/--protocol must be 1\.0 or 1\.1, got 2\.0[\s\S]*noc simulate/);

    const child = start(['simulate', '--protocol', '1.0']);
    let stdout = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    await waitFor(() => stdout.split('\n').length > 2, 'both sources announced', 60_000);
    const [, url, token] = /^sim-js-eom province (\S+) token=(\S+)/m.exec(stdout)!;
    const client = await connectFeed(url!, token!);
    try {
      const ack = await client.subscribe(0);
      expect(ack.protocol).toBeUndefined();
      expect(ack.headSeq).toBeGreaterThan(0);
    } finally {
      client.close();
    }
    child.kill('SIGTERM');
    expect(await new Promise((done) => child.on('close', done))).toBe(0);
  });
});

describe('noc ingest --until-caught-up rides out drops', () => {
  let dir: ReturnType<typeof tempDir>;
  let tokenFile: string;
  beforeAll(() => {
    dir = tempDir('cli-drops');
    tokenFile = dir.file('token');
    writeFileSync(tokenFile, TOKEN, { mode: 0o600 });
  });
  afterAll(() => dir.remove());

  it('reconnects after every drop, resumes from since and exits 0 once caught up', async () => {
    // A network that drops the connection four times during a catch-up.
    const backlog = events.slice(0, 3000);
    const flaky = await startHostileSource({ source: SOURCE, token: TOKEN, maxBatch: 250 });
    flaky.append(backlog);
    flaky.dropEvery = 600;
    const db = dir.file('drops.db');
    const done = await noc(['ingest', '--source', flaky.url, '--token-file', tokenFile, '--db', db, '--until-caught-up']);
    const subscribes = flaky.subscribes;
    await flaky.close();
    expect(done.stderr).toMatch(/applied up to seq 3000, 0 quarantined/);
    expect(done.code).toBe(0);
    expect(subscribes).toBeGreaterThanOrEqual(5);
    const reader = inspect(db);
    expect(reader.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(backlog.length);
    reader.close();
    // Each reconnect waits its back-off and a child process starts: generous on a busy machine.
  }, 300_000);

  it('gives up after --give-up-after without progress, naming the last error', async () => {
    const flapping = await startHostileSource({ source: SOURCE, token: TOKEN });
    flapping.append(events.slice(0, 10));
    flapping.dropAfterSubscribe = true;
    const failed = await noc(['ingest', '--source', flapping.url, '--token-file', tokenFile, '--db', dir.file('flapping.db'), '--until-caught-up', '--give-up-after', '2s']);
    await flapping.close();
    expect(failed).toMatchObject({ code: 1, stdout: '' });
    expect(failed.stderr).toMatch(/no progress for 2 s; last error: disconnected: io server disconnect/);
  }, 120_000);

  it('fails at once on a database from a newer version or a file that is no database, naming it, and refuses a bad duration', async () => {
    const future = dir.file('future.db');
    const raw = new Database(future);
    raw.pragma('user_version = 999');
    raw.close();
    const refused = await noc(['ingest', '--source', 'http://127.0.0.1:9', '--token-file', tokenFile, '--db', future, '--until-caught-up']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/future\.db has schema version 999, newer than this program's/);
    const notes = dir.file('notes.txt');
    writeFileSync(notes, 'not a cache\n'.repeat(500));
    const board = await noc(['board', '--db', notes, '--level', 'group', '--json']);
    expect(board).toMatchObject({ code: 1, stdout: '' });
    expect(board.stderr).toContain(`${notes}: file is not a database`);
    const usage = await noc(['ingest', '--source', 'http://127.0.0.1:9', '--token-file', tokenFile, '--db', dir.file('y.db'), '--until-caught-up', '--give-up-after', 'soon']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--give-up-after must be a duration/);
  }, 120_000);
});

describe('noc check and noc urge', () => {
  it('check both parties and urge one through the source, printing the reports; the board shows who was asked', async () => {
    const dir = tempDir('cli-supervise');
    const server = await startFeedServer({ source: REPORTS_SOURCE, token: TOKEN });
    server.append(OPEN_TICKET);
    const tokenFile = dir.file('token');
    writeFileSync(tokenFile, TOKEN, { mode: 0o600 });
    const db = dir.file('desk.db');
    const common = ['--source', server.url, '--token-file', tokenFile, '--db', db, '--ticket', TICKET];
    try {
      const nameless = await noc(['check', ...common], { NOC_OPERATOR: '' });
      expect(nameless.code).toBe(2);
      expect(nameless.stderr).toMatch(/--operator NAME/);

      const checked = await noc(['check', ...common, '--operator', '张晓华', '--console', 'desk-duty']);
      expect(checked.stderr).toMatch(/check → city-noc: acknowledged/);
      expect(checked.code).toBe(0);
      const { reports } = JSON.parse(checked.stdout) as { reports: { kind: string; audience: string; state: string; console: string }[] };
      expect(reports.map((r) => [r.kind, r.audience, r.state, r.console])).toEqual([
        ['check', 'city-noc', 'acknowledged', 'desk-duty'],
        ['check', 'handler', 'acknowledged', 'desk-duty'],
      ]);

      // The first-escalation clock is the NOC's own: refused with why, nothing sent.
      const own = await noc(['urge', ...common, '--to', 'handler', '--clock', 'firstEscalation', '--operator', '张晓华']);
      expect(own.code).toBe(1);
      expect(own.stderr).toMatch(/can be urged/);
      const urged = await noc(['urge', ...common, '--to', 'handler', '--clock', 'repair', '--operator', '张晓华']);
      expect(urged.code).toBe(0);
      expect(JSON.parse(urged.stdout).reports[0]).toMatchObject({ kind: 'urge', audience: 'handler', subject: { clock: 'repair' }, state: 'acknowledged' });
      expect(server.reports().map((f) => f.report.kind)).toEqual(['check', 'check', 'urge']);

      const board = await noc(['board', '--db', db, '--level', 'group', '--json']);
      const row = (JSON.parse(board.stdout) as { tickets: { ticketId: string; supervision: { checks: Record<string, { operator: { name: string } } | null>; urges: number } }[] }).tickets.find(
        (r) => r.ticketId === TICKET,
      )!;
      expect(row.supervision.checks['city-noc']?.operator.name).toBe('张晓华');
      expect(row.supervision.urges).toBe(1);
    } finally {
      await server.close();
      dir.remove();
    }
  }, 300_000);
});

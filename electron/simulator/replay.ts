// `noc replay FILE.jsonl`: serves a recorded log through the same feed server
// as the simulator. Events keep their recorded order and get fresh seqs 1..N,
// so a filtered or merged log still reaches clients without gaps; lines that
// are not JSON objects are served as malformed events for clients to quarantine.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ProtocolVersion, SourceInfo } from '../../shared/protocol';
import type { FeedServer, RawDraft } from './server';
import { startFeedServer } from './server';
import type { WallClock } from './time';
import { systemClock } from './time';

export interface ReplayOptions {
  file: string;
  port?: number;
  host?: string;
  /** Recorded time per real time; 0 or Infinity serves the whole log at once. */
  speed?: number;
  token?: string;
  source?: SourceInfo;
  clock?: WallClock;
  heartbeatMs?: number;
  /** Real ms between pushes of due events (and, in 1.1, replies); 0 leaves pushing to `pump()`. */
  tickMs?: number;
  /** `1.1` (the default): reports echoed, claims taken, checks and urges answered; `1.0`: none of it. */
  protocol?: ProtocolVersion;
  /** Seed of the city NOCs' and handlers' replies (1.1). */
  seed?: number;
}

export interface Replay {
  readonly server: FeedServer;
  /** Connect with `io(url + '/noc', { auth: { token, client } })`. */
  readonly url: string;
  readonly token: string;
  readonly source: SourceInfo;
  /** Lines in the log, each one event on the wire. */
  readonly total: number;
  sent(): number;
  /** Sends every event due by now, and the replies due; returns how many. */
  pump(): number;
  /** Resolves once every line is on the wire. */
  readonly finished: Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_REPLAY_TOKEN = 'replay-token';

interface LoggedEntry {
  entry: RawDraft;
  /** Recorded ms after the first event, never less than the previous entry's. */
  offset: number;
}

function parseJsonl(text: string): LoggedEntry[] {
  const entries: LoggedEntry[] = [];
  let first = NaN;
  let offset = 0;
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const fallbackId = `replay-line-${index + 1}`;
    let entry: RawDraft;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      const { seq: _recordedSeq, ...fields } = parsed as Record<string, unknown>;
      entry = { ...fields, id: typeof fields.id === 'string' && fields.id !== '' ? fields.id : fallbackId };
    } catch {
      entry = { id: fallbackId, raw: line };
    }
    const at = typeof entry.at === 'string' ? Date.parse(entry.at) : NaN;
    if (!Number.isNaN(at)) {
      if (Number.isNaN(first)) first = at;
      offset = Math.max(offset, at - first);
    }
    entries.push({ entry, offset });
  }
  return entries;
}

export async function startReplay(options: ReplayOptions): Promise<Replay> {
  const entries = parseJsonl(await readFile(options.file, 'utf8'));
  const clock = options.clock ?? systemClock;
  const speed = options.speed ?? 1;
  if (Number.isNaN(speed) || speed < 0) throw new Error(`speed must be 0 (as fast as possible) or positive, got ${speed}`);
  const source = options.source ?? { id: 'replay', name: `回放 ${basename(options.file)}`, level: 'province' };
  const server = await startFeedServer({
    source,
    token: options.token ?? DEFAULT_REPLAY_TOKEN,
    port: options.port,
    host: options.host,
    clock,
    heartbeatMs: options.heartbeatMs,
    protocol: options.protocol,
    // The replay's server clock is real time; replies keep pace with the log.
    replies: { seed: options.seed ?? 1, pace: speed === 0 ? Infinity : speed },
  });

  const realStart = clock.now();
  const asFastAsPossible = speed === 0 || speed === Infinity;
  let next = 0;
  let markFinished = () => {};
  const finished = new Promise<void>((resolve) => {
    markFinished = resolve;
  });
  let timer: NodeJS.Timeout | null = null;
  function stop(): void {
    if (timer !== null) clearInterval(timer);
    timer = null;
  }
  // A 1.1 replay keeps pumping after the log ends: replies to checks and urges may still come due.
  const answers = server.protocol === '1.1';
  function pump(): number {
    const reached = asFastAsPossible ? Infinity : (clock.now() - realStart) * speed;
    const from = next;
    while (next < entries.length && (entries[next] as LoggedEntry).offset <= reached) next += 1;
    if (next > from) server.append(entries.slice(from, next).map((logged) => logged.entry));
    if (next === entries.length) {
      if (!answers) stop();
      markFinished();
    }
    return next - from + server.releaseReplies();
  }
  pump();
  const tickMs = options.tickMs ?? 50;
  if ((next < entries.length || answers) && tickMs > 0) timer = setInterval(pump, tickMs);

  return {
    server,
    url: server.url,
    token: server.token,
    source,
    total: entries.length,
    sent: () => next,
    pump,
    finished,
    async close() {
      stop();
      await server.close();
    },
  };
}

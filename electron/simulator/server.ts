// One upstream source speaking ../../shared/feed-protocol.md over socket.io:
// the simulator and the replay tool both feed events into this and nothing
// else touches sockets. It speaks protocol 1.1 (echo, claims, replies; see
// supervision.ts) unless told to speak 1.0. Fault switches let tests make it
// misbehave on purpose.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import {
  FEED_NAMESPACE,
  HEARTBEAT_INTERVAL_MS,
  MAX_EVENTS_PER_BATCH,
  PROTOCOL_1_1_ACK,
  REPORT_AUDIENCES,
  REPORT_KINDS,
  WIRE,
  claimAck,
  handshakeAuth,
  heartbeat,
  reportAck,
  streamEvent,
  subscribeAck,
  subscribeRequest,
  upwardReport,
} from '../../shared/protocol';
import type { ProtocolVersion, ReportAck, SourceInfo, UpwardReport } from '../../shared/protocol';
import type { DraftEvent, StreamDraft } from './draft';
import type { SourceMemory } from './journal';
import type { ReplyDeskOptions } from './replies';
import { SourceSupervision } from './supervision';
import type { WallClock } from './time';
import { toShanghaiIso } from '../../shared/time';
import { systemClock } from './time';

/** Protocol 1.0 knows only the four documents, each on a ticket, to its three audiences. */
function speaks10(report: UpwardReport): boolean {
  return (
    report.ticketId !== null &&
    (REPORT_KINDS as readonly string[]).includes(report.kind) &&
    (REPORT_AUDIENCES as readonly string[]).includes(report.audience)
  );
}

/** Anything a source may put on the wire, well-formed or not: tests send broken events on purpose. */
export interface RawDraft {
  id: string;
  [field: string]: unknown;
}

export interface WireEvent {
  seq: number;
  id: string;
  [field: string]: unknown;
}

export interface ReportRefusal {
  code: string;
  message: string;
}

/** Decides per report whether the source refuses it; null files it. */
export type ReportRule = (report: UpwardReport) => ReportRefusal | null;

export interface FiledReport {
  report: UpwardReport;
  receipt: string;
  receivedAt: string;
}

export interface FeedServerOptions {
  source: SourceInfo;
  token: string;
  /** 0 (the default) takes any free port. */
  port?: number;
  host?: string;
  /** Source of `serverTime` and report receipt times; the simulator passes its simulated clock. */
  clock?: WallClock;
  heartbeatMs?: number;
  maxBatch?: number;
  /** `1.1` (the default) echoes reports, takes claims and answers checks and urges; `1.0` does none of it. */
  protocol?: ProtocolVersion;
  /** How the city NOCs and handlers answer (1.1): the seed of their choices and the pace of the source's clock. */
  replies?: Partial<ReplyDeskOptions>;
  /** Own events and filed reports of earlier runs, and where to keep new ones (journal.ts); none: this run forgets them. */
  memory?: SourceMemory;
}

/** Switches a test flips to make the source misbehave; all off by default. */
export interface FeedFaults {
  /** Refuse every handshake with `unauthorized`, whatever the token. */
  refuseTokens: boolean;
  /** Send every batch twice. */
  duplicate: boolean;
  /** Send every batch in decreasing seq. */
  reorder: boolean;
  reportRule: ReportRule | null;
}

export type MalformedKind = 'bad-payload' | 'unknown-type';

export interface FeedServer {
  readonly source: SourceInfo;
  readonly protocol: ProtocolVersion;
  /** `http://127.0.0.1:PORT`, without the namespace: clients connect to `url + FEED_NAMESPACE`. */
  readonly url: string;
  readonly token: string;
  readonly faults: FeedFaults;
  headSeq(): number;
  /** Numbers the entries and sends them to every subscriber; returns the new head seq. */
  append(entries: readonly (DraftEvent | RawDraft)[]): number;
  /** Appends an event clients must quarantine; it takes a seq, so the stream has no gap. */
  appendMalformed(kind: MalformedKind): WireEvent;
  /** Withholds the next `count` events from every current subscriber; a re-subscribe fills the gap. */
  skipLive(count: number): void;
  /** Server-side disconnect of every client. */
  dropConnections(): void;
  /** Reports filed once each, in arrival order. */
  reports(): readonly FiledReport[];
  /** Sends the replies to checks and urges that are due by the source's clock; returns how many (always 0 in 1.0). */
  releaseReplies(): number;
  connectedClients(): number;
  close(): Promise<void>;
}

interface Subscriber {
  /** Highest seq handed to this socket (or claimed by its `since`). */
  cursor: number;
  skip: number;
}

const DEFAULT_HEARTBEAT_MS = HEARTBEAT_INTERVAL_MS / 2;

export async function startFeedServer(options: FeedServerOptions): Promise<FeedServer> {
  const { source, token } = options;
  const protocol = options.protocol ?? '1.1';
  const clock = options.clock ?? systemClock;
  const maxBatch = Math.min(options.maxBatch ?? MAX_EVENTS_PER_BATCH, MAX_EVENTS_PER_BATCH);
  const faults: FeedFaults = { refuseTokens: false, duplicate: false, reorder: false, reportRule: null };
  const log: WireEvent[] = [];
  const subscribers = new Map<Socket, Subscriber>();
  const filed = new Map<string, FiledReport>();
  const filedInOrder: FiledReport[] = [];
  for (const record of options.memory?.reports ?? []) {
    filed.set(record.report.id, record);
    filedInOrder.push(record);
  }
  /** Own events of earlier runs not yet back in the log; each goes back at its seq. */
  const restoring = [...(options.memory?.events ?? [])];
  const ticketEvents = (ticketId: string) => log.filter((event) => event.ticketId === ticketId);
  const supervision =
    protocol === '1.1' ? new SourceSupervision({ seed: options.replies?.seed ?? 1, pace: options.replies?.pace ?? 1 }, ticketEvents) : null;

  const httpServer = createServer();
  const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 20e6 });
  const nsp = io.of(FEED_NAMESPACE);

  nsp.use((socket, next) => {
    const auth = handshakeAuth.safeParse(socket.handshake.auth);
    if (faults.refuseTokens || !auth.success || auth.data.token !== token) next(new Error('unauthorized'));
    else next();
  });

  function send(socket: Socket, subscriber: Subscriber): void {
    while (subscriber.cursor < log.length) {
      const end = Math.min(subscriber.cursor + maxBatch, log.length);
      let batch = log.slice(subscriber.cursor, end);
      subscriber.cursor = end;
      if (subscriber.skip > 0) {
        const skipped = Math.min(subscriber.skip, batch.length);
        subscriber.skip -= skipped;
        batch = batch.slice(skipped);
      }
      if (batch.length === 0) continue;
      if (faults.reorder) batch.reverse();
      socket.emit(WIRE.events, batch);
      if (faults.duplicate) socket.emit(WIRE.events, batch);
    }
  }

  nsp.on('connection', (socket) => {
    socket.on(WIRE.subscribe, (payload: unknown, ack: unknown) => {
      const request = subscribeRequest.safeParse(payload);
      if (typeof ack !== 'function') return;
      if (!request.success) {
        ack({ error: { code: 'invalid-subscribe', message: z.prettifyError(request.error) } });
        return;
      }
      const subscriber = { cursor: Math.min(request.data.since, log.length), skip: 0 };
      subscribers.set(socket, subscriber);
      const reply = { source, headSeq: log.length, serverTime: toShanghaiIso(clock.now()), ...(protocol === '1.1' ? PROTOCOL_1_1_ACK : {}) };
      ack(subscribeAck.parse(reply));
      send(socket, subscriber);
    });
    socket.on(WIRE.report, (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      answerSafely(ack, (answer) => {
        const { answer: filedAnswer, echo } = fileReport(payload);
        // Acknowledged first, then echoed: the sender reads its receipt before the echo.
        answer(reportAck.parse(filedAnswer));
        if (echo !== null) appendChecked([echo]);
      });
    });
    // A 1.0 source knows no claims: like a real one, it leaves them unanswered.
    if (supervision !== null) {
      socket.on(WIRE.claim, (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return;
        answerSafely(ack, (answer) => {
          const { answer: claimAnswer, event } = supervision.claim(payload, clock.now());
          answer(claimAck.parse(claimAnswer));
          if (event !== null) appendChecked([event]);
        });
      });
    }
    socket.on('disconnect', () => subscribers.delete(socket));
  });

  /** Whatever goes wrong answering one message is that message's error, never the server's end. */
  function answerSafely(ack: unknown, handle: (answer: (value: unknown) => void) => void): void {
    let answered = false;
    const answer = (value: unknown) => {
      answered = true;
      (ack as (value: unknown) => void)(value);
    };
    try {
      handle(answer);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!answered) answer({ ok: false, error: { code: 'internal', message } });
      else console.error(`${source.id}: after answering: ${message}`);
    }
  }

  function fileReport(payload: unknown): { answer: ReportAck; echo: StreamDraft | null } {
    const refused = (code: string, message: string) => ({ answer: { ok: false as const, error: { code, message } }, echo: null });
    const parsed = upwardReport.safeParse(payload);
    if (!parsed.success) return refused('invalid-report', z.prettifyError(parsed.error));
    const report = parsed.data;
    if (protocol === '1.0' && !speaks10(report)) {
      return refused('invalid-report', `protocol 1.0 takes ${REPORT_KINDS.join(', ')} reports on a ticket, to ${REPORT_AUDIENCES.join(', ')}`);
    }
    // The idempotency key: a retry gets the first receipt, files nothing and is not echoed again.
    const earlier = filed.get(report.id);
    if (earlier !== undefined) return { answer: { ok: true, receipt: earlier.receipt, receivedAt: earlier.receivedAt }, echo: null };
    const refusal = faults.reportRule?.(report) ?? null;
    if (refusal !== null) return { answer: { ok: false, error: refusal }, echo: null };
    const now = clock.now();
    const record: FiledReport = {
      report,
      receipt: `${source.id}-R${String(filedInOrder.length + 1).padStart(6, '0')}`,
      receivedAt: toShanghaiIso(now),
    };
    filed.set(report.id, record);
    filedInOrder.push(record);
    options.memory?.keepReport(record);
    return { answer: { ok: true, receipt: record.receipt, receivedAt: record.receivedAt }, echo: supervision?.filed(record, now) ?? null };
  }

  function restore(): void {
    while (restoring.length > 0 && (restoring[0] as WireEvent).seq === log.length + 1) log.push(restoring.shift() as WireEvent);
  }

  function append(entries: readonly (DraftEvent | RawDraft)[]): number {
    const head = log.length;
    for (const entry of entries) {
      restore();
      log.push({ seq: log.length + 1, ...entry });
    }
    restore();
    if (log.length > head) for (const [socket, subscriber] of subscribers) send(socket, subscriber);
    return log.length;
  }

  /** Appends the source's own 1.1 events, each validated against the shared schema before it is sent, and keeps them. */
  function appendChecked(drafts: readonly StreamDraft[]): number {
    // Kept events the stream has not reached again (its clock went back) come first, renumbered, and are kept anew.
    const own = [...restoring.splice(0).map(({ seq: _old, ...event }) => event as StreamDraft), ...drafts];
    const events = own.map((draft, index) => ({ seq: log.length + 1 + index, ...draft }) as WireEvent);
    for (const event of events) streamEvent.parse(event);
    log.push(...events);
    for (const event of events) options.memory?.keepEvent(event);
    for (const [socket, subscriber] of subscribers) send(socket, subscriber);
    return log.length;
  }

  const heartbeatTimer = setInterval(() => {
    nsp.emit(WIRE.heartbeat, heartbeat.parse({ serverTime: toShanghaiIso(clock.now()), headSeq: log.length }));
  }, options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    source,
    protocol,
    url: `http://${host}:${address.port}`,
    token,
    faults,
    headSeq: () => log.length,
    append,
    appendMalformed(kind) {
      const at = toShanghaiIso(clock.now());
      const id = `${source.id}-malformed-${log.length + 1}`;
      const entry: RawDraft =
        kind === 'unknown-type'
          ? { id, ticketId: 'MALFORMED-1', type: 'teleported', at, data: {} }
          : { id, ticketId: 'MALFORMED-1', type: 'dispatched', at, data: { center: 'nowhere' } };
      append([entry]);
      return log[log.length - 1] as WireEvent;
    },
    skipLive(count) {
      for (const subscriber of subscribers.values()) subscriber.skip += count;
    },
    dropConnections() {
      nsp.disconnectSockets(true);
    },
    reports: () => filedInOrder,
    releaseReplies() {
      const due = supervision?.due(clock.now()) ?? [];
      if (due.length > 0) appendChecked(due);
      return due.length;
    },
    connectedClients: () => nsp.sockets.size,
    async close() {
      clearInterval(heartbeatTimer);
      await io.close();
    },
  };
}

// An upstream source that misbehaves on purpose, speaking the real protocol
// over a real socket.io server on 127.0.0.1: it serves whatever entries a
// test gives it, with whatever seq they carry, announces the head the test
// says, floods heartbeats, and drops connections when told to.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { FEED_NAMESPACE, WIRE, type SourceInfo } from '../../../shared/protocol';

export interface WireEntry {
  seq: number;
  [field: string]: unknown;
}

/** An event given as the exact JSON to put on the wire (a server's JSON.stringify could not write it). */
export interface RawJsonEntry {
  seq: number;
  json: string;
}

type Entry = WireEntry | RawJsonEntry;

const isRaw = (entry: Entry): entry is RawJsonEntry => typeof entry.json === 'string' && Object.keys(entry).length === 2;

/** A socket.io EVENT packet written by hand, so entries go out exactly as given. */
function eventsPacket(batch: readonly Entry[]): string {
  const events = batch.map((entry) => (isRaw(entry) ? entry.json : JSON.stringify(entry))).join(',');
  return `2${FEED_NAMESPACE},[${JSON.stringify(WIRE.events)},[${events}]]`;
}

export interface HostileOptions {
  source: SourceInfo;
  token: string;
  maxBatch?: number;
}

export interface HostileSource {
  readonly url: string;
  /** The head announced on subscribe and in heartbeats. */
  head: number;
  /** Drops every connection right after acknowledging its subscribe (a flapping source). */
  dropAfterSubscribe: boolean;
  /** Drops a connection once it has been sent this many events (a flaky network mid catch-up); 0: never. */
  dropEvery: number;
  /** Subscribes acknowledged so far. */
  readonly subscribes: number;
  /** Serves `entries` (to subscribers now and on every later subscribe whose since is below their seq). */
  append(entries: readonly Entry[], options?: { announce?: boolean }): void;
  /** Sends `count` heartbeats to every subscriber at once. */
  flood(count: number): void;
  /** Writes `packet` as it is (a socket.io packet, well formed or not) to every subscriber, once. */
  sendRaw(packet: string): void;
  close(): Promise<void>;
}

export async function startHostileSource(options: HostileOptions): Promise<HostileSource> {
  const log: Entry[] = [];
  const subscribers = new Map<Socket, { sent: number; since: number }>();
  const maxBatch = options.maxBatch ?? 500;
  const http = createServer();
  const io = new Server(http, { serveClient: false, maxHttpBufferSize: 50e6 });
  const nsp = io.of(FEED_NAMESPACE);
  let subscribes = 0;

  const state = {
    head: 0,
    dropAfterSubscribe: false,
    dropEvery: 0,
  };

  nsp.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown };
    if (auth.token === options.token) next();
    else next(new Error('unauthorized'));
  });

  /** Sends what the subscriber has not had: entries beyond its since, in log order, from `from` on. */
  function send(socket: Socket, from: number): void {
    const subscriber = subscribers.get(socket);
    if (!subscriber) return;
    const due = log.slice(from).filter((entry) => entry.seq > subscriber.since);
    for (let i = 0; i < due.length; i += maxBatch) {
      let batch = due.slice(i, i + maxBatch);
      if (state.dropEvery > 0) batch = batch.slice(0, state.dropEvery - subscriber.sent);
      if (batch.length === 0) break;
      socket.conn.write(eventsPacket(batch));
      subscriber.sent += batch.length;
      if (state.dropEvery > 0 && subscriber.sent >= state.dropEvery) {
        subscribers.delete(socket);
        socket.disconnect(true);
        return;
      }
    }
  }

  nsp.on('connection', (socket) => {
    socket.on(WIRE.subscribe, (payload: { since?: number }, ack: (reply: unknown) => void) => {
      subscribes += 1;
      ack({ source: options.source, headSeq: state.head, serverTime: new Date().toISOString() });
      if (state.dropAfterSubscribe) {
        socket.disconnect(true);
        return;
      }
      subscribers.set(socket, { sent: 0, since: payload.since ?? 0 });
      send(socket, 0);
    });
    socket.on('disconnect', () => subscribers.delete(socket));
  });

  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  const port = (http.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    get head() {
      return state.head;
    },
    set head(value: number) {
      state.head = value;
    },
    get dropAfterSubscribe() {
      return state.dropAfterSubscribe;
    },
    set dropAfterSubscribe(value: boolean) {
      state.dropAfterSubscribe = value;
    },
    get dropEvery() {
      return state.dropEvery;
    },
    set dropEvery(value: number) {
      state.dropEvery = value;
    },
    get subscribes() {
      return subscribes;
    },
    append(entries, { announce = true } = {}) {
      const from = log.length;
      log.push(...entries);
      if (announce) for (const entry of entries) state.head = Math.max(state.head, entry.seq);
      for (const socket of [...subscribers.keys()]) send(socket, from);
    },
    flood(count) {
      const beat = { serverTime: new Date().toISOString(), headSeq: state.head };
      for (let i = 0; i < count; i += 1) nsp.emit(WIRE.heartbeat, beat);
    },
    sendRaw(packet) {
      for (const socket of subscribers.keys()) socket.conn.write(packet);
    },
    async close() {
      await io.close();
    },
  };
}

// How a feed reaches its upstream: one socket.io connection, opened in this
// thread (`socketTransport`, what the feed worker runs) or in a worker thread
// (worker-transport.ts, what FeedSource uses by default). Either way the feed
// sees the same thing: events already decoded, in seq order and screened
// (feeds/guard.ts), so the protocol logic (source.ts) is the same on both.
import { io, type Socket } from 'socket.io-client';
import { FEED_NAMESPACE, WIRE } from '../../../shared/protocol';
import { screenBatch, type Screened } from './guard';

export interface ConnectOptions {
  url: string;
  token: string;
  /** `client` in the handshake, e.g. `noc-console/0.1.0`. */
  client: string;
}

export interface ConnectionHandlers {
  connect(): void;
  /** The connection is over: `connect_error`'s message (e.g. `unauthorized`), `disconnected: <reason>`, or the worker's failure. */
  closed(message: string): void;
  heartbeat(payload: unknown): void;
  /**
   * Events of the current subscription, screened and in seq order (a wire
   * batch, or a part of one). The promise settles once they are applied or
   * dropped: a transport may hold the next ones back until then.
   */
  events(screened: Screened[]): Promise<void>;
}

/** Called with the error's message (null on success) and the server's answer. */
export type Answer = (error: string | null, payload: unknown) => void;

export interface FeedConnection {
  /**
   * Emits `subscribe` with `since`; `answer` is called with the server's
   * acknowledgement before any event of the new subscription is handed over.
   * Events of earlier subscriptions not yet handed over are dropped (this one resends them).
   */
  subscribe(since: number, timeoutMs: number, answer: Answer): void;
  /** Emits `event` with `payload` and waits up to `timeoutMs` for the server's acknowledgement. */
  request(event: string, payload: unknown, timeoutMs: number): Promise<unknown>;
  /** Disconnects; no handler is called after. */
  close(): void;
}

/** A connection of this thread's own socket. */
export interface SocketConnection extends FeedConnection {
  /** Whether the socket has stopped reading: more than HELD_EVENTS_HIGH events handed to `events` are not settled yet. */
  readonly paused: boolean;
}

export interface FeedTransport {
  connect(options: ConnectOptions, handlers: ConnectionHandlers): FeedConnection;
  /** Frees what the transport holds (a worker thread); a connection still open is closed with it. */
  close(): Promise<void>;
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Events handed to `events` and not yet settled past which the socket stops
 * reading, and down to which they must fall before it reads again. The
 * protocol has no flow control of its own: a source sends its whole backlog at
 * once, and a catch-up of 200,000 events left up to 171,000 of them decoded in
 * the feed worker (220 MB of its heap) while the main thread applied 20,000 a
 * second; a worker with a smaller heap than the backlog needs died of it and
 * started over. Paused, the rest waits in the kernel's socket buffers and the
 * source's: the console's peak RSS in that catch-up went from 672–676 MB to
 * 380–388 MB at the same rate (artifacts/look/burst.ts, two alternating pairs,
 * 4 December). The gap between the two marks keeps the pipeline fed: 2,500
 * events are about an eighth of a second of the main thread's work, and the
 * socket has data waiting the moment it resumes.
 */
export const HELD_EVENTS_HIGH = 10_000;
export const HELD_EVENTS_LOW = 2_500;

/** The `ws` socket under socket.io's websocket transport, when that is what carries the connection (ws pauses its TCP socket). */
function webSocketOf(socket: Socket): { pause(): void; resume(): void } | null {
  const transport = socket.io.engine?.transport as { name?: string; ws?: { pause?: unknown; resume?: unknown } } | undefined;
  const ws = transport?.name === 'websocket' ? transport.ws : undefined;
  return ws && typeof ws.pause === 'function' && typeof ws.resume === 'function' ? (ws as { pause(): void; resume(): void }) : null;
}

/** One socket.io connection in this thread: each wire batch is decoded, put in seq order and screened here. */
export function connectSocket(options: ConnectOptions, handlers: ConnectionHandlers): SocketConnection {
  const socket: Socket = io(options.url + FEED_NAMESPACE, {
    auth: { token: options.token, client: options.client },
    reconnection: false,
    forceNew: true,
    transports: ['websocket'],
  });
  let stream = 0;
  let held = 0;
  let paused = false;
  const settled = (count: number) => {
    held -= count;
    if (!paused || held > HELD_EVENTS_LOW) return;
    paused = false;
    webSocketOf(socket)?.resume();
  };
  socket.on('connect', () => handlers.connect());
  socket.on('connect_error', (error: Error) => handlers.closed(error.message));
  socket.on('disconnect', (reason: string) => handlers.closed(`disconnected: ${reason}`));
  socket.on(WIRE.heartbeat, (payload: unknown) => handlers.heartbeat(payload));
  socket.on(WIRE.events, (batch: unknown) => {
    const screened = screenBatch(batch);
    held += screened.length;
    void handlers.events(screened).finally(() => settled(screened.length));
    if (paused || held <= HELD_EVENTS_HIGH) return;
    const ws = webSocketOf(socket);
    if (!ws) return;
    paused = true;
    ws.pause();
  });
  return {
    get paused() {
      return paused;
    },
    subscribe(since, timeoutMs, answer) {
      stream += 1;
      const current = stream;
      socket.timeout(timeoutMs).emit(WIRE.subscribe, { since }, (error: Error | null, payload: unknown) => {
        if (current === stream) answer(error ? errorMessage(error) : null, payload);
      });
    },
    request: (event, payload, timeoutMs) => socket.timeout(timeoutMs).emitWithAck(event, payload),
    close() {
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}

/** Connections opened in this thread: the feed worker's, and a console's that wants no worker. */
export const socketTransport: FeedTransport = {
  connect: connectSocket,
  close: () => Promise.resolve(),
};

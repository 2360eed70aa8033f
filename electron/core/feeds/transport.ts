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

export interface FeedTransport {
  connect(options: ConnectOptions, handlers: ConnectionHandlers): FeedConnection;
  /** Frees what the transport holds (a worker thread); a connection still open is closed with it. */
  close(): Promise<void>;
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One socket.io connection in this thread: each wire batch is decoded, put in seq order and screened here. */
export function connectSocket(options: ConnectOptions, handlers: ConnectionHandlers): FeedConnection {
  const socket: Socket = io(options.url + FEED_NAMESPACE, {
    auth: { token: options.token, client: options.client },
    reconnection: false,
    forceNew: true,
    transports: ['websocket'],
  });
  let stream = 0;
  socket.on('connect', () => handlers.connect());
  socket.on('connect_error', (error: Error) => handlers.closed(error.message));
  socket.on('disconnect', (reason: string) => handlers.closed(`disconnected: ${reason}`));
  socket.on(WIRE.heartbeat, (payload: unknown) => handlers.heartbeat(payload));
  socket.on(WIRE.events, (batch: unknown) => void handlers.events(screenBatch(batch)));
  return {
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

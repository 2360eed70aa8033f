// A minimal protocol client for the simulator's tests: a real socket.io-client
// over 127.0.0.1 that records everything the source sends.
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { FEED_NAMESPACE, WIRE, heartbeat, subscribeAck } from '../../../shared/protocol';
import type { Heartbeat, ReportAck, ReportClaim, SubscribeAck, UpwardReport } from '../../../shared/protocol';
import type { WireEvent } from '../../../electron/simulator/server';

const WAIT_LIMIT_MS = 15_000;

export class ManualClock {
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export interface FeedClient {
  readonly socket: Socket;
  readonly batches: WireEvent[][];
  readonly heartbeats: Heartbeat[];
  /** Every event received, in arrival order, across batches. */
  events(): WireEvent[];
  subscribe(since: number): Promise<SubscribeAck>;
  report(report: UpwardReport): Promise<ReportAck>;
  /** The source's answer as it came, unvalidated: tests check its shape themselves. */
  claim(claim: ReportClaim): Promise<unknown>;
  /** Emits anything under any event name and waits for the answer: malformed messages on purpose. */
  ask(event: string, payload: unknown): Promise<unknown>;
  /** Resolves once `condition` holds, re-checked on every message from the source. */
  until(condition: () => boolean, what: string): Promise<void>;
  close(): void;
}

function options(token: string) {
  return { auth: { token, client: 'simulator-tests/1' }, transports: ['websocket'], reconnection: false, forceNew: true };
}

export async function connectFeed(url: string, token: string): Promise<FeedClient> {
  const socket = io(url + FEED_NAMESPACE, options(token));
  const batches: WireEvent[][] = [];
  const heartbeats: Heartbeat[] = [];
  const checks = new Set<() => void>();
  const recheck = () => checks.forEach((check) => check());
  socket.on(WIRE.events, (batch: WireEvent[]) => {
    batches.push(batch);
    recheck();
  });
  socket.on(WIRE.heartbeat, (beat: unknown) => {
    heartbeats.push(heartbeat.parse(beat));
    recheck();
  });
  socket.on('disconnect', recheck);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return {
    socket,
    batches,
    heartbeats,
    events: () => batches.flat(),
    async subscribe(since) {
      return subscribeAck.parse(await socket.timeout(WAIT_LIMIT_MS).emitWithAck(WIRE.subscribe, { since }));
    },
    report: (report) => socket.timeout(WAIT_LIMIT_MS).emitWithAck(WIRE.report, report),
    claim: (claim) => socket.timeout(WAIT_LIMIT_MS).emitWithAck(WIRE.claim, claim),
    ask: (event, payload) => socket.timeout(WAIT_LIMIT_MS).emitWithAck(event, payload),
    until(condition, what) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          checks.delete(check);
          reject(new Error(`gave up waiting for ${what}`));
        }, WAIT_LIMIT_MS);
        const check = () => {
          if (!condition()) return;
          clearTimeout(timer);
          checks.delete(check);
          resolve();
        };
        checks.add(check);
        check();
      });
    },
    close: () => socket.close(),
  };
}

/** The error a source refuses the handshake with. */
export function handshakeError(url: string, token: string): Promise<Error> {
  const socket = io(url + FEED_NAMESPACE, options(token));
  return new Promise<Error>((resolve, reject) => {
    socket.once('connect', () => {
      socket.close();
      reject(new Error('the source accepted the handshake'));
    });
    socket.once('connect_error', (error) => {
      socket.close();
      resolve(error);
    });
  });
}

export function seqs(events: readonly WireEvent[]): number[] {
  return events.map((event) => event.seq);
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, n) => from + n);
}

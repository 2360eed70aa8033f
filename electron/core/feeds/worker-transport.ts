// The main thread's side of the feed worker (feed-worker.ts): each connection a
// feed opens is a proxy to a socket.io connection in one worker thread, which
// decodes, screens and validates every wire batch and hands over the events in
// small parts (worker-messages.ts). A worker that dies (an uncaught error, its
// heap limit reached) closes its connections with the reason,
// so their feeds reconnect with back-off; the next connection starts a new one.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { WORKER_RESOURCE_LIMITS } from '../worker-limits';
import type { Answer, ConnectionHandlers, ConnectOptions, FeedConnection, FeedTransport } from './transport';
import type { FromFeedWorker, ToFeedWorker } from './worker-messages';

export interface FeedWorkerOptions {
  /**
   * The worker's heap limits (by default WORKER_RESOURCE_LIMITS: a small young
   * generation, the old one as the main thread's, where the socket used to be). Past a limit by gradual growth, Node ends the
   * worker alone; but one allocation past it (a single huge string) is fatal to
   * the whole process, so a low limit is no defence against a huge frame.
   */
  resourceLimits?: ResourceLimits;
}

/**
 * What the worker runs, as CommonJS text (`eval: true`). From source (tsx, vitest)
 * it registers tsx itself, since neither loader reaches a worker thread; from the
 * electron-vite bundle it loads `feed-worker.js`, an entry of out/main, from the
 * directory of this code (out/main, or out/main/chunks when it is in a shared chunk).
 */
function workerSource(): string {
  if (__filename.endsWith('.ts')) {
    const tsx = createRequire(__filename).resolve('tsx/cjs');
    return `require(${JSON.stringify(tsx)}); require(${JSON.stringify(join(__dirname, 'feed-worker.ts'))});`;
  }
  const built = [join(__dirname, 'feed-worker.js'), join(__dirname, '..', 'feed-worker.js')].find((path) => existsSync(path));
  if (!built) throw new Error(`feed-worker.js not found beside ${__dirname} (is it an entry of the main bundle?)`);
  return `require(${JSON.stringify(built)});`;
}

class WorkerConnection implements FeedConnection {
  private subscriptions = 0;
  private answerSubscribe: Answer | null = null;
  private nextRequest = 1;
  private readonly requests = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  open = true;

  constructor(
    readonly id: number,
    private readonly handlers: ConnectionHandlers,
    private readonly send: (message: ToFeedWorker) => void,
    private readonly forget: (id: number) => void,
  ) {}

  subscribe(since: number, timeoutMs: number, answer: Answer): void {
    this.subscriptions += 1;
    this.answerSubscribe = answer;
    this.send({ type: 'subscribe', id: this.id, since, timeoutMs });
  }

  request(event: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    if (!this.open) return Promise.reject(new Error('the connection is closed'));
    const request = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.requests.set(request, { resolve, reject });
      this.send({ type: 'request', id: this.id, request, event, payload, timeoutMs });
    });
  }

  close(): void {
    if (!this.open) return;
    this.send({ type: 'close', id: this.id });
    this.end(new Error('the connection is closed'));
  }

  /** The connection is over without a word from its socket (the worker died): its feed hears why. */
  fail(message: string): void {
    if (!this.open) return;
    this.end(new Error(message));
    this.handlers.closed(message);
  }

  receive(message: FromFeedWorker): void {
    if (message.type === 'events') {
      // Handed back once applied or dropped, so the worker sends the next part.
      const applied = () => this.send({ type: 'applied', id: this.id });
      if (!this.open || message.subscription !== this.subscriptions) return applied();
      void this.handlers.events(message.screened).finally(applied);
      return;
    }
    if (!this.open) return;
    if (message.type === 'connect') this.handlers.connect();
    else if (message.type === 'heartbeat') this.handlers.heartbeat(message.payload);
    else if (message.type === 'subscribed') {
      if (message.subscription === this.subscriptions) this.answerSubscribe?.(message.error, message.payload);
    } else if (message.type === 'answer') {
      const pending = this.requests.get(message.request);
      this.requests.delete(message.request);
      if (message.error === null) pending?.resolve(message.payload);
      else pending?.reject(new Error(message.error));
    } else {
      this.end(new Error(message.message));
      this.handlers.closed(message.message);
    }
  }

  private end(error: Error): void {
    this.open = false;
    this.answerSubscribe = null;
    for (const pending of this.requests.values()) pending.reject(error);
    this.requests.clear();
    this.forget(this.id);
  }
}

/** One feed's connections, each in the same worker thread (started at the first, again after a crash). */
export class FeedWorkerTransport implements FeedTransport {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly connections = new Map<number, WorkerConnection>();

  constructor(private readonly options: FeedWorkerOptions = {}) {}

  connect(options: ConnectOptions, handlers: ConnectionHandlers): FeedConnection {
    const worker = this.worker ?? this.start();
    const send = (message: ToFeedWorker) => {
      if (this.worker === worker) worker.postMessage(message);
    };
    const connection = new WorkerConnection(this.nextId++, handlers, send, (id) => this.forget(id));
    this.connections.set(connection.id, connection);
    // An open connection keeps the process alive, as its socket did on the main thread.
    worker.ref();
    send({ type: 'connect', id: connection.id, options });
    return connection;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    for (const connection of [...this.connections.values()]) connection.close();
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    const worker = new Worker(workerSource(), { eval: true, resourceLimits: { ...WORKER_RESOURCE_LIMITS, ...this.options.resourceLimits } });
    this.worker = worker;
    worker.on('message', (message: FromFeedWorker) => this.connections.get(message.id)?.receive(message));
    worker.on('error', (error) => this.died(worker, `feed worker failed: ${error.message}`));
    worker.on('exit', (code) => this.died(worker, `feed worker exited with code ${code}`));
    return worker;
  }

  private died(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const connection of [...this.connections.values()]) connection.fail(message);
  }

  private forget(id: number): void {
    this.connections.delete(id);
    if (this.connections.size === 0) this.worker?.unref();
  }
}

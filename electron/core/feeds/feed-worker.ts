// The feed worker thread (started by worker-transport.ts): it holds the
// socket.io connections, so each wire batch's UTF-8 decoding and JSON.parse
// (17–60 ms in one piece for 5,000 events on the loaded 2-core machine), its
// screening and its zod validation happen here, and the main thread gets the
// screened events in parts of EVENTS_PER_MESSAGE, at most MESSAGES_IN_FLIGHT
// of them ahead of what it has applied. Its socket stops reading while more
// than HELD_EVENTS_HIGH events wait here (transport.ts): a backlog waits in
// the socket's buffers, not decoded in this heap.
import { parentPort } from 'node:worker_threads';
import { connectSocket, type ConnectOptions, type FeedConnection } from './transport';
import { EVENTS_PER_MESSAGE, MESSAGES_IN_FLIGHT, takeEvents, type FromFeedWorker, type Outgoing, type ToFeedWorker } from './worker-messages';

const port = parentPort;
if (!port) throw new Error('feed-worker.ts runs in a worker thread (worker-transport.ts starts it)');
const post = (message: FromFeedWorker) => port.postMessage(message);

/** One connection's way to the main thread: events in order, held back while MESSAGES_IN_FLIGHT are unapplied. */
class Relay {
  private readonly connection: FeedConnection;
  private readonly outgoing: Outgoing[] = [];
  private inFlight = 0;
  /** Subscribes sent, and the last one acknowledged: events are tagged with the latter. */
  private requested = 0;
  private subscription = 0;
  /** The latest heartbeat not yet posted: a flood becomes one message per turn of this loop. */
  private heartbeat: { payload: unknown } | null = null;
  /**
   * Events queued in `outgoing` since the start, and those of them posted or
   * dropped: a wire batch's promise settles once `left` reaches the count that
   * ended it, so the socket reads on only as the main thread takes the events
   * (transport.ts HELD_EVENTS_HIGH).
   */
  private queued = 0;
  private left = 0;
  private readonly leaving: { upTo: number; settle: () => void }[] = [];

  constructor(
    private readonly id: number,
    options: ConnectOptions,
  ) {
    this.connection = connectSocket(options, {
      connect: () => post({ type: 'connect', id }),
      // After the events received before it: a batch received whole is still applied.
      closed: (message) => this.send({ closed: message }),
      heartbeat: (payload) => {
        if (this.heartbeat === null) setImmediate(() => this.postHeartbeat());
        this.heartbeat = { payload };
      },
      events: (screened) => {
        for (let start = 0; start < screened.length; start += EVENTS_PER_MESSAGE) {
          this.outgoing.push({ subscription: this.subscription, screened: screened.slice(start, start + EVENTS_PER_MESSAGE) });
        }
        this.queued += screened.length;
        const gone = new Promise<void>((settle) => this.leaving.push({ upTo: this.queued, settle }));
        this.pump();
        return gone;
      },
    });
  }

  subscribe(since: number, timeoutMs: number): void {
    this.requested += 1;
    const subscription = this.requested;
    this.connection.subscribe(since, timeoutMs, (error, payload) => {
      // What came before the acknowledgement is the earlier subscription's (the source sends the
      // new one's events after it): what of it is not handed over yet is dropped, the new one resends it.
      this.subscription = subscription;
      const closing = this.outgoing.filter((item) => 'closed' in item);
      this.outgoing.splice(0, this.outgoing.length, ...closing);
      this.gone(this.queued - this.left);
      post({ type: 'subscribed', id: this.id, subscription, error, payload });
    });
  }

  request(request: number, event: string, payload: unknown, timeoutMs: number): void {
    this.connection.request(event, payload, timeoutMs).then(
      (answer) => post({ type: 'answer', id: this.id, request, error: null, payload: answer }),
      (error: unknown) => post({ type: 'answer', id: this.id, request, error: error instanceof Error ? error.message : String(error), payload: null }),
    );
  }

  applied(): void {
    this.inFlight -= 1;
    this.pump();
  }

  close(): void {
    this.connection.close();
    relays.delete(this.id);
  }

  private send(item: Outgoing): void {
    this.outgoing.push(item);
    this.pump();
  }

  private pump(): void {
    while (this.outgoing.length > 0) {
      const next = this.outgoing[0]!;
      if ('closed' in next) {
        this.postHeartbeat();
        post({ type: 'closed', id: this.id, message: next.closed });
        this.close();
        return;
      }
      if (this.inFlight >= MESSAGES_IN_FLIGHT) return;
      const message = takeEvents(this.outgoing)!;
      this.inFlight += 1;
      post({ type: 'events', id: this.id, ...message });
      this.gone(message.screened.length);
    }
  }

  /** `count` more events left the queue (posted, or dropped with an earlier subscription): the wire batches they ended settle. */
  private gone(count: number): void {
    this.left += count;
    while (this.leaving.length > 0 && this.leaving[0]!.upTo <= this.left) this.leaving.shift()!.settle();
  }

  private postHeartbeat(): void {
    if (this.heartbeat === null || !relays.has(this.id)) return;
    post({ type: 'heartbeat', id: this.id, payload: this.heartbeat.payload });
    this.heartbeat = null;
  }
}

const relays = new Map<number, Relay>();

port.on('message', (message: ToFeedWorker) => {
  if (message.type === 'connect') {
    relays.set(message.id, new Relay(message.id, message.options));
    return;
  }
  const relay = relays.get(message.id);
  if (!relay) return; // Closed meanwhile.
  if (message.type === 'subscribe') relay.subscribe(message.since, message.timeoutMs);
  else if (message.type === 'request') relay.request(message.request, message.event, message.payload, message.timeoutMs);
  else if (message.type === 'applied') relay.applied();
  else relay.close();
});

// Sends the outbox upstream. Every report is already stored when it gets here,
// with the id made when it was written; each attempt sends exactly the stored
// payload under that id, so the server's idempotency makes retries, reconnects
// and restarts file it once. A report waits while its source is offline, is
// retried with back-off and jitter while unanswered, and is sent again at once
// when its source reconnects.
import type { ReportEntry } from '../../../shared/contract';
import type { FeedStatus } from '../../../shared/contract';
import { parseRfc3339, toShanghaiIso } from '../../../shared/time';
import type { ReportAck, UpwardReport } from '../../../shared/protocol';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../feeds/backoff';
import type { OutboxRepo } from './outbox';

/** How reports reach their source's server. */
export interface ReportTransport {
  isConnected(source: string): boolean;
  sendReport(source: string, report: UpwardReport): Promise<ReportAck>;
  /** Calls back with a source's id each time it becomes connected. */
  onConnected(listener: (source: string) => void): () => void;
}

/** The transport over the console's live feeds (FeedManager or anything shaped like it). */
export function feedTransport(feeds: {
  status(): FeedStatus;
  onChange(listener: (status: FeedStatus) => void): () => void;
  sendReport(source: string, report: UpwardReport): Promise<ReportAck>;
}): ReportTransport {
  const connected = (status: FeedStatus) =>
    new Set(status.sources.filter((s) => s.state === 'connected').map((s) => s.sourceId));
  return {
    isConnected: (source) => connected(feeds.status()).has(source),
    sendReport: (source, report) => feeds.sendReport(source, report),
    onConnected(listener) {
      let before = connected(feeds.status());
      return feeds.onChange((status) => {
        const now = connected(status);
        for (const source of now) if (!before.has(source)) listener(source);
        before = now;
      });
    },
  };
}

export interface SenderOptions {
  outbox: OutboxRepo;
  transport: ReportTransport;
  now(): number;
  random?(): number;
  backoff?: BackoffOptions;
  /** Makes the cache durable (commits an open ingest group): a report is on disk before it leaves. */
  beforeSend(): void | Promise<void>;
  /** Every change of a report's state (push `report:changed`). */
  onChange?(entry: ReportEntry): void;
  /** A report was acknowledged: its ticket's cadence clock restarts. */
  onAcknowledged?(entry: ReportEntry): void;
}

export class ReportSender {
  private readonly inFlight = new Map<string, Promise<ReportEntry>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly options: SenderOptions) {}

  /** Sends whatever a previous run left unanswered, and again whenever a source reconnects. */
  start(): void {
    this.unsubscribe = this.options.transport.onConnected((source) => {
      for (const entry of this.options.outbox.pending()) if (entry.source === source) void this.send(entry.id);
    });
    for (const entry of this.options.outbox.pending()) void this.send(entry.id);
  }

  /** Waits for attempts under way, so a closing cache is not written after close. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /**
   * One attempt now for a queued or sent report; resolves with its state after
   * the attempt. A report already on the wire is not sent alongside itself.
   */
  send(id: string): Promise<ReportEntry> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const attempt = this.attempt(id).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, attempt);
    return attempt;
  }

  private async attempt(id: string): Promise<ReportEntry> {
    const { outbox, transport } = this.options;
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
    const stored = outbox.payload(id);
    const entry = outbox.get(id);
    if (!stored || !entry) throw new Error(`no report ${id} in the outbox`);
    if ((entry.state !== 'queued' && entry.state !== 'sent') || this.stopped) return entry;
    if (!transport.isConnected(stored.source)) {
      // Not retried on a timer: the reconnect of the source sends it.
      outbox.markRetry(id, `${stored.source} is not connected`, null);
      return this.changed(id);
    }
    outbox.markAttempt(id, this.options.now());
    this.changed(id);
    await this.options.beforeSend();
    let ack: ReportAck;
    try {
      ack = await transport.sendReport(stored.source, { ...stored.wire, createdAt: toShanghaiIso(stored.wire.createdAt) });
    } catch (error) {
      return this.retryLater(id, error instanceof Error ? error.message : String(error));
    }
    if (ack.ok) {
      outbox.acknowledge(id, { receipt: ack.receipt, receivedAt: parseRfc3339(ack.receivedAt), ackedAt: this.options.now() });
      const acknowledged = this.changed(id);
      this.options.onAcknowledged?.(acknowledged);
      return acknowledged;
    }
    outbox.refuse(id, ack.error);
    return this.changed(id);
  }

  private retryLater(id: string, message: string): ReportEntry {
    const attempts = this.options.outbox.get(id)?.attempts ?? 1;
    const delay = backoffDelay(Math.max(0, attempts - 1), this.options.backoff ?? DEFAULT_BACKOFF, this.options.random ?? Math.random);
    this.options.outbox.markRetry(id, message, this.options.now() + delay);
    if (!this.stopped) {
      this.timers.set(
        id,
        setTimeout(() => void this.send(id), delay),
      );
    }
    return this.changed(id);
  }

  private changed(id: string): ReportEntry {
    const entry = this.options.outbox.get(id)!;
    this.options.onChange?.(entry);
    return entry;
  }
}

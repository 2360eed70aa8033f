// Sends the outbox upstream. Every report is already on disk when it gets here,
// with the id made when it was written; each attempt sends exactly the stored
// payload under that id, validated against the protocol, so the server's
// idempotency makes retries, reconnects and restarts file it once. A report waits while its source is offline, is
// retried with back-off and jitter while unanswered, and is sent again at once
// when its source reconnects.
import type { ReportEntry } from '../../../shared/contract';
import type { FeedStatus } from '../../../shared/contract';
import { parseRfc3339, toShanghaiIso } from '../../../shared/time';
import {
  CLAIMABLE_REPORT_KINDS,
  upwardReport,
  type ClaimAck,
  type ReportAck,
  type ReportClaim,
  type SourceCapabilities,
  type UpwardReport,
} from '../../../shared/protocol';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from '../feeds/backoff';
import type { FeedSource } from '../feeds/source';
import type { Store } from '../store/db';
import { outboxWrites } from '../store/outbox';
import { WriteBatch } from '../store/statements';
import { NODE_TIMERS, type Timers } from '../timers';

/** How reports reach their source's server. */
export interface ReportTransport {
  isConnected(source: string): boolean;
  sendReport(source: string, report: UpwardReport): Promise<ReportAck>;
  /** Whether the source takes claims (protocol 1.1): cadence reports are claimed there before they leave. */
  takesClaims(source: string): boolean;
  claim(source: string, claim: ReportClaim): Promise<ClaimAck>;
  /** Calls back with a source's id each time it becomes connected. */
  onConnected(listener: (source: string) => void): () => void;
}

/** The transport over the console's live feeds (FeedManager or anything shaped like it). */
export function feedTransport(feeds: {
  status(): FeedStatus;
  onChange(listener: (status: FeedStatus) => void): () => void;
  sendReport(source: string, report: UpwardReport): Promise<ReportAck>;
  claim(source: string, claim: ReportClaim): Promise<ClaimAck>;
  capabilities(source: string): SourceCapabilities | null;
}): ReportTransport {
  const connected = (status: FeedStatus) =>
    new Set(status.sources.filter((s) => s.state === 'connected').map((s) => s.sourceId));
  return {
    isConnected: (source) => connected(feeds.status()).has(source),
    sendReport: (source, report) => feeds.sendReport(source, report),
    takesClaims: (source) => feeds.capabilities(source)?.takesClaims ?? false,
    claim: (source, claim) => feeds.claim(source, claim),
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

/** The transport over one live feed (the command line's `noc check` and `noc urge`). */
export function singleFeedTransport(feed: FeedSource): ReportTransport {
  const connected = () => feed.health().state === 'connected';
  return {
    isConnected: (source) => feed.id === source && connected(),
    sendReport: (_source, report) => feed.sendReport(report),
    takesClaims: () => feed.capabilities.takesClaims,
    claim: (_source, claim) => feed.claim(claim),
    onConnected(listener) {
      let before = connected();
      return feed.onHealth(() => {
        const now = connected();
        if (now && !before && feed.id !== undefined) listener(feed.id);
        before = now;
      });
    },
  };
}

export interface SenderOptions {
  store: Store;
  transport: ReportTransport;
  now(): number;
  random?(): number;
  backoff?: BackoffOptions;
  timers?: Timers;
  /** Every change of a report's state (push `report:changed`). */
  onChange?(entry: ReportEntry): void;
  /** A report was acknowledged (and that is on disk): its ticket's clocks count it. */
  onAcknowledged?(entry: ReportEntry): void;
}

const claimable = (kind: string): boolean => (CLAIMABLE_REPORT_KINDS as readonly string[]).includes(kind);

/** One outbox write, on disk before the caller goes on. */
function write(store: Store, add: (batch: WriteBatch) => void): Promise<unknown> {
  const batch = new WriteBatch();
  add(batch);
  return store.write(batch);
}

export class ReportSender {
  private readonly inFlight = new Map<string, Promise<ReportEntry>>();
  private readonly retries = new Map<string, unknown>();
  private readonly timers: Timers;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly options: SenderOptions) {
    this.timers = options.timers ?? NODE_TIMERS;
  }

  /** Sends whatever a previous run left unanswered, and again whenever a source reconnects. */
  start(): void {
    const pending = () => this.options.store.read((reads) => reads.outbox.pending());
    this.unsubscribe = this.options.transport.onConnected((source) => {
      for (const entry of pending()) if (entry.source === source) void this.send(entry.id);
    });
    for (const entry of pending()) void this.send(entry.id);
  }

  /** Waits for attempts under way, so a closing cache is not written after close. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const timer of this.retries.values()) this.timers.clear(timer);
    this.retries.clear();
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
    const { store, transport } = this.options;
    const timer = this.retries.get(id);
    if (timer !== undefined) this.timers.clear(timer);
    this.retries.delete(id);
    const { stored, entry } = store.read((reads) => ({ stored: reads.outbox.payload(id), entry: reads.outbox.get(id) }));
    if (!stored || !entry) throw new Error(`no report ${id} in the outbox`);
    if ((entry.state !== 'queued' && entry.state !== 'sent') || this.stopped) return entry;
    if (!transport.isConnected(stored.source)) {
      // Not retried on a timer: the reconnect of the source sends it.
      await write(store, (batch) => outboxWrites.markRetry(batch, id, `${stored.source} is not connected`, null));
      // A reconnect while that was written found this attempt under way and joined it: go on with it.
      if (transport.isConnected(stored.source) && !this.stopped) return this.attempt(id);
      return this.changed(id);
    }
    // What leaves is checked against the protocol first: a report the server cannot parse is our bug, said here.
    const wire: UpwardReport = upwardReport.parse({ ...stored.wire, createdAt: toShanghaiIso(stored.wire.createdAt) });
    // A cadence report's cycle is claimed before its first send: when another console holds it, this one is never sent.
    if (entry.attempts === 0 && stored.claimCycle !== null && claimable(wire.kind) && transport.takesClaims(stored.source)) {
      const claimed = await this.claim(id, stored.source, wire, stored.claimCycle);
      if (claimed !== null) return claimed;
    }
    await write(store, (batch) => outboxWrites.markAttempt(batch, id, this.options.now()));
    this.changed(id);
    let ack: ReportAck;
    try {
      ack = await transport.sendReport(stored.source, wire);
    } catch (error) {
      return this.retryLater(id, error instanceof Error ? error.message : String(error));
    }
    if (ack.ok) {
      const receipt = { receipt: ack.receipt, receivedAt: parseRfc3339(ack.receivedAt), ackedAt: this.options.now() };
      await write(store, (batch) => outboxWrites.acknowledge(batch, id, receipt));
      const acknowledged = this.changed(id);
      this.options.onAcknowledged?.(acknowledged);
      return acknowledged;
    }
    await write(store, (batch) => outboxWrites.refuse(batch, id, ack.error));
    return this.changed(id);
  }

  /**
   * Claims the report's cycle at its source. Null when granted (go on and
   * send); otherwise the report as it ends: yielded to the console that holds
   * the cycle, refused when the source refuses the claim itself, or waiting
   * for a retry when the claim got no answer.
   */
  private async claim(id: string, source: string, wire: UpwardReport, cycle: number): Promise<ReportEntry | null> {
    const { store, transport } = this.options;
    let answer: ClaimAck;
    try {
      answer = await transport.claim(source, {
        ticketId: wire.ticketId!,
        kind: wire.kind as ReportClaim['kind'],
        audience: wire.audience,
        cycle: toShanghaiIso(cycle),
        operator: wire.operator!,
      });
    } catch (error) {
      return this.retryLater(id, error instanceof Error ? error.message : String(error));
    }
    if (answer.ok) return null;
    if ('error' in answer) {
      await write(store, (batch) => outboxWrites.refuse(batch, id, answer.error));
      return this.changed(id);
    }
    await write(store, (batch) => outboxWrites.yieldTo(batch, id, answer.claimedBy));
    return this.changed(id);
  }

  private async retryLater(id: string, message: string): Promise<ReportEntry> {
    const { store } = this.options;
    const attempts = store.read((reads) => reads.outbox.get(id)?.attempts ?? 1);
    const delay = backoffDelay(Math.max(0, attempts - 1), this.options.backoff ?? DEFAULT_BACKOFF, this.options.random ?? Math.random);
    await write(store, (batch) => outboxWrites.markRetry(batch, id, message, this.options.now() + delay));
    if (!this.stopped) this.retries.set(id, this.timers.set(() => void this.send(id), delay));
    return this.changed(id);
  }

  private changed(id: string): ReportEntry {
    const entry = this.options.store.read((reads) => reads.outbox.get(id))!;
    this.options.onChange?.(entry);
    return entry;
  }
}

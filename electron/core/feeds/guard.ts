// What a broken or malicious upstream may not do to the console: an event too
// deep to serialise or too big to keep, a seq the source never announced, a
// heartbeat flood, a connection that drops as soon as it subscribes. Each is
// refused or quarantined with a reason a person can read, and the rest of the
// stream goes on.
import { parseStreamEvent, type ParsedStreamEvent } from '../../../shared/protocol';

/** Deeper events are quarantined: real ones nest 3 levels; JSON.stringify overflows the stack near 5,000. */
export const MAX_EVENT_DEPTH = 64;
/** Bigger events are quarantined (kept once, in the quarantine): real ones are a few kB. */
export const MAX_EVENT_BYTES = 1024 * 1024;

export interface Screened {
  parsed: ParsedStreamEvent;
  /** What to keep of the event: the whole JSON, or, when it cannot be serialised, its envelope. */
  text: string;
}

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** The nesting depth of `value`, counted without recursion (so it cannot overflow); stops counting past `limit`. */
export function nestingDepth(value: unknown, limit = Infinity): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/** The event's envelope, for an event that is kept without its payload. */
function envelopeOf(record: Record<string, unknown>): Record<string, unknown> {
  const envelope: Record<string, unknown> = {};
  for (const key of ['seq', 'id', 'ticketId', 'type', 'at']) {
    const value = record[key];
    if (typeof value === 'string' || typeof value === 'number') envelope[key] = typeof value === 'string' ? value.slice(0, 200) : value;
  }
  return envelope;
}

function refused(raw: unknown, reason: string, text?: string): Screened {
  const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const seq = record.seq;
  return {
    parsed: {
      ok: false,
      reason,
      seq: typeof seq === 'number' && Number.isInteger(seq) ? seq : null,
      id: typeof record.id === 'string' ? record.id : null,
      ticketId: typeof record.ticketId === 'string' ? record.ticketId : null,
    },
    text: text ?? JSON.stringify({ ...envelopeOf(record), payload: `not kept: ${reason}` }),
  };
}

/**
 * Validates one raw event and serialises it for the cache, refusing what would
 * break the batch: too deep (JSON.stringify would throw inside the
 * transaction and the source would retry it forever), too big, or a seq that
 * is not a safe integer. Never throws.
 */
export function screenEvent(raw: unknown, limits = { depth: MAX_EVENT_DEPTH, bytes: MAX_EVENT_BYTES }): Screened {
  if (nestingDepth(raw, limits.depth) > limits.depth) return refused(raw, `too deep: nesting ${nestingDepth(raw)} > ${limits.depth}`);
  const seq = (raw as { seq?: unknown } | null)?.seq;
  if (typeof seq === 'number' && Number.isInteger(seq) && !Number.isSafeInteger(seq)) {
    return refused(raw, `seq ${seq} is not a safe integer`);
  }
  const text = JSON.stringify(raw) ?? String(raw);
  // Characters take 1 to 3 bytes in UTF-8: count bytes only when it could matter.
  if (text.length * 3 > limits.bytes) {
    const bytes = Buffer.byteLength(text);
    if (bytes > limits.bytes) return refused(raw, `too big: ${megabytes(bytes)} > ${megabytes(limits.bytes)}`, text);
  }
  return { parsed: parseStreamEvent(raw), text };
}

const seqOf = (raw: unknown): number => {
  const seq = typeof raw === 'object' && raw !== null ? (raw as { seq?: unknown }).seq : undefined;
  return typeof seq === 'number' ? seq : Number.MAX_SAFE_INTEGER;
};

/**
 * A batch should come in increasing seq; one that does not is put in order
 * rather than read as a gap (events without a seq go last).
 */
export function inSeqOrder(raws: readonly unknown[]): readonly unknown[] {
  for (let i = 1; i < raws.length; i += 1) {
    if (seqOf(raws[i]) < seqOf(raws[i - 1])) return [...raws].sort((a, b) => seqOf(a) - seqOf(b));
  }
  return raws;
}

/** A wire batch (an array, or one event) in seq order, each event screened: what the feed worker hands the main thread. */
export function screenBatch(batch: unknown): Screened[] {
  return inSeqOrder(Array.isArray(batch) ? batch : [batch]).map((raw) => screenEvent(raw));
}

/** Where a screened event sits in its stream: its seq, id and ticket, whatever became of it. */
export function identity(parsed: ParsedStreamEvent): { seq: number | null; id: string | null; ticketId: string | null } {
  if (!parsed.ok) return { seq: parsed.seq, id: parsed.id, ticketId: parsed.ticketId };
  const event = 'sourceEvent' in parsed ? parsed.sourceEvent : parsed.event;
  return { seq: event.seq, id: event.id, ticketId: event.ticketId };
}

/**
 * A gap the source did not fill on refill is skipped only up to the head it
 * announced: an event numbered beyond it (seq 2^53−1, say) would otherwise
 * become the source's `since`, and every later event would be dropped as a
 * duplicate. Returns the reason to quarantine it instead, or null to skip.
 */
export function beyondHead(got: number, headSeq: number | null): string | null {
  if (headSeq === null || got <= headSeq) return null;
  return `seq ${got} beyond the source's announced head ${headSeq}: not skipped to (later events would read as duplicates)`;
}

/** Lets through at most one call per `intervalMs` of the injected clock (heartbeats: a flood costs nothing). */
export class RateGate {
  private last = -Infinity;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  pass(): boolean {
    const now = this.now();
    if (now - this.last < this.intervalMs) return false;
    this.last = now;
    return true;
  }
}

/** Heartbeats come every few seconds; more than four a second are dropped unread. */
export const HEARTBEAT_MIN_INTERVAL_MS = 250;

/** A connection that lasted this long was healthy: the back-off starts over. Shorter, and it keeps growing. */
export const STABLE_CONNECTION_MS = 30_000;

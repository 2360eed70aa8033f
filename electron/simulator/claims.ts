// Claims of cadence cycles at the source (feed-protocol.md, "Claims"): a
// compare-and-swap on (ticketId, kind, audience, cycle) with a time to live.
// The first claimant holds the cycle, and so does its console asking again
// (the claim is renewed); everyone else is told who holds it. A claim ends when
// it expires or when a report of its ticket, kind and audience is echoed; an
// echoed cycle stays done until the claim would have expired, so a console that
// has not yet applied the echo is told so instead of filing the report twice.
import { DEFAULT_CLAIM_TTL_SECONDS } from '../../shared/protocol';
import type { ClaimAck, ClaimedData, ReportClaim, ReportOperator, UpwardReport } from '../../shared/protocol';
import { toShanghaiIso } from '../../shared/time';

const SECOND = 1000;
/** Expired claims are swept once the book has grown past this many since the last sweep. */
const SWEEP_MIN = 1024;

interface Claim {
  operator: ReportOperator;
  /** Epoch ms, a whole second: exactly what `expiresAt` says on the wire. */
  expiresAt: number;
  /** Set once a report ended the claim: the cycle is done. */
  reported: { reportId: string; receipt: string } | null;
}

export interface ClaimOutcome {
  answer: ClaimAck;
  /** The `claimed` event's data when the claim was granted (new or renewed); null when it was not. */
  granted: ClaimedData | null;
}

const tripleKey = (ticketId: string, kind: string, audience: string) => `${ticketId}\u0000${kind}\u0000${audience}`;

export class ClaimBook {
  /** Claims by (ticketId, kind, audience), then by the cycle's epoch ms (one instant in any offset is one cycle). */
  private readonly claims = new Map<string, Map<number, Claim>>();
  private size = 0;
  private sweepAt = SWEEP_MIN;

  claim(request: ReportClaim, now: number): ClaimOutcome {
    const { ticketId, kind, audience, cycle, operator } = request;
    const key = tripleKey(ticketId, kind, audience);
    const cycles = this.claims.get(key) ?? new Map<number, Claim>();
    const cycleAt = Date.parse(cycle);
    const held = cycles.get(cycleAt);
    const live = held !== undefined && now < held.expiresAt;
    if (live && (held.reported !== null || held.operator.console !== operator.console)) {
      const answer: ClaimAck = { ok: false, claimedBy: held.operator, expiresAt: toShanghaiIso(held.expiresAt) };
      if (held.reported !== null) answer.reported = held.reported;
      return { answer, granted: null };
    }
    const ttlSeconds = request.ttlSeconds ?? DEFAULT_CLAIM_TTL_SECONDS;
    const expiresAt = Math.ceil((now + ttlSeconds * SECOND) / SECOND) * SECOND;
    if (held === undefined) this.size += 1;
    cycles.set(cycleAt, { operator, expiresAt, reported: null });
    this.claims.set(key, cycles);
    this.sweep(now);
    const wireExpiry = toShanghaiIso(expiresAt);
    return { answer: { ok: true, expiresAt: wireExpiry }, granted: { kind, audience, cycle, operator, ttlSeconds, expiresAt: wireExpiry } };
  }

  /** An echoed report ends the live claims on its ticket, kind and audience. */
  reported(report: UpwardReport, receipt: string, now: number): void {
    if (report.ticketId === null) return;
    const cycles = this.claims.get(tripleKey(report.ticketId, report.kind, report.audience));
    for (const claim of cycles?.values() ?? []) {
      if (now < claim.expiresAt && claim.reported === null) claim.reported = { reportId: report.id, receipt };
    }
  }

  /** Forgets expired claims, so a flood of claims cannot grow the book without bound. */
  private sweep(now: number): void {
    if (this.size < this.sweepAt) return;
    for (const [key, cycles] of this.claims) {
      for (const [cycleAt, claim] of cycles) {
        if (now < claim.expiresAt) continue;
        cycles.delete(cycleAt);
        this.size -= 1;
      }
      if (cycles.size === 0) this.claims.delete(key);
    }
    this.sweepAt = Math.max(SWEEP_MIN, this.size * 2);
  }
}

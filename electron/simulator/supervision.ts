// Protocol 1.1 at a source (feed-protocol.md, "Protocol 1.1"): the echo of
// every filed report, claims of cadence cycles, and the replies of the city
// NOCs and handlers. This makes the events; the feed server validates,
// numbers and sends them. A 1.0 source has none of it.
import { reportClaim } from '../../shared/protocol';
import type { ClaimAck } from '../../shared/protocol';
import { toShanghaiIso } from '../../shared/time';
import { z } from 'zod';
import { ClaimBook } from './claims';
import type { StreamDraft } from './draft';
import { ReplyDesk } from './replies';
import type { ReplyDeskOptions, TicketEvents } from './replies';
import type { FiledReport } from './server';

export class SourceSupervision {
  private readonly claims = new ClaimBook();
  private readonly replies: ReplyDesk;
  private claimSerial = 0;

  constructor(options: ReplyDeskOptions, ticketEvents: TicketEvents) {
    this.replies = new ReplyDesk(options, ticketEvents);
  }

  /** The echo of a newly filed report. It ends the claims the report satisfies and schedules the answer to a check or an urge. */
  filed({ report, receipt, receivedAt }: FiledReport, now: number): StreamDraft {
    this.claims.reported(report, receipt, now);
    this.replies.plan(report, now);
    const data = {
      reportId: report.id,
      kind: report.kind,
      audience: report.audience,
      createdAt: report.createdAt,
      receipt,
      ...(report.operator === undefined ? {} : { operator: report.operator }),
      ...(report.subject === undefined ? {} : { subject: report.subject }),
      title: report.title,
    };
    const envelope = { id: `rep-${report.id}`, type: 'reported' as const, at: receivedAt, data };
    return report.ticketId === null ? { ...envelope, ticketId: null } : { ...envelope, ticketId: report.ticketId };
  }

  /** Answers a `claim`; a granted claim (new or renewed) is also a `claimed` event on the ticket. */
  claim(payload: unknown, now: number): { answer: ClaimAck; event: StreamDraft | null } {
    const parsed = reportClaim.safeParse(payload);
    if (!parsed.success) return { answer: { ok: false, error: { code: 'invalid-claim', message: z.prettifyError(parsed.error) } }, event: null };
    const { answer, granted } = this.claims.claim(parsed.data, now);
    if (granted === null) return { answer, event: null };
    this.claimSerial += 1;
    // The clock in the id keeps ids unique across restarts of a source that re-serves the same stream.
    const id = `clm-${now.toString(36)}-${this.claimSerial}`;
    return { answer, event: { id, ticketId: parsed.data.ticketId, type: 'claimed', at: toShanghaiIso(now), data: granted } };
  }

  /** Replies due by `now`. */
  due(now: number): StreamDraft[] {
    return this.replies.due(now);
  }
}

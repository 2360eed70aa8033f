// Protocol 1.1's contract in shared/protocol: what a report, a claim and the
// three new events may be, and what a subscribe acknowledgement says a source does.
import { describe, expect, it } from 'vitest';
import {
  AUDIENCES_BY_KIND,
  UPWARD_REPORT_AUDIENCES,
  UPWARD_REPORT_KINDS,
  claimAck,
  parseFeedEvent,
  parseStreamEvent,
  reportClaim,
  sourceCapabilities,
  subscribeAck,
  upwardReport,
} from '../../../shared/protocol';
import type { UpwardReport } from '../../../shared/protocol';
import { applyEvent, foldTicket } from '../../../shared/domain';
import { createdData, MIN, stream, T0 } from '../domain/fixtures';

const OPERATOR = { name: '张晓华', console: 'desk-duty' };
const TICKET = 'JS-NJ-20261122-0007';

function report(over: Partial<UpwardReport> = {}): UpwardReport {
  return { id: 'r-1', ticketId: TICKET, kind: 'progress', audience: 'group', createdAt: '2026-11-22T10:01:00+08:00', title: '进展通报', body: '抢修中', ...over };
}

/** The first issue's path and message, or null when the value parses. */
function problem(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  const issue = result.error?.issues[0];
  return result.success || issue === undefined ? null : { path: issue.path.join('.'), message: issue.message };
}

describe('reports of protocol 1.1', () => {
  it('take each kind to its own audiences and refuse every other pairing', () => {
    for (const kind of UPWARD_REPORT_KINDS) {
      for (const audience of UPWARD_REPORT_AUDIENCES) {
        const subject = kind === 'urge' || kind === 'acknowledge' ? { clock: 'repair', index: 0 } : undefined;
        const candidate = report({ kind, audience, subject, ticketId: kind === 'handover' ? null : TICKET });
        expect(upwardReport.safeParse(candidate).success, `${kind} → ${audience}`).toBe(AUDIENCES_BY_KIND[kind].includes(audience));
      }
    }
    expect(problem(upwardReport.safeParse(report({ kind: 'check', audience: 'group' })))).toEqual({
      path: 'audience',
      message: 'a check report goes to city-noc or handler, not group',
    });
  });

  it('carry the operator, and a subject exactly on urge and acknowledge', () => {
    const urge = report({ kind: 'urge', audience: 'handler', operator: OPERATOR, subject: { clock: 'repair', index: 1 } });
    expect(upwardReport.parse(urge)).toEqual(urge);
    expect(problem(upwardReport.safeParse({ ...urge, subject: undefined }))).toMatchObject({ path: 'subject', message: expect.stringContaining('required') });
    expect(problem(upwardReport.safeParse(report({ kind: 'check', audience: 'city-noc', subject: { clock: 'check', index: 0 } })))).toMatchObject({ path: 'subject' });
    expect(upwardReport.safeParse({ ...urge, subject: { clock: 'repair', index: -1 } }).success).toBe(false);
    expect(upwardReport.safeParse({ ...urge, operator: { name: '   ', console: 'wall-1' } }).success).toBe(false);
    expect(upwardReport.safeParse({ ...urge, operator: { name: '张晓华' } }).success).toBe(false);
  });

  it('put a handover on no ticket, and every other kind on one', () => {
    const handover = report({ kind: 'handover', audience: 'noc', ticketId: null, operator: OPERATOR });
    expect(upwardReport.parse(handover).ticketId).toBeNull();
    expect(problem(upwardReport.safeParse({ ...handover, ticketId: TICKET }))).toMatchObject({ path: 'ticketId' });
    expect(problem(upwardReport.safeParse(report({ ticketId: null })))).toEqual({ path: 'ticketId', message: 'a progress report needs its ticketId' });
  });

  it('of protocol 1.0 still parse as they did, for the audiences each kind goes to', () => {
    expect(upwardReport.parse(report())).toEqual(report());
    expect(upwardReport.safeParse(report({ kind: 'fault-report', audience: 'customer' })).success).toBe(true);
    expect(upwardReport.safeParse(report({ kind: 'stage-feedback', audience: 'province-account-manager' })).success).toBe(true);
  });
});

describe('claims', () => {
  const claim = { ticketId: TICKET, kind: 'progress', audience: 'group', cycle: '2026-11-22T10:31:00+08:00', operator: OPERATOR, ttlSeconds: 300 };

  it('name a cadence cycle of a claimable kind, to its audience, with the operator', () => {
    expect(reportClaim.parse(claim)).toEqual(claim);
    expect(reportClaim.parse({ ...claim, ttlSeconds: undefined }).ttlSeconds).toBeUndefined();
    expect(reportClaim.safeParse({ ...claim, kind: 'check', audience: 'handler' }).success).toBe(true);
    for (const bad of [
      { ...claim, kind: 'urge', audience: 'handler' },
      { ...claim, audience: 'customer' },
      { ...claim, operator: undefined },
      { ...claim, cycle: '10:31' },
      { ...claim, ttlSeconds: 0 },
      { ...claim, ttlSeconds: 3601 },
      { ...claim, ticketId: '' },
    ]) {
      expect(reportClaim.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('are answered granted, taken (with who and, once reported, the receipt) or refused', () => {
    const expiresAt = '2026-11-22T10:36:00+08:00';
    expect(claimAck.parse({ ok: true, expiresAt })).toEqual({ ok: true, expiresAt });
    const taken = { ok: false, claimedBy: OPERATOR, expiresAt };
    expect(claimAck.parse(taken)).toEqual(taken);
    const done = { ...taken, reported: { reportId: 'r-1', receipt: 'GRP-1' } };
    expect(claimAck.parse(done)).toEqual(done);
    const refused = { ok: false, error: { code: 'invalid-claim', message: 'cycle: Invalid ISO datetime' } };
    expect(claimAck.parse(refused)).toEqual(refused);
    expect(claimAck.safeParse({ ok: false, expiresAt }).success).toBe(false);
  });
});

describe('events of protocol 1.1', () => {
  const envelope = { seq: 2210, id: 'rep-r-1', ticketId: TICKET, at: '2026-11-22T10:01:02+08:00' };
  const reported = {
    ...envelope,
    type: 'reported',
    data: {
      reportId: 'r-1',
      kind: 'progress' as const,
      audience: 'group' as const,
      createdAt: '2026-11-22T10:01:00+08:00',
      receipt: 'GRP-2026-000123',
      operator: OPERATOR,
      title: '进展通报',
    },
  };

  it('parse: the echo of a report, a reply, a claim', () => {
    expect(parseFeedEvent(reported)).toEqual({ ok: true, event: reported });
    const replied = { ...envelope, id: 'rpl-1', type: 'replied', data: { reportId: 'r-2', by: 'city-noc', name: '李娟', status: 'need-help', note: '需协调传输专业支撑' } };
    expect(parseFeedEvent(replied)).toEqual({ ok: true, event: replied });
    const claimed = {
      ...envelope,
      id: 'clm-1',
      type: 'claimed',
      data: { kind: 'check', audience: 'handler', cycle: '2026-11-22T10:31:00+08:00', operator: OPERATOR, ttlSeconds: 300, expiresAt: '2026-11-22T10:06:02+08:00' },
    };
    expect(parseFeedEvent(claimed)).toEqual({ ok: true, event: claimed });
  });

  it('are invalid with a wrong pairing, a wrong status or a missing subject', () => {
    const bad = [
      { ...reported, data: { ...reported.data, audience: 'customer' } },
      { ...reported, data: { ...reported.data, kind: 'urge', audience: 'handler' } },
      { ...envelope, type: 'replied', data: { reportId: 'r-2', by: 'group', status: 'in-progress' } },
      { ...envelope, type: 'replied', data: { reportId: 'r-2', by: 'handler', status: 'done' } },
      { ...envelope, type: 'claimed', data: { kind: 'progress', audience: 'group', cycle: 'soon', operator: OPERATOR, expiresAt: envelope.at } },
    ];
    for (const event of bad) expect(parseFeedEvent(event), JSON.stringify(event.data)).toMatchObject({ ok: false, reason: expect.stringMatching(/^invalid (reported|replied|claimed) event/) });
  });

  it('put a handover echo on the source, not on a ticket', () => {
    const handover = { ...reported, ticketId: null, data: { ...reported.data, kind: 'handover', audience: 'noc' } };
    expect(parseFeedEvent(handover)).toMatchObject({ ok: false, reason: "a source event (reported without a ticket) is not a ticket's event" });
    expect(parseStreamEvent(handover)).toEqual({ ok: true, sourceEvent: handover });
    expect(parseStreamEvent(reported)).toEqual({ ok: true, event: reported });
    expect(parseStreamEvent({ ...handover, data: { ...handover.data, kind: 'progress', audience: 'group' } }).ok).toBe(false);
    expect(parseFeedEvent({ ...handover, ticketId: TICKET }).ok).toBe(false);
  });

  it('change no lifecycle fact, and are never rejected: they are kept as the ticket\'s supervision', () => {
    const s = stream(TICKET);
    s.add('created', T0, createdData());
    s.add('dispatched', T0 + 5 * MIN, { center: 'support', handler: '王工' });
    const before = foldTicket(s.events);
    s.add('reported', T0 + 6 * MIN, { ...reported.data, createdAt: '2026-11-23T09:05:30+08:00' });
    s.add('claimed', T0 + 7 * MIN, { kind: 'check', audience: 'handler', cycle: '2026-11-23T09:35:00+08:00', operator: OPERATOR, expiresAt: '2026-11-23T09:12:00+08:00' });
    s.add('replied', T0 + 8 * MIN, { reportId: 'r-2', by: 'handler', status: 'in-progress' });
    const after = foldTicket(s.events);
    expect(after.rejected).toEqual([]);
    const { reports, replies, claims, ...lifecycle } = after.history;
    expect({ ...lifecycle, reports: [], replies: [], claims: [] }).toEqual(before.history);
    expect([reports.length, replies.length, claims.length]).toEqual([1, 1, 1]);
    expect({ ...after.facts, lastEventAt: null, lastEventSeq: null }).toEqual({ ...before.facts, lastEventAt: null, lastEventSeq: null });
    expect(s.events.slice(2).reduce(applyEvent, before)).toEqual(after);
  });
});

describe('subscribe acknowledgements', () => {
  const ack10 = { source: { id: 'js-eoms', name: '江苏电子运维', level: 'province' }, headSeq: 7, serverTime: '2026-11-22T10:00:00+08:00' };

  it('of a 1.0 source parse as before and promise nothing', () => {
    expect(subscribeAck.parse(ack10)).toEqual(ack10);
    expect(sourceCapabilities(subscribeAck.parse(ack10))).toEqual({ protocol: '1.0', echoesReports: false, takesClaims: false, sendsReplies: false });
    // Features without a protocol are a 1.0 source's noise.
    expect(sourceCapabilities({ features: ['report-echo'] }).echoesReports).toBe(false);
  });

  it('of a 1.1 source say what it does, feature by feature', () => {
    const ack11 = subscribeAck.parse({ ...ack10, protocol: '1.1', features: ['report-echo', 'claims', 'replies', 'telepathy'] });
    expect(sourceCapabilities(ack11)).toEqual({ protocol: '1.1', echoesReports: true, takesClaims: true, sendsReplies: true });
    expect(sourceCapabilities({ protocol: '1.1', features: ['report-echo'] })).toEqual({ protocol: '1.1', echoesReports: true, takesClaims: false, sendsReplies: false });
    expect(subscribeAck.safeParse({ ...ack10, features: 'claims' }).success).toBe(false);
  });
});

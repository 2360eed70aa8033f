// Shift handover (交接班): the sheet the core assembles at the moment of
// handover, the signature, the incoming lead's acknowledgement, and the
// handovers this console knows (its own and those the source echoed).
import { z } from 'zod';
import { CUSTOMER_TIERS, REPLY_PARTIES, UPWARD_REPORT_KINDS, UPWARD_REPORT_AUDIENCES } from '../protocol';
import { ALARM_SEVERITIES } from '../alarms/policy';
import { CLOCK_NAMES } from '../domain/types';
import { request } from './define';
import { boardLevel, epochMs } from './common';
import { reportLocale, reportState } from './reports';

const ticketRef = {
  source: z.string(),
  ticketId: z.string(),
  customer: z.string().nullable(),
  tier: z.enum(CUSTOMER_TIERS).nullable(),
  city: z.string().nullable(),
  boards: z.array(boardLevel),
};

/** One running clock of an open group-tier or province-board ticket: what the next shift owes and by when. */
export const obligation = z.object({
  ...ticketRef,
  clock: z.enum(CLOCK_NAMES),
  index: z.number().int().min(0),
  state: z.enum(['ok', 'warning', 'breached']),
  startedAt: epochMs.nullable(),
  /** Null while the ticket is suspended (the clock is paused short of its limit). */
  dueAt: epochMs.nullable(),
});
export type Obligation = z.infer<typeof obligation>;

/** A clock that breached during the shift (breachedAt in [shift.from, at]). */
export const shiftBreach = z.object({
  ...ticketRef,
  clock: z.enum(CLOCK_NAMES),
  index: z.number().int().min(0),
  breachedAt: epochMs,
  /** breached: still running; metLate: stopped after its limit. */
  state: z.enum(['breached', 'metLate']),
  stoppedAt: epochMs.nullable(),
});
export type ShiftBreach = z.infer<typeof shiftBreach>;

/** A report of this console's outbox written in the shift and not filed (queued, unanswered or refused). */
export const unsettledReport = z.object({
  id: z.string(),
  source: z.string(),
  ticketId: z.string().nullable(),
  kind: z.enum(UPWARD_REPORT_KINDS),
  audience: z.enum(UPWARD_REPORT_AUDIENCES),
  state: reportState,
  createdAt: epochMs,
  title: z.string(),
  refusal: z.string().nullable(),
});

export const unansweredCheck = z.object({
  ...ticketRef,
  party: z.enum(REPLY_PARTIES),
  reportId: z.string(),
  createdAt: epochMs,
  operator: z.string().nullable(),
});
export type UnansweredCheck = z.infer<typeof unansweredCheck>;

/** A suspension request (挂起申请) with no `suspended` after it: the group has not decided. */
export const pendingSuspension = z.object({
  ...ticketRef,
  reportId: z.string(),
  createdAt: epochMs,
  /** echoed: filed upstream (any console's); otherwise this console's outbox state. */
  state: z.enum(['echoed', 'acknowledged', 'queued', 'sent']),
  operator: z.string().nullable(),
});
export type PendingSuspension = z.infer<typeof pendingSuspension>;

/** A breached clock's alarm nobody had acknowledged (认领) at the moment of handover. */
export const unacknowledgedAlarm = z.object({
  ...ticketRef,
  clock: z.enum(CLOCK_NAMES),
  index: z.number().int(),
  severity: z.enum(ALARM_SEVERITIES),
  /** When the clock breached. */
  since: epochMs,
});
export type UnacknowledgedAlarm = z.infer<typeof unacknowledgedAlarm>;

/** A stale feed's alarm nobody had acknowledged on this console at the moment of handover. */
export const unacknowledgedFeedAlarm = z.object({
  source: z.string(),
  /** The feed's name as the console showed it. */
  name: z.string(),
  severity: z.enum(ALARM_SEVERITIES),
  /** When the feed's silence passed the stale limit. */
  since: epochMs,
});
export type UnacknowledgedFeedAlarm = z.infer<typeof unacknowledgedFeedAlarm>;

export const handoverSheet = z.object({
  at: epochMs,
  shift: z.object({ from: epochMs, to: epochMs }),
  policyVersion: z.string(),
  /** Every running clock of every open group-tier and province-board ticket (and every pending fault report), soonest due first. */
  obligations: z.array(obligation),
  /** How many open group/province tickets the obligations come from. */
  tickets: z.number().int().min(0),
  breaches: z.array(shiftBreach),
  reports: z.object({
    /** Filed upstream in the shift: this console's acknowledged reports and every console's echoed ones. */
    sent: z.number().int().min(0),
    queued: z.number().int().min(0),
    refused: z.number().int().min(0),
    /** Not sent: another console claimed the cycle and reported it. */
    yielded: z.number().int().min(0),
    /** The queued and refused ones, oldest first. */
    unsettled: z.array(unsettledReport),
  }),
  unansweredChecks: z.array(unansweredCheck),
  pendingSuspensions: z.array(pendingSuspension),
  /**
   * The alarms not acknowledged at the moment of handover, from this console's
   * alarm log, oldest first (a report falling due sounds once and is not
   * acknowledged: it is among the obligations). `tracked: false` only on sheets
   * signed before the console kept an alarm log (stored with their handover):
   * those say so rather than "none".
   */
  alarms: z.discriminatedUnion('tracked', [
    z.object({ tracked: z.literal(false) }),
    z.object({ tracked: z.literal(true), unacknowledged: z.array(unacknowledgedAlarm), feeds: z.array(unacknowledgedFeedAlarm) }),
  ]),
  /** What the lists leave out, in words the sheet prints (codes; the renderer and the PDF word them); alarmsNotTracked only on sheets from before the alarm log. */
  leftOut: z.array(z.enum(['localTickets', 'otherConsolesQueues', 'alarmsNotTracked', 'closedTicketsExceptFaultReport'])),
  note: z.string(),
});
export type HandoverSheet = z.infer<typeof handoverSheet>;

const acknowledgement = z.object({ by: z.string(), console: z.string(), at: epochMs });

/** A handover as this console knows it: signed here, or echoed by the source from another console. */
export const handoverEntry = z.object({
  id: z.string(),
  source: z.string(),
  at: epochMs,
  shift: z.object({ from: epochMs, to: epochMs }).nullable(),
  outgoing: z.object({ by: z.string(), console: z.string(), at: epochMs }),
  /** Why the lead handed over while a group-tier clock was breached. */
  reason: z.string().nullable(),
  note: z.string().nullable(),
  title: z.string(),
  /** The outgoing report's state in this console's outbox; null when another console sent it. */
  reportState: reportState.nullable(),
  /** Echoed by the source: every console of the room has it. */
  echoed: z.boolean(),
  /** The incoming lead's acknowledgement of the whole, once given (seen here or echoed). */
  acknowledged: acknowledgement.nullable(),
  /** Items the incoming lead acknowledged one by one on this console (item keys, see sheetItems). */
  items: z.array(acknowledgement.extend({ item: z.string() })),
});
export type HandoverEntry = z.infer<typeof handoverEntry>;

const signer = z.object({ operator: z.string().max(64), locale: reportLocale });

export const handoverRequests = {
  /** The sheet as it stands now (or at `at`), for the outgoing lead to read before signing. */
  'handover:sheet': request(z.object({ at: epochMs.optional(), note: z.string().max(4000).optional() }), handoverSheet),
  /** Signs the sheet at now and sends it upstream (a `handover` report with its PDF); refused without a reason while a group-tier clock is breached. */
  'handover:sign': request(signer.extend({ note: z.string().max(4000), reason: z.string().max(1000).optional() }), handoverEntry),
  /** The incoming lead acknowledges items (`items`) or the whole (`items` omitted). */
  'handover:acknowledge': request(signer.extend({ id: z.string().min(1), items: z.array(z.string().min(1)).max(2000).optional() }), handoverEntry),
  'handover:list': request(z.object({ limit: z.number().int().min(1).max(500).default(50) }), z.array(handoverEntry)),
  /** The sheet of a handover (as signed, or recomputed at its instant for one signed elsewhere). */
  'handover:get': request(z.object({ id: z.string().min(1) }), z.object({ entry: handoverEntry, sheet: handoverSheet })),
  'handover:pdf': request(z.object({ id: z.string().min(1), locale: reportLocale }), z.object({ fileName: z.string(), mime: z.literal('application/pdf'), base64: z.string() })),
};

export const handoverPushes = {
  'handover:changed': handoverEntry,
};

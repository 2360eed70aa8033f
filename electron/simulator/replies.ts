// The city NOCs and handlers of the simulated province answering the NOC's
// checks (核实) and urges (催办) with `replied` events. Who answers is the
// report's audience; when is drawn from realistic delays (minutes: the city's
// duty desk is quicker than a handler up a pole; an urge is answered sooner
// than a check); some never answer. What they say follows the ticket as the
// stream tells it at the time of the answer, and both parties asked in the same
// half hour tell the same story; the city NOC's answer comes from that city's
// duty officer of the shift. Answers depend only on the seed, the report's id,
// the ticket and the time, so replies are the same whatever order reports
// arrive in and however many consoles send them.
import { EVENT_TYPES } from '../../shared/protocol';
import type { ReplyParty, ReplyStatus, RepliedData, UpwardReport } from '../../shared/protocol';
import { toShanghaiIso } from '../../shared/time';
import type { StreamDraft } from './draft';
import { personName } from './province';
import { Random, hashOf } from './random';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A ticket's situation holds for this long (the check cadence), unless its stream moves. */
const SITUATION_MS = 30 * MINUTE;
/** City NOC duty shifts: epoch ms count them from 00:00 UTC, so they change at 08:00 and 20:00 in Shanghai. */
const SHIFT_MS = 12 * HOUR;

export interface ReplyDeskOptions {
  seed: number;
  /**
   * How fast the source's clock runs against the simulated minutes of a reply:
   * 1 when the source's clock is simulated time (the simulator), a replay's
   * speed when it is real time; Infinity answers at once.
   */
  pace: number;
}

/** The events of one ticket as the source's stream holds them, in seq order (loosely typed: a stream may carry broken events). */
export type TicketEvents = (ticketId: string) => readonly Readonly<Record<string, unknown>>[];

interface Timing {
  /** Chance the party never answers. */
  silent: number;
  /** Fewest minutes before an answer, then an exponential tail with this mean, capped. */
  minMinutes: number;
  meanMinutes: number;
  maxMinutes: number;
}

const TIMING: Readonly<Record<'check' | 'urge', Readonly<Record<ReplyParty, Timing>>>> = {
  check: {
    'city-noc': { silent: 0.1, minMinutes: 2, meanMinutes: 6, maxMinutes: 40 },
    handler: { silent: 0.2, minMinutes: 4, meanMinutes: 12, maxMinutes: 75 },
  },
  urge: {
    'city-noc': { silent: 0.06, minMinutes: 1, meanMinutes: 4, maxMinutes: 25 },
    handler: { silent: 0.12, minMinutes: 2, meanMinutes: 7, maxMinutes: 45 },
  },
};

const NOTES: Readonly<Record<ReplyStatus, readonly string[]>> = {
  'in-progress': ['抢修人员已到达现场，正在排查', '已定位故障点，正在处理', '正在熔接光缆，预计一小时内恢复', '已更换故障板卡，正在测试业务', '已联系客户，正在远程配合排查'],
  waiting: ['等待备件到货，已协调地市仓库调拨', '客户机房暂时无法进入，已预约进场时间', '等待客户配合测试', '等待第三方施工许可'],
  'need-help': ['需协调传输专业支撑', '涉及跨地市光缆，请求省公司协调', '需厂家技术支持，已报障', '现场抢修人手不足，请求增援'],
  repaired: ['故障已修复，业务已恢复，等待客户确认'],
};
const OPENINGS: Readonly<Record<'check' | 'urge', Readonly<Record<ReplyParty, readonly string[]>>>> = {
  check: { 'city-noc': ['经与现场核实，', '经核实，', ''], handler: [''] },
  urge: { 'city-noc': ['收到催办，已督促现场：', '收到，'], handler: ['收到催办，', '已收到，', '收到，'] },
};
const IN_REPAIR_STATUSES: readonly (readonly [ReplyStatus, number])[] = [['in-progress', 65], ['waiting', 20], ['need-help', 15]];

type Stage = 'unknown' | 'waiting-dispatch' | 'dispatched' | 'in-repair' | 'suspended' | 'repaired' | 'closed';

/** What a city NOC or handler knows of a ticket when it answers. */
interface TicketDigest {
  stage: Stage;
  city: string | null;
  /** Lifecycle events of the ticket so far: a new one may change its situation (echoes and replies do not). */
  events: number;
  handler: string | null;
  team: string | null;
  suspendReason: string | null;
  resolution: string | null;
}

function text(data: unknown, field: string): string | null {
  const value = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' && value !== '' ? value : null;
}

function digest(events: ReturnType<TicketEvents>): TicketDigest {
  const out: TicketDigest = { stage: 'unknown', city: null, events: 0, handler: null, team: null, suspendReason: null, resolution: null };
  for (const { type, data } of events) {
    if ((EVENT_TYPES as readonly unknown[]).includes(type)) out.events += 1;
    switch (type) {
      case 'created':
      case 'updated':
        out.city = text(data, 'city') ?? out.city;
        if (out.stage === 'unknown') out.stage = 'waiting-dispatch';
        break;
      case 'preprocessed':
        if (out.stage === 'unknown') out.stage = 'waiting-dispatch';
        if (type === 'preprocessed' && text(data, 'result') === 'resolved') out.stage = 'repaired';
        break;
      case 'dispatched':
      case 'transferred':
        out.stage = 'dispatched';
        out.team = text(data, 'team') ?? out.team;
        out.handler = text(data, 'handler');
        break;
      case 'accepted':
        out.stage = 'in-repair';
        out.handler = text(data, 'handler') ?? out.handler;
        break;
      case 'reopened':
      case 'resumed':
        out.stage = out.handler !== null ? 'in-repair' : out.team !== null ? 'dispatched' : 'waiting-dispatch';
        break;
      case 'suspended':
        out.stage = 'suspended';
        out.suspendReason = text(data, 'reason');
        break;
      case 'repaired':
      case 'confirmed':
        out.stage = 'repaired';
        out.resolution = text(data, 'resolution') ?? out.resolution;
        break;
      case 'closed':
        out.stage = 'closed';
        break;
    }
  }
  return out;
}

interface PendingReply {
  dueAt: number;
  report: UpwardReport & { kind: 'check' | 'urge'; audience: ReplyParty; ticketId: string };
}

type Answerable = PendingReply['report'];

function answerable(report: UpwardReport): report is Answerable {
  return (report.kind === 'check' || report.kind === 'urge') && (report.audience === 'city-noc' || report.audience === 'handler') && report.ticketId !== null;
}

export class ReplyDesk {
  /** In due order; equal times keep the order the reports were filed in. */
  private readonly pending: PendingReply[] = [];

  constructor(
    private readonly options: ReplyDeskOptions,
    private readonly ticketEvents: TicketEvents,
  ) {}

  /** Decides whether and when a filed check or urge is answered; a ticket the source does not know gets no answer. */
  plan(report: UpwardReport, receivedAt: number): void {
    // A ticket the stream holds only echoes of is a ticket nobody down there knows.
    if (!answerable(report) || digest(this.ticketEvents(report.ticketId)).events === 0) return;
    const random = this.randomFor(report, 'timing');
    const timing = TIMING[report.kind][report.audience];
    if (random.chance(timing.silent)) return;
    const minutes = Math.min(timing.maxMinutes, timing.minMinutes + random.exponential(timing.meanMinutes));
    const dueAt = receivedAt + (this.options.pace === Infinity ? 0 : (minutes * MINUTE) / this.options.pace);
    let at = this.pending.length;
    while (at > 0 && (this.pending[at - 1] as PendingReply).dueAt > dueAt) at -= 1;
    this.pending.splice(at, 0, { dueAt, report });
  }

  /** The replies due by `now`, in due order, as events stamped with their due time. */
  due(now: number): StreamDraft[] {
    let count = 0;
    while (count < this.pending.length && (this.pending[count] as PendingReply).dueAt <= now) count += 1;
    return this.pending.splice(0, count).map(({ dueAt, report }) => ({
      id: `rpl-${report.id}`,
      ticketId: report.ticketId,
      type: 'replied' as const,
      at: toShanghaiIso(dueAt),
      data: this.answer(report, dueAt),
    }));
  }

  /** Draws for one purpose and one key, independent of every other draw. */
  private random(purpose: string, key: string): Random {
    return new Random(this.options.seed ^ hashOf(`${purpose}:${key}`));
  }

  private randomFor(report: UpwardReport, purpose: 'timing' | 'opening'): Random {
    return this.random(purpose, report.id);
  }

  private answer(report: Answerable, at: number): RepliedData {
    const ticket = digest(this.ticketEvents(report.ticketId));
    const { status, note } = situationOf(ticket, this.random('situation', `${report.ticketId}:${ticket.events}:${Math.floor(at / SITUATION_MS)}`));
    const opening = status === 'repaired' ? '' : this.randomFor(report, 'opening').pick(OPENINGS[report.kind][report.audience]);
    const name = report.audience === 'handler' ? (ticket.handler ?? ticket.team) : this.dutyOfficer(ticket.city, at);
    return { reportId: report.id, by: report.audience, ...(name === null ? {} : { name }), status, note: opening + note };
  }

  /** The city NOC's duty officer on the shift that holds `at`. */
  private dutyOfficer(city: string | null, at: number): string {
    return personName(this.random('duty', `${city ?? '?'}:${Math.floor(at / SHIFT_MS)}`));
  }
}

/** Where the ticket stands, as both parties would tell it. */
function situationOf(ticket: TicketDigest, random: Random): { status: ReplyStatus; note: string } {
  switch (ticket.stage) {
    case 'repaired':
    case 'closed':
      return { status: 'repaired', note: ticket.resolution === null ? random.pick(NOTES.repaired) : `故障已修复（${ticket.resolution}），等待客户确认` };
    case 'suspended':
      return { status: 'waiting', note: `工单已挂起：${ticket.suspendReason ?? '等待客户配合'}，条件具备后立即恢复处理` };
    case 'unknown':
    case 'waiting-dispatch':
      return random.chance(0.5) ? { status: 'waiting', note: '正在预处理，准备派单' } : { status: 'in-progress', note: '已安排人员远程排查' };
    case 'dispatched': {
      const team = ticket.team ?? '装维班组';
      return random.chance(0.4) ? { status: 'waiting', note: `已派单至${team}，正在催促接单` } : { status: 'in-progress', note: `${team}已接到派单，正在安排人员出发` };
    }
    case 'in-repair': {
      const status = random.weighted(IN_REPAIR_STATUSES);
      return { status, note: random.pick(NOTES[status]) };
    }
  }
}

// One ticket's life as upstream events: realistic stage durations, with the
// breaches, suspensions, transfers, reopens and call-backs a NOC sees.
import { CENTERS, serviceGroupOf } from '../../shared/protocol';
import type { Center, CustomerTier, EventType, FeedEventOf, IntakeChannel } from '../../shared/protocol';
import type { DraftEvent, SourceRole } from './draft';
import type { CircuitRecord, CustomerRecord } from './province';
import { SERVICE_LABELS, personName } from './province';
import type { Random } from './random';
import { toShanghaiIso } from '../../shared/time';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export interface GeneratedTicket {
  ticketId: string;
  source: SourceRole;
  /** Creation order within one generator run; breaks ties between equal times. */
  serial: number;
  createdAt: number;
  fibreCut: boolean;
  /** In `at` order, strictly increasing by at least a second. */
  events: DraftEvent[];
  /** Epoch ms of each event, index-aligned with `events`. */
  times: number[];
}

/** A fibre cut: every ticket it causes shares the place, the cause and roughly the repair time. */
export interface FibreCut {
  at: number;
  district: string;
  road: string;
  repairedAt: number;
}

export interface TicketPlan {
  serial: number;
  ticketId: string;
  source: SourceRole;
  idPrefix: string;
  createdAt: number;
  customer: CustomerRecord;
  circuit: CircuitRecord;
  channel: IntakeChannel;
}

// Simulated durations only: they aim near the console's default limits so a
// share lands on each side; the console's own policy decides what breaches.
const REPAIR_HOURS: Readonly<Record<CustomerTier, number>> = { group: 4, province: 4, localA: 6, localB: 8, localC: 24 };
const DISPATCH_LIMIT = 15 * MINUTE;
const ACCEPT_LIMIT = 30 * MINUTE;
const CONFIRM_LIMIT = 15 * MINUTE;
const REPORT_LIMIT = 24 * HOUR;

type BreachableClock = 'dispatch' | 'accept' | 'repair' | 'confirm' | 'faultReport';
const BREACH_WEIGHTS: readonly (readonly [BreachableClock, number])[] = [
  ['repair', 4],
  ['accept', 2],
  ['dispatch', 1.5],
  ['confirm', 1.5],
  ['faultReport', 1],
];

const CENTER_TEAMS: Readonly<Record<Center, string>> = {
  support: '政企装维班',
  cable: '线路维护中心',
  monitoring: '网络监控室',
  optimization: '无线网优室',
};

const REPAIRS: Readonly<Record<Center, readonly (readonly [string, string])[]>> = {
  support: [
    ['客户端光猫死机', '重启设备后恢复'],
    ['客户侧路由器配置错误', '修正配置'],
    ['终端板卡故障', '更换板卡'],
    ['客户侧电源故障', '协助客户恢复供电'],
  ],
  cable: [
    ['光缆被施工挖断', '熔接抢通'],
    ['尾纤松动', '重新紧固尾纤'],
    ['入户电缆受潮', '更换电缆'],
    ['杆路倒伏拉断光缆', '扶正杆路并熔接'],
  ],
  monitoring: [
    ['汇聚层设备板卡故障', '更换板卡'],
    ['软交换数据配置异常', '修正数据配置'],
    ['核心机房电源告警', '恢复供电后业务正常'],
  ],
  optimization: [
    ['基站退服', '恢复基站供电'],
    ['无线干扰', '调整频点'],
    ['WLAN AP故障', '更换AP'],
  ],
};

const SYMPTOMS = {
  bandwidth: ['专线中断', '电路误码率高', '专线时断时续', '带宽不达标'],
  navigatorIct: ['业务无法登录', '平台访问缓慢', '终端无法使用'],
  converged: ['业务无法使用', '消息发送失败', '终端无法接入'],
  fixedVoice: ['呼入无法接通', '话音质量差', '业务功能失效'],
} as const;

const TRANSFER_REASONS = ['现场排查为线路问题', '需核心网侧处理', '无线侧问题转网优', '客户端正常，需局端处理'];
const SUSPEND_REASONS = ['客户机房暂时无法进入', '等待客户配合测试', '需协调第三方施工许可', '等待备件到货'];
const REOPEN_REASONS = ['客户反映故障复现', '恢复后再次中断'];
const PROGRESS_NOTES = ['已联系客户，正在前往现场', '已到达现场排查', '已定位故障点', '正在抢修', '等待备件，已协调调拨'];
const SEGMENTS = ['客户端', '接入段', '传输段', '核心段'];
const ROADS = ['中山路', '解放路', '人民路', '建设路', '长江路', '太湖大道', '工业园区', '开发区大道'];
const SATISFACTION_WEIGHTS = [['satisfied', 85], ['neutral', 10], ['dissatisfied', 5]] as const;
const LEVEL_FAULT: Readonly<Record<string, number>> = { AAA: 1, AA: 2, A: 3, normal: 4 };

/** Collects one ticket's events, then orders them and stamps `at`. */
class TicketBuilder {
  readonly events: DraftEvent[] = [];
  readonly times: number[] = [];

  constructor(private readonly plan: TicketPlan) {}

  add<T extends EventType>(type: T, atMs: number, data: FeedEventOf<T>['data']): void {
    const event = { id: `${this.plan.idPrefix}-${this.events.length}`, ticketId: this.plan.ticketId, type, at: '', data };
    this.events.push(event as DraftEvent);
    this.times.push(atMs);
  }

  finish(fibreCut: boolean): GeneratedTicket {
    const { events, times } = this;
    // Insertion sort: a dozen events, mostly in order already; stable, so causes precede effects.
    for (let i = 1; i < times.length; i += 1) {
      const time = times[i] as number;
      const event = events[i] as DraftEvent;
      let j = i - 1;
      while (j >= 0 && (times[j] as number) > time) {
        times[j + 1] = times[j] as number;
        events[j + 1] = events[j] as DraftEvent;
        j -= 1;
      }
      times[j + 1] = time;
      events[j + 1] = event;
    }
    // Whole seconds, strictly increasing: `at` carries no fractions, and equal times would leave order to seq.
    let previous = -Infinity;
    for (let i = 0; i < times.length; i += 1) {
      const time = Math.max(Math.floor((times[i] as number) / SECOND) * SECOND, previous + SECOND);
      times[i] = time;
      (events[i] as DraftEvent).at = toShanghaiIso(time);
      previous = time;
    }
    const { serial, ticketId, source } = this.plan;
    return { ticketId, source, serial, createdAt: times[0] as number, fibreCut, events, times };
  }
}

function createdData(random: Random, plan: TicketPlan, title: string, description: string, district: string) {
  const { customer, circuit, channel } = plan;
  const level = LEVEL_FAULT[circuit.circuit.level] ?? 4;
  return {
    customer: customer.customer,
    circuit: circuit.circuit,
    service: circuit.service,
    city: customer.city.name,
    district,
    channel,
    title,
    description,
    faultLevel: Math.min(4, level + (random.chance(0.2) ? 1 : 0)),
    accountManager: customer.accountManager,
  };
}

function initialCenter(random: Random, plan: TicketPlan): Center {
  const service = plan.circuit.service;
  if (service === 'wireless-broadband' || service === 'ptt' || service === 'location') return 'optimization';
  if (service === 'virtual-network' || service === 'ngn-virtual-network') return random.chance(0.5) ? 'cable' : 'monitoring';
  if (service === 'freephone-800' || service === 'freephone-4008' || service === 'enterprise-ringback') return 'monitoring';
  return random.chance(0.8) ? 'support' : 'cable';
}

function confirmAndClose(random: Random, b: TicketBuilder, plan: TicketPlan, from: number, confirmMs: number): number {
  const confirmedAt = from + confirmMs;
  b.add('confirmed', confirmedAt, { by: `${plan.customer.city.name}监控中心` });
  const closedAt = confirmedAt + random.between(1, 20) * MINUTE;
  b.add('closed', closedAt, {});
  return confirmedAt;
}

function fileReportAndCallBack(random: Random, b: TicketBuilder, plan: TicketPlan, confirmedAt: number, reportMs: number, closedAt: number): void {
  const tier = plan.customer.customer.tier;
  if (tier === 'group' || tier === 'province') {
    b.add('report-filed', confirmedAt + reportMs, { kind: 'fault-report', by: `${plan.customer.city.name}分公司政企客户响应中心` });
  }
  if (random.chance(0.75)) {
    b.add('callback', closedAt + random.between(1, 24) * HOUR, { satisfaction: random.weighted(SATISFACTION_WEIGHTS) });
  }
}

/** An ordinary fault: one customer, one circuit, the full lifecycle of domain.md. */
export function ordinaryTicket(random: Random, plan: TicketPlan, breachShare: number): GeneratedTicket {
  const b = new TicketBuilder(plan);
  const { customer, circuit } = plan;
  const breach = random.chance(breachShare) ? random.weighted(BREACH_WEIGHTS) : null;
  const stage = (clock: BreachableClock, limit: number): number =>
    clock === breach ? limit * random.between(1.1, 2.5) : limit * random.between(0.15, 0.85);
  const group = serviceGroupOf(circuit.service);
  const symptom = random.pick(SYMPTOMS[group]);
  const t0 = plan.createdAt;
  b.add('created', t0, createdData(random, plan, `${SERVICE_LABELS[circuit.service]}${symptom}`, `${customer.customer.name}反映电路${circuit.circuit.id}${symptom}`, customer.district));
  if (random.chance(0.05)) b.add('updated', t0 + random.between(2, 20) * MINUTE, { faultLevel: random.int(1, 4) });

  const dispatchAt = t0 + stage('dispatch', DISPATCH_LIMIT);
  if (random.chance(0.55)) {
    const segment = random.pick(SEGMENTS);
    if (random.chance(0.25)) {
      b.add('preprocessed', dispatchAt, { result: 'resolved', segment, note: '远程复位后业务恢复' });
      const confirmedAt = confirmAndClose(random, b, plan, dispatchAt, stage('confirm', CONFIRM_LIMIT));
      fileReportAndCallBack(random, b, plan, confirmedAt, stage('faultReport', REPORT_LIMIT), confirmedAt + 20 * MINUTE);
      return b.finish(false);
    }
    b.add('preprocessed', t0 + (dispatchAt - t0) * random.between(0.3, 0.8), { result: 'failed', segment, note: '远程处理无效，需派单' });
  }

  let center = initialCenter(random, plan);
  const team = `${customer.city.name}${CENTER_TEAMS[center]}`;
  b.add('dispatched', dispatchAt, { center, team });
  let workStart = dispatchAt + stage('accept', ACCEPT_LIMIT);
  b.add('accepted', workStart, { handler: personName(random) });
  if (random.chance(0.15)) {
    const transferAt = workStart + random.between(10, 60) * MINUTE;
    const from = center;
    while (center === from) center = random.pick(CENTERS);
    b.add('transferred', transferAt, { center, reason: random.pick(TRANSFER_REASONS) });
    workStart = transferAt + random.between(0.15, 0.85) * ACCEPT_LIMIT;
    b.add('accepted', workStart, { handler: personName(random) });
  }

  const repairLimit = REPAIR_HOURS[customer.customer.tier] * (group === 'bandwidth' ? 1 : 2) * HOUR;
  let repairedAt = Math.max(t0 + stage('repair', repairLimit), workStart + random.between(10, 40) * MINUTE);
  let workEnd = repairedAt;
  if (random.chance(0.06)) {
    const suspendedAt = workStart + (repairedAt - workStart) * random.between(0.2, 0.8);
    const pause = random.between(30, 360) * MINUTE;
    b.add('suspended', suspendedAt, { reason: random.pick(SUSPEND_REASONS), approvedBy: customer.customer.tier === 'group' ? 'group' : 'province' });
    b.add('resumed', suspendedAt + pause, {});
    workEnd = suspendedAt;
    repairedAt += pause;
  }
  const notes = random.int(0, 3);
  for (let n = 1; n <= notes; n += 1) {
    b.add('progress', workStart + ((workEnd - workStart) * n) / (notes + 1), { note: random.pick(PROGRESS_NOTES), by: team });
  }
  const [cause, resolution] = random.pick(REPAIRS[center]);
  b.add('repaired', repairedAt, { cause, resolution });
  const confirmedAt = confirmAndClose(random, b, plan, repairedAt, stage('confirm', CONFIRM_LIMIT));
  let closedAt = confirmedAt + 20 * MINUTE;

  if (random.chance(0.04)) {
    const reopenedAt = closedAt + random.between(1, 12) * HOUR;
    b.add('reopened', reopenedAt, { reason: random.pick(REOPEN_REASONS) });
    const again = reopenedAt + random.between(5, 14) * MINUTE;
    b.add('dispatched', again, { center, team });
    const accepted = again + random.between(5, 25) * MINUTE;
    b.add('accepted', accepted, { handler: personName(random) });
    const repaired = accepted + random.between(1, 4) * HOUR;
    b.add('repaired', repaired, { cause, resolution: `${resolution}，加固处理` });
    closedAt = confirmAndClose(random, b, plan, repaired, random.between(3, 14) * MINUTE) + 20 * MINUTE;
  }
  fileReportAndCallBack(random, b, plan, confirmedAt, stage('faultReport', REPORT_LIMIT), closedAt);
  return b.finish(false);
}

export function planFibreCut(random: Random, at: number, districts: readonly string[]): FibreCut {
  return { at, district: random.pick(districts), road: random.pick(ROADS), repairedAt: at + random.between(3, 8) * HOUR };
}

/** One of the hundreds of tickets a fibre cut raises: same cause, cable centre, a shared repair. */
export function fibreCutTicket(random: Random, plan: TicketPlan, cut: FibreCut): GeneratedTicket {
  const b = new TicketBuilder(plan);
  const t0 = plan.createdAt;
  const where = `${cut.district}${cut.road}`;
  b.add('created', t0, createdData(random, plan, `光缆中断：${where}段`, `监控发现${where}段光缆中断，影响电路${plan.circuit.circuit.id}`, cut.district));
  const dispatchedAt = Math.max(t0 + MINUTE, cut.at + random.between(5, 14) * MINUTE);
  b.add('dispatched', dispatchedAt, { center: 'cable', team: `${plan.customer.city.name}${CENTER_TEAMS.cable}` });
  const acceptedAt = dispatchedAt + random.between(2, 20) * MINUTE;
  b.add('accepted', acceptedAt, { handler: personName(random) });
  b.add('progress', acceptedAt + 30 * MINUTE, { note: '抢修队已到达现场，正在熔接' });
  const repairedAt = Math.max(acceptedAt + 40 * MINUTE, cut.repairedAt + random.between(0, 20) * MINUTE);
  b.add('repaired', repairedAt, { cause: '光缆被施工挖断', resolution: '熔接抢通' });
  // Hundreds of confirmations at once: some run past the limit.
  const confirmedAt = confirmAndClose(random, b, plan, repairedAt, random.between(3, 25) * MINUTE);
  fileReportAndCallBack(random, b, plan, confirmedAt, random.between(2, 30) * HOUR, confirmedAt + 20 * MINUTE);
  return b.finish(true);
}

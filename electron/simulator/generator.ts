// The simulated province's fault stream: a pure, deterministic function of the
// options. Tickets arrive as a Poisson process shaped by the working day, with
// fibre-cut bursts on top; EventStream merges their lifecycles into `at` order
// with a heap of per-ticket cursors, so millions of tickets stream in bounded memory.
import type { IntakeChannel } from '../../shared/protocol';
import type { DraftEvent, SourceRole } from './draft';
import type { FibreCut, GeneratedTicket, TicketPlan } from './lifecycle';
import { fibreCutTicket, ordinaryTicket, planFibreCut } from './lifecycle';
import type { City, CustomerRecord, Province } from './province';
import { buildProvince } from './province';
import { Random } from './random';
import { shanghaiDay, shanghaiHour } from '../../shared/time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface GeneratorOptions {
  seed: number;
  /** Epoch ms: no ticket is created before it. */
  start: number;
  /** Mean arrivals per hour over a day, bursts excluded. */
  ticketsPerHour?: number;
  /** Share of ordinary tickets made to overrun one stage's limit. */
  breachShare?: number;
  /** Mean fibre cuts per day. */
  burstsPerDay?: number;
  /** Tickets raised by one fibre cut, inclusive range; they arrive within a minute. */
  burstTickets?: readonly [number, number];
  province?: Province;
}

export const GENERATOR_DEFAULTS = {
  ticketsPerHour: 30,
  breachShare: 0.15,
  burstsPerDay: 0.5,
  burstTickets: [150, 400] as const,
};

// Relative arrival rate per Shanghai hour: quiet nights, busy working hours.
const DAY_PROFILE = [0.3, 0.25, 0.2, 0.2, 0.25, 0.35, 0.6, 0.9, 1.4, 1.7, 1.7, 1.5, 1.2, 1.4, 1.6, 1.6, 1.5, 1.3, 1.0, 0.9, 0.8, 0.7, 0.5, 0.4];
const PROFILE_MEAN = DAY_PROFILE.reduce((sum, x) => sum + x, 0) / DAY_PROFILE.length;

const CHANNELS_BY_TIER = {
  group: [['group-one-stop', 5], ['account-manager', 2.5], ['10000-9', 1], ['monitoring', 1.5]],
  province: [['province-one-stop', 3], ['account-manager', 3], ['10000-9', 2], ['monitoring', 1.5], ['group-one-stop', 0.5]],
  local: [['10000-9', 5], ['account-manager', 3], ['monitoring', 2]],
} as const satisfies Record<string, readonly (readonly [IntakeChannel, number])[]>;

/** Group-tier faults and whatever the group dispatched live in the group's system; the rest in the province's. */
function sourceRoleOf(customer: CustomerRecord, channel: IntakeChannel): SourceRole {
  return customer.customer.tier === 'group' || channel === 'group-one-stop' ? 'group' : 'province';
}

/** Endless tickets in creation order. */
type FibreCutBurst = { cut: FibreCut; city: number; times: number[] };

export class TicketFactory {
  private readonly random: Random;
  private readonly province: Province;
  private readonly cityWeights: readonly (readonly [number, number])[];
  private readonly meanGap: number;
  private readonly breachShare: number;
  private readonly meanBurstGap: number;
  private readonly burstTickets: readonly [number, number];
  /** Seed and start both enter ids, so two runs from different instants never share an id. */
  private readonly idPrefix: string;
  private nextArrival: number;
  private nextBurst: number;
  /** Bursts still cutting tickets, each its times reversed (the earliest pops off the end); two may overlap. */
  private readonly bursts: FibreCutBurst[] = [];
  private serial = 0;
  private readonly dailyCounters = new Map<string, number>();

  constructor(options: GeneratorOptions) {
    this.idPrefix = `e-${options.seed}-${options.start.toString(36)}`;
    this.random = new Random(options.seed);
    this.province = options.province ?? buildProvince(options.seed);
    this.cityWeights = this.province.cities.map((city, index) => [index, city.weight] as const);
    this.meanGap = HOUR / (options.ticketsPerHour ?? GENERATOR_DEFAULTS.ticketsPerHour);
    this.breachShare = options.breachShare ?? GENERATOR_DEFAULTS.breachShare;
    const bursts = options.burstsPerDay ?? GENERATOR_DEFAULTS.burstsPerDay;
    this.meanBurstGap = bursts > 0 ? DAY / bursts : Infinity;
    this.burstTickets = options.burstTickets ?? GENERATOR_DEFAULTS.burstTickets;
    this.nextArrival = options.start + this.arrivalGap(options.start);
    this.nextBurst = options.start + this.random.exponential(this.meanBurstGap);
  }

  /** When the next ticket will be created. */
  peekCreatedAt(): number {
    this.planBurstsDue();
    return Math.min(this.earliestBurst()?.at ?? Infinity, this.nextArrival);
  }

  next(): GeneratedTicket {
    this.planBurstsDue();
    const earliest = this.earliestBurst();
    if (earliest !== null && earliest.at <= this.nextArrival) {
      const { burst, at } = earliest;
      burst.times.pop();
      if (burst.times.length === 0) this.bursts.splice(this.bursts.indexOf(burst), 1);
      const customer = this.random.pick(this.province.customersByCity[burst.city] ?? []);
      return fibreCutTicket(this.random, this.plan(at, customer, 'monitoring'), burst.cut);
    }
    const createdAt = this.nextArrival;
    this.nextArrival += this.arrivalGap(createdAt);
    const city = this.random.weighted(this.cityWeights);
    const customer = this.random.pick(this.province.customersByCity[city] ?? []);
    const tier = customer.customer.tier;
    const channel = this.random.weighted(tier === 'group' || tier === 'province' ? CHANNELS_BY_TIER[tier] : CHANNELS_BY_TIER.local);
    return ordinaryTicket(this.random, this.plan(createdAt, customer, channel), this.breachShare);
  }

  private arrivalGap(at: number): number {
    return this.random.exponential(this.meanGap / ((DAY_PROFILE[shanghaiHour(at)] ?? 1) / PROFILE_MEAN));
  }

  /** The burst whose next ticket comes first, and when. */
  private earliestBurst(): { burst: FibreCutBurst; at: number } | null {
    let earliest: { burst: FibreCutBurst; at: number } | null = null;
    for (const burst of this.bursts) {
      const at = burst.times[burst.times.length - 1] as number;
      if (earliest === null || at < earliest.at) earliest = { burst, at };
    }
    return earliest;
  }

  /**
   * Plans every burst that starts before the next ticket otherwise due. A burst
   * cuts its tickets over a minute, and the next may start within it: planned
   * only once the one before had cut its last, its first tickets were created
   * after later ones (seed 606: a cut in 南通 at 00:24:49 behind one in 宿迁
   * ending at 00:25:11), and the stream, which takes tickets in the order they
   * are made, sent their events out of time order.
   */
  private planBurstsDue(): void {
    while (this.nextBurst <= Math.min(this.nextArrival, this.earliestBurst()?.at ?? Infinity)) {
      const at = this.nextBurst;
      this.nextBurst += this.random.exponential(this.meanBurstGap);
      const city = this.random.weighted(this.cityWeights);
      const [min, max] = this.burstTickets;
      const times = Array.from({ length: this.random.int(min, max) }, () => at + this.random.next() * 60_000);
      times.sort((a, b) => b - a);
      this.bursts.push({ cut: planFibreCut(this.random, at, (this.province.cities[city] as City).districts), city, times });
    }
  }

  private plan(createdAt: number, customer: CustomerRecord, channel: IntakeChannel): TicketPlan {
    const source = sourceRoleOf(customer, channel);
    const prefix = source === 'group' ? 'JT' : this.province.code;
    const day = shanghaiDay(createdAt);
    const key = `${prefix}-${customer.city.code}-${day}`;
    const number = (this.dailyCounters.get(key) ?? 0) + 1;
    this.dailyCounters.set(key, number);
    this.serial += 1;
    return {
      serial: this.serial,
      ticketId: `${key}-${String(number).padStart(4, '0')}`,
      source,
      idPrefix: `${this.idPrefix}-${this.serial.toString(36)}`,
      createdAt,
      customer,
      circuit: this.random.pick(customer.circuits),
      channel,
    };
  }
}

export type GenerateLimit = { count: number } | { until: number };

/** Whole tickets in creation order, up to `count` tickets or those created before `until`. */
export function generateTickets(options: GeneratorOptions & GenerateLimit): GeneratedTicket[] {
  const factory = new TicketFactory(options);
  const tickets: GeneratedTicket[] = [];
  if ('count' in options) {
    for (let n = 0; n < options.count; n += 1) tickets.push(factory.next());
  } else {
    while (factory.peekCreatedAt() < options.until) tickets.push(factory.next());
  }
  return tickets;
}

/** `last`: the ticket has no later event, so a consumer grouping events by ticket can let go of it. */
export type EventSink = (event: DraftEvent, source: SourceRole, atMs: number, last: boolean) => void;

interface Cursor {
  ticket: GeneratedTicket;
  index: number;
}

/** Every ticket's events merged into one stream in `at` order (ties: older ticket first). */
export class EventStream {
  private readonly factory: TicketFactory;
  private readonly heap: Cursor[] = [];
  private remaining: number;

  /** `tickets` caps how many tickets the stream creates; unlimited by default. */
  constructor(options: GeneratorOptions & { tickets?: number }) {
    this.factory = new TicketFactory(options);
    this.remaining = options.tickets ?? Infinity;
  }

  /** Time of the next event, Infinity when the stream is exhausted. */
  nextAt(): number {
    const top = this.heap[0];
    const topAt = top === undefined ? Infinity : (top.ticket.times[top.index] as number);
    return this.remaining > 0 ? Math.min(topAt, this.factory.peekCreatedAt()) : topAt;
  }

  /** Hands every event with `at` ≤ `until` to `sink`, in order; returns how many. */
  drain(until: number, sink: EventSink): number {
    let emitted = 0;
    for (;;) {
      const top = this.heap[0];
      const topAt = top === undefined ? Infinity : (top.ticket.times[top.index] as number);
      if (this.remaining > 0) {
        const createdAt = this.factory.peekCreatedAt();
        // A ticket enters the heap before any event that is later than its creation.
        if (createdAt < topAt && createdAt <= until) {
          this.remaining -= 1;
          this.push({ ticket: this.factory.next(), index: 0 });
          continue;
        }
      }
      if (top === undefined || topAt > until) return emitted;
      const last = top.index === top.ticket.events.length - 1;
      sink(top.ticket.events[top.index] as DraftEvent, top.ticket.source, topAt, last);
      emitted += 1;
      top.index += 1;
      if (top.index < top.ticket.events.length) this.siftDown(0);
      else this.popTop();
    }
  }

  private before(a: Cursor, b: Cursor): boolean {
    const at = a.ticket.times[a.index] as number;
    const bt = b.ticket.times[b.index] as number;
    return at < bt || (at === bt && a.ticket.serial < b.ticket.serial);
  }

  // Hole-based sifts: swapping through destructured arrays allocated per step and showed in the profile.
  private push(cursor: Cursor): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(cursor);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const above = heap[parent] as Cursor;
      if (!this.before(cursor, above)) break;
      heap[i] = above;
      i = parent;
    }
    heap[i] = cursor;
  }

  private popTop(): void {
    const last = this.heap.pop() as Cursor;
    if (this.heap.length === 0) return;
    this.heap[0] = last;
    this.siftDown(0);
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const cursor = heap[start] as Cursor;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= heap.length) break;
      const right = child + 1;
      if (right < heap.length && this.before(heap[right] as Cursor, heap[child] as Cursor)) child = right;
      const below = heap[child] as Cursor;
      if (!this.before(below, cursor)) break;
      heap[i] = below;
      i = child;
    }
    heap[i] = cursor;
  }
}

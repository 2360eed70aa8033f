import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CENTERS, CHANNELS, CIRCUIT_LEVELS, CUSTOMER_TIERS, SERVICES, parseFeedEvent } from '../../../shared/protocol';
import type { FeedEventOf } from '../../../shared/protocol';
import type { DraftEvent } from '../../../electron/simulator/draft';
import { withSeq } from '../../../electron/simulator/draft';
import { EventStream, generateTickets } from '../../../electron/simulator/generator';
import type { GeneratedTicket } from '../../../electron/simulator/lifecycle';
import { JIANGSU_CITIES } from '../../../electron/simulator/province';

const START = Date.parse('2026-11-01T00:00:00+08:00');
const MINUTE = 60_000;
const SAMPLE = generateTickets({ seed: 11, start: START, count: 20_000 });

function created(ticket: GeneratedTicket): FeedEventOf<'created'>['data'] {
  const first = ticket.events[0];
  if (first?.type !== 'created') throw new Error(`${ticket.ticketId} does not start with created`);
  return first.data;
}

function firstTime(ticket: GeneratedTicket, ...types: DraftEvent['type'][]): number | null {
  const index = ticket.events.findIndex((event) => types.includes(event.type));
  return index < 0 ? null : (ticket.times[index] as number);
}

function share(predicate: (ticket: GeneratedTicket) => boolean): number {
  return SAMPLE.filter(predicate).length / SAMPLE.length;
}

describe('generated tickets', () => {
  it('are valid protocol events that start with created, in strictly increasing time with matching `at`', () => {
    // Violations are collected, not asserted one by one: 180,000 expect calls take seconds.
    const ids = new Set<string>();
    const violations: string[] = [];
    for (const ticket of SAMPLE) {
      if (ticket.events[0]?.type !== 'created') violations.push(`${ticket.ticketId}: first event ${ticket.events[0]?.type}`);
      if (ticket.createdAt !== ticket.times[0]) violations.push(`${ticket.ticketId}: createdAt`);
      ticket.events.forEach((event, index) => {
        const parsed = parseFeedEvent(withSeq(event, 1));
        if (!parsed.ok) violations.push(`${event.id}: ${parsed.reason}`);
        if (event.ticketId !== ticket.ticketId) violations.push(`${event.id}: ticket ${event.ticketId}`);
        if (Date.parse(event.at) !== ticket.times[index]) violations.push(`${event.id}: at ${event.at}`);
        if (index > 0 && (ticket.times[index] as number) <= (ticket.times[index - 1] as number)) violations.push(`${event.id}: not after its predecessor`);
        ids.add(event.id);
      });
    }
    expect(violations).toEqual([]);
    expect(ids.size).toBe(SAMPLE.reduce((sum, ticket) => sum + ticket.events.length, 0));
    expect(new Set(SAMPLE.map((ticket) => ticket.ticketId)).size).toBe(SAMPLE.length);
  });

  it('cover every service, tier, circuit level, city, channel and centre', () => {
    const data = SAMPLE.map(created);
    expect(new Set(data.map((d) => d.service))).toEqual(new Set(SERVICES));
    expect(new Set(data.map((d) => d.customer.tier))).toEqual(new Set(CUSTOMER_TIERS));
    expect(new Set(data.map((d) => d.circuit.level))).toEqual(new Set(CIRCUIT_LEVELS));
    expect(new Set(data.map((d) => d.city))).toEqual(new Set(JIANGSU_CITIES.map((city) => city.name)));
    expect(new Set(data.map((d) => d.channel))).toEqual(new Set(CHANNELS));
    const centers = SAMPLE.flatMap((t) => t.events.flatMap((e) => (e.type === 'dispatched' || e.type === 'transferred' ? [e.data.center] : [])));
    expect(new Set(centers)).toEqual(new Set(CENTERS));
  });

  it('route group-tier and group-dispatched faults to the group source, the rest to the province', () => {
    const misrouted = SAMPLE.filter((ticket) => {
      const data = created(ticket);
      const group = data.customer.tier === 'group' || data.channel === 'group-one-stop';
      return ticket.source !== (group ? 'group' : 'province') || !ticket.ticketId.startsWith(group ? 'JT-' : 'JS-');
    });
    expect(misrouted.map((ticket) => ticket.ticketId)).toEqual([]);
    expect(new Set(SAMPLE.map((ticket) => ticket.source))).toEqual(new Set(['group', 'province']));
  });

  it('breach the dispatch and confirm limits in a minority of tickets', () => {
    const dispatchLate = share((t) => (firstTime(t, 'dispatched', 'preprocessed') ?? 0) - t.createdAt > 15 * MINUTE);
    const confirmLate = share((t) => {
      const confirmed = firstTime(t, 'confirmed');
      const repaired = firstTime(t, 'repaired');
      return confirmed !== null && repaired !== null && confirmed - repaired > 15 * MINUTE;
    });
    for (const late of [dispatchLate, confirmLate]) {
      expect(late).toBeGreaterThan(0.005);
      expect(late).toBeLessThan(0.2);
    }
  });

  it('include suspensions with resume, transfers, reopens, pre-processing fixes, call-backs and fault reports', () => {
    const has = (type: DraftEvent['type']) => share((t) => t.events.some((e) => e.type === type));
    for (const type of ['suspended', 'transferred', 'reopened', 'callback', 'report-filed', 'updated', 'progress'] as const) {
      expect(has(type), type).toBeGreaterThan(0.01);
    }
    expect(share((t) => t.events.some((e) => e.type === 'preprocessed' && e.data.result === 'resolved'))).toBeGreaterThan(0.05);
    const count = (ticket: GeneratedTicket, type: DraftEvent['type']) => ticket.events.filter((e) => e.type === type).length;
    const inconsistent = SAMPLE.filter(
      (t) =>
        count(t, 'suspended') !== count(t, 'resumed') ||
        count(t, 'closed') !== 1 + count(t, 'reopened') ||
        (count(t, 'report-filed') > 0 && !['group', 'province'].includes(created(t).customer.tier)),
    );
    expect(inconsistent.map((ticket) => ticket.ticketId)).toEqual([]);
  });

  it('contain fibre-cut bursts: a hundred or more tickets on one city within a minute', () => {
    const cuts = SAMPLE.filter((t) => t.fibreCut);
    expect(cuts.length).toBeGreaterThan(0);
    let bursts = 0;
    const byCity = new Map<string, GeneratedTicket[]>();
    for (const ticket of cuts) byCity.set(created(ticket).city, [...(byCity.get(created(ticket).city) ?? []), ticket]);
    for (const tickets of byCity.values()) {
      for (let i = 0; i + 99 < tickets.length; i += 1) {
        if ((tickets[i + 99] as GeneratedTicket).createdAt - (tickets[i] as GeneratedTicket).createdAt <= MINUTE) {
          bursts += 1;
          i += 99;
        }
      }
    }
    expect(bursts).toBeGreaterThan(0);
  });
});

describe('determinism and the merged stream', () => {
  it('gives identical tickets for the same seed and start', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 10 * 365 * 24 * 60 }), (seed, minutes) => {
        const options = { seed, start: START + minutes * MINUTE, count: 40 };
        expect(generateTickets(options)).toEqual(generateTickets(options));
      }),
      { numRuns: 20 },
    );
  });

  it('differs between seeds', () => {
    const a = generateTickets({ seed: 1, start: START, count: 5 });
    const b = generateTickets({ seed: 2, start: START, count: 5 });
    expect(a.map((t) => created(t).customer.id)).not.toEqual(b.map((t) => created(t).customer.id));
  });

  it('streams exactly the tickets’ events in `at` order, however the drain is split', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.array(fc.integer({ min: 1, max: 48 * 60 }), { minLength: 1, maxLength: 8 }), (seed, steps) => {
        const options = { seed, start: START, burstsPerDay: 4, burstTickets: [20, 40] as const };
        const tickets = generateTickets({ ...options, count: 150 });
        const expected = tickets
          .flatMap((t) => t.events.map((event, index) => ({ event, at: t.times[index] as number, serial: t.serial })))
          .sort((x, y) => x.at - y.at || x.serial - y.serial)
          .map((x) => x.event);
        const stream = new EventStream({ ...options, tickets: 150 });
        const streamed: DraftEvent[] = [];
        let until = START;
        for (const step of steps) {
          until += step * MINUTE;
          stream.drain(until, (event, _source, at) => {
            expect(at).toBeLessThanOrEqual(until);
            streamed.push(event);
          });
        }
        stream.drain(Infinity, (event) => streamed.push(event));
        expect(stream.nextAt()).toBe(Infinity);
        expect(streamed).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });

  it('makes tickets in creation order when two fibre cuts overlap (seed 606: one starts while the other still cuts)', () => {
    // Found by the property above: the second cut's tickets were made after the first's last, 22 s later than their own times.
    const tickets = generateTickets({ seed: 606, start: START, burstsPerDay: 4, burstTickets: [20, 40], count: 150 });
    const times = tickets.map((t) => t.createdAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const cities = new Set(tickets.filter((t) => t.createdAt >= START + 24 * MINUTE && t.createdAt <= START + 26 * MINUTE).map((t) => t.ticketId.split('-')[1]));
    expect(cities.size).toBeGreaterThan(1);
  });

  it('stops at `until` when given a time instead of a count', () => {
    const until = START + 6 * 60 * MINUTE;
    const tickets = generateTickets({ seed: 5, start: START, until });
    expect(tickets.length).toBeGreaterThan(0);
    expect(tickets.every((t) => t.createdAt < until)).toBe(true);
    expect(generateTickets({ seed: 5, start: START, count: tickets.length + 1 }).at(-1)?.createdAt).toBeGreaterThanOrEqual(until - 1000);
  });
});

// Replays the BPI Challenge 2013 incident log (Volvo IT, ../shared/data/bpi2013)
// as our feed protocol: real timestamps (shown at +08:00), statuses mapped onto
// the fault lifecycle, customers and services invented deterministically from
// the incident id so the tickets look like the province's. The data file is read
// from the shared folder and never copied into the repo.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Center, FeedEvent } from '../../shared/protocol';
import { CENTERS, feedEvent } from '../../shared/protocol';
import { buildProvince, SERVICE_LABELS } from './province';
import { Random, hashOf } from './random';
import { toShanghaiIso } from '../../shared/time';
import { resolve } from 'node:path';

// The project's read-only material sits beside the repository (../shared), never inside it.
export const BPI2013_PATH = resolve(__dirname, '..', '..', '..', 'shared', 'data', 'bpi2013', '07_bpic2013_incidents.xes.gz');

interface XesEvent {
  status: string;
  subStatus: string;
  at: number;
  team: string;
  resource: string;
  impact: string;
}

interface Incident {
  id: string;
  events: XesEvent[];
}

const ATTRIBUTE = /<(?:string|date) key="([^"]+)" value="([^"]*)"\/>/g;

function parseTrace(xml: string): Incident | null {
  const firstEvent = xml.indexOf('<event>');
  const head = firstEvent < 0 ? xml : xml.slice(0, firstEvent);
  const id = /<string key="concept:name" value="([^"]*)"\/>/.exec(head)?.[1];
  if (!id) return null;
  const events: XesEvent[] = [];
  for (const block of xml.split('<event>').slice(1)) {
    const attrs = new Map<string, string>();
    for (const [, key, value] of block.matchAll(ATTRIBUTE)) attrs.set(key as string, value as string);
    const at = Date.parse(attrs.get('time:timestamp') ?? '');
    if (Number.isNaN(at)) continue;
    events.push({
      status: attrs.get('concept:name') ?? '',
      subStatus: attrs.get('lifecycle:transition') ?? '',
      at,
      team: attrs.get('org:group') ?? '',
      resource: attrs.get('org:resource') || 'unknown',
      impact: attrs.get('impact') ?? '',
    });
  }
  return { id, events };
}

async function* incidents(path: string): AsyncGenerator<Incident> {
  const stream = createReadStream(path).pipe(createGunzip());
  stream.setEncoding('utf8');
  let buffer = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    buffer += chunk;
    let end = buffer.indexOf('</trace>');
    while (end >= 0) {
      const start = buffer.indexOf('<trace>');
      const incident = parseTrace(buffer.slice(start, end));
      if (incident) yield incident;
      buffer = buffer.slice(end + '</trace>'.length);
      end = buffer.indexOf('</trace>');
    }
  }
}

const FAULT_LEVEL: Record<string, number> = { Major: 1, High: 2, Medium: 3, Low: 4 };
const province = buildProvince(2013);

type Draft = { type: FeedEvent['type']; at: number; data: Record<string, unknown> };

/** The lifecycle of one incident as protocol events (without seq and id yet). */
function mapIncident(incident: Incident): Draft[] {
  const random = new Random(hashOf(incident.id));
  const record = random.pick(province.customers);
  const { circuit, service } = random.pick(record.circuits);
  const first = incident.events[0];
  if (!first) return [];
  const centerOf = (team: string): Center => CENTERS[hashOf(team) % CENTERS.length] as Center;
  const drafts: Draft[] = [
    {
      type: 'created',
      at: first.at,
      data: {
        customer: record.customer,
        circuit,
        service,
        city: record.city.name,
        district: record.district,
        channel: random.pick(['10000-9', 'account-manager', 'monitoring', 'group-one-stop', 'province-one-stop'] as const),
        title: `${record.customer.name} ${SERVICE_LABELS[service]}故障`,
        description: `BPI 2013 incident ${incident.id}`,
        faultLevel: FAULT_LEVEL[first.impact] ?? 3,
        accountManager: record.accountManager,
      },
    },
  ];
  let team: string | null = null;
  let handler: string | null = null;
  let suspended = false;
  let repaired = false;
  let closed = false;
  const emit = (type: FeedEvent['type'], at: number, data: Record<string, unknown>) => drafts.push({ type, at, data });
  const resumeIfSuspended = (at: number) => {
    if (suspended) emit('resumed', at, {});
    suspended = false;
  };
  const reopenIfDone = (at: number) => {
    if (closed || repaired) emit('reopened', at, { reason: 'BPI: work resumed after completion' });
    closed = false;
    repaired = false;
  };

  for (const e of incident.events) {
    if (e.status === 'Queued') {
      reopenIfDone(e.at);
      resumeIfSuspended(e.at);
      if (team === null) emit('dispatched', e.at, { center: centerOf(e.team), team: e.team });
      else if (e.team !== team) emit('transferred', e.at, { center: centerOf(e.team), reason: `escalated to ${e.team}` });
      team = e.team;
      handler = null;
    } else if (e.status === 'Accepted') {
      reopenIfDone(e.at);
      if (e.subStatus.startsWith('Wait')) {
        if (!suspended) emit('suspended', e.at, { reason: e.subStatus, approvedBy: random.chance(0.5) ? 'group' : 'province' });
        suspended = true;
        continue;
      }
      resumeIfSuspended(e.at);
      if (team === null) {
        emit('dispatched', e.at, { center: centerOf(e.team), team: e.team });
        team = e.team;
      }
      if (e.subStatus === 'In Progress' && handler !== e.resource) {
        emit('accepted', e.at, { handler: e.resource });
        handler = e.resource;
      } else {
        emit('progress', e.at, { note: e.subStatus, by: e.resource });
      }
    } else if (e.status === 'Completed') {
      if (closed) continue;
      resumeIfSuspended(e.at);
      if (e.subStatus === 'Closed' || e.subStatus === 'Cancelled') {
        if (repaired) emit('confirmed', e.at, { by: e.resource });
        emit('closed', e.at, {});
        closed = true;
        if (repaired && (record.customer.tier === 'group' || record.customer.tier === 'province')) {
          // Most reports arrive within the day, some late: the fault-report clock sees both.
          emit('report-filed', e.at + random.int(1, 30) * 3_600_000, { kind: 'fault-report', by: handler ?? e.resource });
        }
        if (random.chance(0.6)) emit('callback', e.at + random.int(1, 48) * 3_600_000, { satisfaction: random.pick(['satisfied', 'satisfied', 'neutral', 'dissatisfied'] as const) });
      } else if (!repaired) {
        emit('repaired', e.at, { cause: `BPI: ${e.subStatus}`, resolution: `resolved by ${e.team}` });
        repaired = true;
      }
    }
  }
  return drafts;
}

/**
 * The whole log as one upstream source would send it: every incident's events,
 * in time order across incidents, seq from 1, ids unique. Ticket ids carry the
 * city code and the incident id (JS-NJ-BPI-1-364285768).
 */
export async function loadBpi2013Events(path: string = BPI2013_PATH): Promise<FeedEvent[]> {
  const drafts: (Draft & { ticketId: string; order: number })[] = [];
  for await (const incident of incidents(path)) {
    const mapped = mapIncident(incident);
    const city = province.cities.find((c) => c.name === (mapped[0]?.data.city as string | undefined));
    const ticketId = `JS-${city?.code ?? 'XX'}-BPI-${incident.id}`;
    for (const draft of mapped) drafts.push({ ...draft, ticketId, order: drafts.length });
  }
  drafts.sort((a, b) => a.at - b.at || a.order - b.order);
  return drafts.map((draft, i) =>
    feedEvent.parse({
      seq: i + 1,
      id: `bpi-${draft.ticketId}-${draft.order}`,
      ticketId: draft.ticketId,
      type: draft.type,
      at: toShanghaiIso(draft.at),
      data: draft.data,
    }),
  );
}

// A cache whose breach risk is known by construction: repairs of one stratum
// (local-A bandwidth on an AAA circuit in 南京, a 2 h limit) of which exactly
// k of n ran past the limit, some closed only after the first moment asked
// about, and one repair still running at each moment.
import type { FeedEvent } from '../../../shared/protocol';
import { Engine } from '../../../electron/core/ingest/engine';
import type { Policy } from '../../../shared/domain';
import { openTemp, type tempDir } from '../support/cache';

const MIN = 60_000;
const HOUR = 60 * MIN;
export const LIMIT_MS = 2 * HOUR;
export const SOURCE = { id: 'risk-src', name: '风险测试源', level: 'province' as const };
const BASE = Date.parse('2026-11-02T00:00:00+08:00');
/** The first moment: 40 repairs closed, 12 of them past the limit; NOW_OPEN has run a tenth of its limit. */
export const T1 = BASE + 100 * HOUR;
/** The second: 40 more closed after T1, all past the limit; T1's repair is still running (censored far past its limit). */
export const T2 = T1 + 100 * HOUR;
export const OPEN_AT_T1 = 'JS-NJ-OPEN-1';
export const OPEN_AT_T2 = 'JS-NJ-OPEN-2';

const iso = (ms: number) => new Date(ms + 8 * HOUR).toISOString().replace('Z', '+08:00');

/** `alsoOpenAtT1`: that many more repairs like OPEN_AT_T1's (`JS-NJ-OPEN-1-0`, ...), for a pass over several open tickets. */
export function riskFixtureEvents({ alsoOpenAtT1 = 0 } = {}): FeedEvent[] {
  const events: FeedEvent[] = [];
  const add = (ticketId: string, type: FeedEvent['type'], at: number, data: Record<string, unknown>) =>
    events.push({ seq: 0, id: `${ticketId}-${type}`, ticketId, type, at: iso(at), data } as FeedEvent);
  const created = (ticketId: string, at: number) => {
    add(ticketId, 'created', at, {
      customer: { id: 'C-NJ-1', name: '南京某物流公司', tier: 'localA' },
      circuit: { id: 'NJ-SDH-0001', level: 'AAA' },
      service: 'sdh',
      city: '南京',
      channel: 'account-manager',
      title: 'SDH 中断',
    });
    add(ticketId, 'dispatched', at + MIN, { center: 'support' });
    add(ticketId, 'accepted', at + 2 * MIN, { handler: '王工' });
  };
  const repair = (ticketId: string, createdAt: number, share: number) => {
    created(ticketId, createdAt);
    const repairedAt = createdAt + share * LIMIT_MS;
    add(ticketId, 'repaired', repairedAt, { cause: '光缆中断', resolution: '熔接' });
    add(ticketId, 'confirmed', repairedAt + 5 * MIN, {});
    add(ticketId, 'closed', repairedAt + 6 * MIN, {});
  };
  for (let i = 0; i < 40; i++) repair(`JS-NJ-A-${i}`, BASE + i * 2 * HOUR, i < 12 ? 1.5 : 0.5);
  created(OPEN_AT_T1, T1 - 0.1 * LIMIT_MS);
  for (let i = 0; i < alsoOpenAtT1; i++) created(`${OPEN_AT_T1}-${i}`, T1 - 0.1 * LIMIT_MS - i * MIN);
  for (let i = 0; i < 40; i++) repair(`JS-NJ-B-${i}`, T1 + HOUR + i * 2 * HOUR, 1.5);
  created(OPEN_AT_T2, T2 - 0.1 * LIMIT_MS);
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return events.map((event, i) => ({ ...event, seq: i + 1 }));
}

/** Writes the fixture into a cache file, as `noc ingest` would, and closes it. */
export async function writeRiskCache(dir: ReturnType<typeof tempDir>, policy: Policy, name = 'risk.db'): Promise<string> {
  const store = openTemp(dir, name);
  const engine = await Engine.open(store, { policy, now: () => T2 + HOUR });
  engine.registerSource(SOURCE, 'http://127.0.0.1:1');
  await engine.ingest(SOURCE.id, riskFixtureEvents());
  await engine.flushed();
  await store.close();
  return store.file;
}

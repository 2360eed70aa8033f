// Builders for the domain tests: events in Asia/Shanghai time, minute offsets from T0.
import type { CreatedData, FeedEvent } from '../../../shared/protocol';
import type { AcknowledgedReport } from '../../../shared/domain';

/** Monday 2026-11-23 09:00 Asia/Shanghai, a plain working day. */
export const T0 = Date.parse('2026-11-23T09:00:00+08:00');
export const MIN = 60_000;
export const SEC = 1_000;
export const HOUR = 3_600_000;

export const iso = (ms: number): string => new Date(ms + 8 * HOUR).toISOString().replace('Z', '+08:00');

export function createdData(over: Partial<CreatedData> = {}): CreatedData {
  return {
    customer: { id: 'C-1', name: '江苏省电力公司', tier: 'group' },
    circuit: { id: 'NJ-MPLS-0001', level: 'A' },
    service: 'mpls-vpn',
    city: '南京',
    channel: 'group-one-stop',
    title: 'MPLS-VPN 中断',
    ...over,
  };
}

type DataOf<T extends FeedEvent['type']> = Extract<FeedEvent, { type: T }>['data'];

/** A stream builder: each event gets the next seq; `at` is epoch ms. */
export function stream(ticketId = 'JS-NJ-1') {
  let seq = 0;
  const events: FeedEvent[] = [];
  const add = <T extends FeedEvent['type']>(type: T, at: number, data: DataOf<T>): FeedEvent => {
    seq += 1;
    const event = { seq, id: `e-${ticketId}-${seq}`, ticketId, type, at: iso(at), data } as FeedEvent;
    events.push(event);
    return event;
  };
  return { events, add };
}

export const report = (kind: AcknowledgedReport['kind'], createdAt: number, acknowledgedAt = createdAt): AcknowledgedReport => ({
  kind,
  createdAt,
  acknowledgedAt,
});

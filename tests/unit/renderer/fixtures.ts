import type { BoardRow, ClockDto } from '../../../shared/contract';

export const T0 = Date.UTC(2026, 10, 22, 2, 30, 0); // 10:30 in Asia/Shanghai

export function clock(over: Partial<ClockDto> = {}): ClockDto {
  return {
    name: 'repair',
    index: 0,
    state: 'ok',
    startedAt: T0 - 60 * 60_000,
    dueAt: T0 + 60 * 60_000,
    warnAt: T0 + 36 * 60_000,
    breachedAt: null,
    stoppedAt: null,
    elapsedMs: 60 * 60_000,
    limitMs: 120 * 60_000,
    pausedMs: 0,
    limit: { hours: 2 },
    ...over,
  };
}

export function row(key: string, over: Partial<BoardRow> = {}): BoardRow {
  const clocks = over.clocks ?? [clock()];
  return {
    key,
    source: 'sim',
    sourceName: 'sim',
    sourceLevel: 'province',
    ticketId: key,
    incomplete: false,
    customer: { id: 'c1', name: '南京地铁集团', tier: 'group' },
    circuit: { id: 'CIR-1', level: 'AA' },
    service: 'mpls-vpn',
    city: '南京',
    district: null,
    title: '专线中断',
    faultLevel: null,
    accountManager: '王敏',
    stage: 'inRepair',
    center: 'support',
    handler: '王工',
    suspension: null,
    pausedMs: 0,
    createdAt: T0 - 60 * 60_000,
    closedAt: null,
    clocks,
    nextDueAt: clocks.map((c) => c.dueAt).filter((d): d is number => d !== null).sort((a, b) => a - b)[0] ?? null,
    nextReport: null,
    supervision: { checks: { 'city-noc': null, handler: null }, lastReply: null, urges: 0, claims: [] },
    risk: null,
    boards: ['group', 'province'],
    updatedAt: T0,
    ...over,
  };
}

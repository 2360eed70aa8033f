// The reporting path as the console runs it: a real socket.io feed server (the
// simulator's), a real SQLite cache, the engine, the feed manager and the
// report service, with a hand-set clock shared by upstream and console.
import type { BoardLevel, FaultReportFields, Reporter, ReportEdition, ReportEntry, ReportFilter, TicketKey } from '../../../shared/contract';
import type { ReportKind } from '../../../shared/protocol';
import type { DraftEvent } from '../../../electron/simulator/draft';
import { startFeedServer, type FeedServer } from '../../../electron/simulator/server';
import { FeedManager } from '../../../electron/core/feeds/manager';
import { Engine } from '../../../electron/core/ingest/engine';
import type { PdfPrinter } from '../../../electron/core/pdf';
import { feedTransport } from '../../../electron/core/reports/sender';
import { ReportService } from '../../../electron/core/reports/service';
import { ReportTemplates, type ReportLocale } from '../../../electron/core/reports/templates';
import { Store } from '../../../electron/core/store/db';
import { toShanghaiIso } from '../../../shared/time';
import { policy } from '../support/cache';
import { waitFor as until } from '../support/feeds';

export { until };

export const MINUTE = 60_000;
export const T0 = Date.parse('2026-11-22T09:00:00+08:00');
export const SOURCE = { id: 'js-group', name: '集团一站式故障处理系统', level: 'group' as const };
export const TOKEN = 'reports-token';
export const TICKET = 'JS-NJ-20261122-0007';
export const KEY: TicketKey = { source: SOURCE.id, ticketId: TICKET };

const at = (minutes: number) => toShanghaiIso(T0 + minutes * MINUTE);

/** A group-tier MPLS-VPN fault in Nanjing, up to repair work in progress. */
export const OPEN_TICKET: DraftEvent[] = [
  {
    id: 'e-0007-1',
    ticketId: TICKET,
    type: 'created',
    at: at(0),
    data: {
      customer: { id: 'C-320100-0001', name: '南京市公安局', tier: 'group' },
      circuit: { id: 'NJ-MPLS-2026-0007', level: 'AAA' },
      service: 'mpls-vpn',
      city: '南京',
      district: '鼓楼区',
      channel: 'group-one-stop',
      title: 'MPLS-VPN专线中断，全市派出所视频业务受影响',
      faultLevel: 1,
      accountManager: { name: '李敏', phone: '13900000000' },
    },
  },
  { id: 'e-0007-2', ticketId: TICKET, type: 'dispatched', at: at(9), data: { center: 'support', handler: '王建国' } },
  { id: 'e-0007-3', ticketId: TICKET, type: 'accepted', at: at(21), data: { handler: '王建国' } },
  { id: 'e-0007-4', ticketId: TICKET, type: 'transferred', at: at(48), data: { center: 'cable', handler: '赵磊', reason: '光缆中断' } },
  { id: 'e-0007-5', ticketId: TICKET, type: 'accepted', at: at(95), data: { handler: '赵磊' } },
  { id: 'e-0007-6', ticketId: TICKET, type: 'progress', at: at(130), data: { note: '已定位中山北路人井处光缆被施工挖断，正在熔接', by: '赵磊' } },
];

/** The same fault repaired, confirmed and closed: what the 24 h fault report tells. */
export const REPAIRED_TICKET: DraftEvent[] = [
  ...OPEN_TICKET,
  {
    id: 'e-0007-7',
    ticketId: TICKET,
    type: 'repaired',
    at: at(262),
    data: { cause: '市政施工挖断中山北路段 48 芯主干光缆', resolution: '抢通备用纤芯后熔接修复主干光缆，业务于 13:22 恢复' },
  },
  { id: 'e-0007-8', ticketId: TICKET, type: 'confirmed', at: at(270), data: { by: '省网络监控中心 陈晨' } },
  { id: 'e-0007-9', ticketId: TICKET, type: 'closed', at: at(275), data: {} },
];

/** The report service as one seat uses it: every call under that seat's operator and language, as the contract's handlers pass them. */
export interface Seat {
  send(key: TicketKey, kind: ReportKind, faultReport?: FaultReportFields): Promise<ReportEntry>;
  check(key: TicketKey): Promise<ReportEntry[]>;
  urge(key: TicketKey, target: Parameters<ReportService['urge']>[1]): Promise<ReportEntry>;
  sendDue(level: BoardLevel): Promise<ReportEntry[]>;
  resend(id: string, edit: { title?: string; body?: string }): Promise<ReportEntry>;
  pdf(args: { id: string } | (TicketKey & { kind: ReportKind; faultReport?: FaultReportFields; edition?: ReportEdition })): ReturnType<ReportService['pdf']>;
  list(filter: ReportFilter): ReportEntry[];
  start(): void;
  stop(): Promise<void>;
}

function seatOf(service: ReportService, by: () => Reporter): Seat {
  return {
    send: (key, kind, faultReport) => service.send(key, kind, by(), faultReport),
    check: (key) => service.check(key, by()),
    urge: (key, target) => service.urge(key, target, by()),
    sendDue: (level) => service.sendDue(level, by()),
    resend: (id, edit) => service.resend(id, edit, by()),
    pdf: (args) => service.pdf('id' in args ? args : { ...args, ...by() }),
    list: (filter) => service.list(filter),
    start: () => service.start(),
    stop: () => service.stop(),
  };
}

export interface Rig {
  now: { value: number };
  /** The language reports are written in; tests switch it. */
  locale: { value: ReportLocale };
  server: FeedServer;
  store: Store;
  engine: Engine;
  feeds: FeedManager;
  service: Seat;
  /** The service itself, for what builds on it (the handover). */
  reports: ReportService;
  /** Every `report:changed` the service pushed, in order. */
  changes: ReportEntry[];
  acknowledged: TicketKey[];
  /** A report as the outbox holds it now. */
  report(id: string): ReportEntry | null;
  /** Report ids the source echoed (protocol 1.1), once the echo is on disk. */
  echoes: Set<string>;
  /**
   * Resolves with the report once the service has pushed it acknowledged or
   * refused (among the pushes from index `since` on), and, from a source that
   * echoes reports, once its echo is on disk too (the echo moves the clocks).
   */
  answered(id: string, since?: number): Promise<ReportEntry>;
  /** Waits until the feed is subscribed and has applied the server's events. */
  connected(): Promise<void>;
  close(): Promise<void>;
}


export async function startServer(now: { value: number }, drafts: readonly DraftEvent[], port = 0): Promise<FeedServer> {
  const server = await startFeedServer({ source: SOURCE, token: TOKEN, port, clock: { now: () => now.value }, heartbeatMs: 200 });
  server.append(drafts);
  return server;
}

/** The console side over an existing cache file, talking to `server`. */
export async function startConsole(options: {
  file: string;
  server: FeedServer;
  now: { value: number };
  printer: PdfPrinter;
  /** The name this console gives itself upstream (two consoles: two names). */
  consoleName?: string;
  /** Who sits at it (张晓华 unless given). */
  operator?: string;
}): Promise<Rig> {
  const { now, server } = options;
  const locale: { value: ReportLocale } = { value: 'zh-CN' };
  const store = Store.open(options.file);
  const engine = await Engine.open(store, { policy, now: () => now.value });
  const feeds = new FeedManager({
    engine,
    sources: [{ id: SOURCE.id, url: server.url, name: SOURCE.name }],
    tokens: { get: () => TOKEN },
    client: 'noc-console-test/0',
    now: () => now.value,
    backoff: { initialMs: 50, maxMs: 200 },
    // A refused token is retried after 30 s in the field; a test lifts the refusal and waits on the retry.
    unauthorizedDelayMs: 100,
  });
  const changes: ReportEntry[] = [];
  const acknowledged: TicketKey[] = [];
  const echoes = new Set<string>();
  // As the console core does: an echo of this outbox's report acknowledges it on disk, and that is pushed.
  engine.onEchoes((list) => {
    for (const echo of list) {
      echoes.add(echo.reportId);
      const entry = store.read((reads) => reads.outbox.get(echo.reportId));
      if (entry) changes.push(entry);
    }
  });
  const service = new ReportService({
    engine,
    transport: feedTransport(feeds),
    printer: options.printer,
    templates: new ReportTemplates(),
    now: () => now.value,
    consoleName: () => options.consoleName ?? 'desk-duty',
    onChange: (entry) => changes.push(entry),
    onAcknowledged: (entry) => {
      if (entry.ticketId === null) return;
      const key = { source: entry.source, ticketId: entry.ticketId };
      engine.acknowledged(key);
      acknowledged.push(key);
    },
  });
  const answer = (id: string, since: number) =>
    changes.find((c, i) => i >= since && c.id === id && (c.state === 'acknowledged' || c.state === 'refused'));
  feeds.start();
  service.start();
  return {
    now,
    locale,
    server,
    store,
    engine,
    feeds,
    service: seatOf(service, () => ({ operator: options.operator ?? '张晓华', locale: locale.value })),
    reports: service,
    changes,
    acknowledged,
    echoes,
    report: (id) => store.read((reads) => reads.outbox.get(id)),
    async answered(id, since = 0) {
      await until(() => answer(id, since) !== undefined, `report ${id} to be answered`);
      if (server.protocol === '1.1' && answer(id, since)!.state === 'acknowledged') await until(() => echoes.has(id), `report ${id} to be echoed`);
      // Its clocks count it once the engine has it on disk too.
      await engine.flushed();
      return answer(id, since)!;
    },
    connected: () =>
      until(
        () => feeds.status().sources.some((s) => s.state === 'connected' && s.appliedSeq >= server.headSeq()),
        'the feed to connect and catch up',
      ),
    async close() {
      await service.stop();
      await feeds.stop();
      await engine.flushed();
      await store.close();
    },
  };
}

// `noc check` and `noc urge`: the supervision acts on the command line, through
// the same report service the console runs, over one live source. The cache
// catches up first (the claim's cycle is computed from the whole stream), the
// act is sent, and the command waits for each report's end: acknowledged (by
// its answer or its echo), refused, or yielded to the console that claimed the
// cycle first. The reports are printed as JSON; a refusal exits 1.
import type { ReportEntry, TicketKey } from '../../shared/contract';
import { REPLY_PARTIES, type ReplyParty } from '../../shared/protocol';
import { ticketDetail } from '../core/board/detail';
import { Engine } from '../core/ingest/engine';
import { FeedSource } from '../core/feeds/source';
import { chromiumPdfPrinter } from '../core/pdf';
import { singleFeedTransport } from '../core/reports/sender';
import { ReportService } from '../core/reports/service';
import { ReportTemplates } from '../core/reports/templates';
import { machineConsoleName } from '../core/settings-store';
import { Store } from '../core/store/db';
import { CLIENT, caughtUp, GIVE_UP_AFTER_MS, tokenOf, type IngestArgs } from './ingest';
import { duration, policyFrom, required, UsageError } from './options';

export interface SuperviseArgs extends IngestArgs {
  ticket?: string;
  operator?: string;
  console?: string;
  locale?: string;
  to?: string;
  clock?: string;
  index?: string;
}

const ENDED = new Set(['acknowledged', 'refused', 'yielded']);

/**
 * Resolves with the reports once each has ended (an acknowledged one, from a
 * source that echoes, once its echo is in the cache too: the board printed next
 * must count it), or rejects after `giveUpAfterMs` naming the ones still open.
 */
function ended(service: ReportService, ids: readonly string[], echoed: ((id: string) => boolean) | null, giveUpAfterMs: number): Promise<ReportEntry[]> {
  const read = () => service.list({ limit: 5000 }).filter((entry) => ids.includes(entry.id));
  const done = (entry: ReportEntry) => ENDED.has(entry.state) && (entry.state !== 'acknowledged' || echoed === null || echoed(entry.id));
  return new Promise((resolve, reject) => {
    const check = () => {
      const entries = read();
      if (entries.length === ids.length && entries.every(done)) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(ids.map((id) => entries.find((entry) => entry.id === id)!));
      }
    };
    // The sender's pushes are the service's, not the command line's: read the outbox a few times a second.
    const poll = setInterval(check, 100);
    const timer = setTimeout(() => {
      clearInterval(poll);
      const open = read().filter((entry) => !done(entry));
      reject(new Error(`no answer for ${open.map((e) => `${e.id} (${e.state}${e.lastError ? `: ${e.lastError}` : ''})`).join(', ')}`));
    }, giveUpAfterMs);
    check();
  });
}

export async function supervise(command: 'check' | 'urge', args: SuperviseArgs, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<{ reports: ReportEntry[] }> {
  const url = required(args.source, '--source');
  const token = tokenOf(args, env);
  const ticketId = required(args.ticket, '--ticket');
  const operator = (args.operator ?? env.NOC_OPERATOR ?? '').trim();
  if (operator === '') throw new UsageError('--operator NAME (or NOC_OPERATOR) is required: it is filed with the report upstream');
  const locale = args.locale ?? 'zh-CN';
  if (locale !== 'zh-CN' && locale !== 'en') throw new UsageError(`--locale must be zh-CN or en, got ${locale}`);
  let audience: ReplyParty | null = null;
  if (command === 'urge') {
    const to = required(args.to, '--to');
    if (!(REPLY_PARTIES as readonly string[]).includes(to)) throw new UsageError(`--to must be one of ${REPLY_PARTIES.join(', ')}, got ${to}`);
    audience = to as ReplyParty;
    required(args.clock, '--clock');
  }
  const giveUpAfterMs = duration(args['give-up-after'], '--give-up-after', GIVE_UP_AFTER_MS);
  const store = Store.open(required(args.db, '--db'));
  const printer = chromiumPdfPrinter();
  try {
    const engine = await Engine.open(store, { policy: policyFrom(args.policy), now: () => Date.now() });
    const feed = new FeedSource({ engine, config: { url }, token, client: CLIENT, now: () => Date.now(), stopOnUnauthorized: true });
    const service = new ReportService({
      engine,
      transport: singleFeedTransport(feed),
      printer,
      templates: new ReportTemplates(),
      now: () => Date.now(),
      consoleName: () => args.console ?? machineConsoleName(),
      onAcknowledged: (entry) => {
        if (entry.ticketId !== null) engine.acknowledged({ source: entry.source, ticketId: entry.ticketId });
      },
    });
    const echoes = new Set<string>();
    engine.onEchoes((list) => list.forEach((echo) => echoes.add(echo.reportId)));
    feed.start();
    try {
      await caughtUp(feed, giveUpAfterMs);
      await engine.flushed();
      const key: TicketKey = { source: feed.id!, ticketId };
      if (engine.ticketAt(key, Date.now()) === null) throw new Error(`no ticket ${ticketId} from ${url} in ${store.file}`);
      service.start();
      const by = { operator, locale } as const;
      const written =
        command === 'check' ? await service.check(key, by) : [await service.urge(key, urgeTarget(engine, key, audience!, args), by)];
      const echoed = feed.capabilities.echoesReports ? (id: string) => echoes.has(id) : null;
      const reports = await ended(service, written.map((entry) => entry.id), echoed, giveUpAfterMs);
      for (const entry of reports) log(`${entry.kind} → ${entry.audience}: ${entry.state}${entry.receipt ? ` ${entry.receipt}` : ''}${entry.claimedBy ? ` (${entry.claimedBy.name} at ${entry.claimedBy.console} is reporting)` : ''}${entry.refusal ? ` ${entry.refusal.code}: ${entry.refusal.message}` : ''}`);
      if (reports.some((entry) => entry.state === 'refused')) process.exitCode = 1;
      return { reports };
    } finally {
      await service.stop();
      await feed.stop();
      await engine.flushed();
    }
  } finally {
    await printer.close();
    await store.close();
  }
}

/** The clock `--clock` names, its latest instance unless `--index` says which (1 for the first). */
function urgeTarget(engine: Engine, key: TicketKey, audience: ReplyParty, args: SuperviseArgs) {
  const name = args.clock!;
  const clocks = ticketDetail(engine, key, Date.now()).row.clocks.filter((clock) => clock.name === name);
  if (clocks.length === 0) throw new UsageError(`ticket ${key.ticketId} has no ${name} clock`);
  const index = args.index === undefined ? clocks[clocks.length - 1]!.index : Number(args.index) - 1;
  if (!Number.isInteger(index) || index < 0) throw new UsageError(`--index must be a whole number from 1, got ${args.index}`);
  return { audience, subject: { clock: name, index } };
}

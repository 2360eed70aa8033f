// `noc board` and `noc breaches`: the same core functions the UI calls, printed
// as JSON with RFC 3339 (+08:00) times.
import type { BoardLevel, SupervisionDto } from '../../shared/contract';
import { boardRows } from '../core/board/rows';
import { predictAt } from '../core/risk/predict';
import { BREACH_DIMENSIONS, queryBreaches, type BreachDimension } from '../core/board/breaches';
import { Store } from '../core/store/db';
import { Engine } from '../core/ingest/engine';
import { toShanghaiIso } from '../../shared/time';
import { policyFrom, required, time, UsageError } from './options';

const isoOrNull = (ms: number | null) => (ms === null ? null : toShanghaiIso(ms));

export interface BoardArgs {
  db?: string;
  level?: string;
  at?: string;
  policy?: string;
}

export async function board(args: BoardArgs, now: number): Promise<unknown> {
  const level = required(args.level, '--level');
  if (level !== 'group' && level !== 'province') throw new UsageError(`--level must be group or province, got ${level}`);
  const at = args.at === undefined ? now : time(args.at, '--at');
  const policy = policyFrom(args.policy);
  const store = Store.open(required(args.db, '--db'), { readonly: true });
  try {
    const engine = await Engine.open(store, { policy, now: () => now });
    const rows = boardRows(engine, level as BoardLevel, at);
    return {
      at: toShanghaiIso(at),
      level,
      policyVersion: policy.version,
      tickets: rows.map((row) => ({
        source: row.source,
        ticketId: row.ticketId,
        incomplete: row.incomplete,
        customer: row.customer,
        city: row.city,
        service: row.service,
        stage: row.stage,
        nextDueAt: isoOrNull(row.nextDueAt),
        clocks: row.clocks
          .filter((clock) => clock.state !== 'notApplicable')
          .map((clock) => ({
            name: clock.name,
            state: clock.state,
            startedAt: isoOrNull(clock.startedAt),
            dueAt: isoOrNull(clock.dueAt),
            stoppedAt: isoOrNull(clock.stoppedAt),
            elapsedMs: clock.elapsedMs,
            limitMs: clock.limitMs,
          })),
        supervision: supervisionJson(row.supervision),
        risk: row.risk && {
          clock: row.risk.clock,
          index: row.risk.index,
          probability: row.risk.probability,
          likely: row.risk.likely,
          expectedStopAt: isoOrNull(row.risk.expectedStopAt),
          expectedStopAtP80: isoOrNull(row.risk.expectedStopAtP80),
          basis: { similar: row.risk.basis.similar, stratum: row.risk.basis.stratum },
        },
      })),
    };
  } finally {
    await store.close();
  }
}

/** A ticket's supervision as `noc board` prints it: times in Shanghai ISO, as the clocks'. */
function supervisionJson(view: SupervisionDto) {
  const reply = (r: SupervisionDto['lastReply'] | NonNullable<SupervisionDto['checks']['handler']>['reply']) =>
    r === null ? null : { by: r.by, name: r.name, status: r.status, note: r.note, at: toShanghaiIso(r.at) };
  const check = (c: SupervisionDto['checks']['handler']) =>
    c === null ? null : { reportId: c.reportId, at: toShanghaiIso(c.createdAt), operator: c.operator, reply: reply(c.reply), noReply: c.noReply };
  return {
    checks: { 'city-noc': check(view.checks['city-noc']), handler: check(view.checks.handler) },
    lastReply: view.lastReply === null ? null : { kind: view.lastReply.kind, ...reply(view.lastReply) },
    urges: view.urges,
    reporting: view.claims.map((c) => ({ kind: c.kind, audience: c.audience, cycle: toShanghaiIso(c.cycle), operator: c.operator, expiresAt: toShanghaiIso(c.expiresAt) })),
  };
}

export interface BreachesArgs {
  db?: string;
  from?: string;
  to?: string;
  by?: string;
  policy?: string;
}

export async function breaches(args: BreachesArgs): Promise<unknown> {
  const from = time(required(args.from, '--from'), '--from');
  const to = time(required(args.to, '--to'), '--to');
  const by = required(args.by, '--by').split(',').map((d) => d.trim());
  for (const dimension of by) {
    if (!(BREACH_DIMENSIONS as readonly string[]).includes(dimension)) {
      throw new UsageError(`--by: unknown dimension ${dimension} (use ${BREACH_DIMENSIONS.join(', ')})`);
    }
  }
  const policy = policyFrom(args.policy);
  const store = Store.open(required(args.db, '--db'), { readonly: true });
  try {
    const result = queryBreaches(store, { from, to, by: by as BreachDimension[], policy });
    return { from: toShanghaiIso(result.from), to: toShanghaiIso(result.to), by: result.by, cells: result.cells };
  } finally {
    await store.close();
  }
}

export interface PredictArgs {
  db?: string;
  level?: string;
  at?: string;
  policy?: string;
}

/** `noc predict`: the breach risk of every running clock at `--at`, from the history known then. */
export async function predict(args: PredictArgs, now: number): Promise<unknown> {
  const level = args.level ?? 'all';
  if (level !== 'group' && level !== 'province' && level !== 'all') throw new UsageError(`--level must be group, province or all, got ${level}`);
  const at = time(required(args.at, '--at'), '--at');
  const policy = policyFrom(args.policy);
  const store = Store.open(required(args.db, '--db'), { readonly: true });
  try {
    const engine = await Engine.open(store, { policy, now: () => now });
    return {
      at: toShanghaiIso(at),
      policyVersion: policy.version,
      predictions: predictAt(engine, at, level).map(({ source, ticketId, elapsedMs, limitMs, risk }) => ({
        source,
        ticketId,
        clock: risk.clock,
        index: risk.index,
        elapsedMs,
        limitMs,
        probability: risk.probability,
        expectedStopAt: isoOrNull(risk.expectedStopAt),
        expectedStopAtP80: isoOrNull(risk.expectedStopAtP80),
        basis: { similar: risk.basis.similar, stratum: risk.basis.stratum },
      })),
    };
  } finally {
    await store.close();
  }
}

// Alarms on this console: derived from the open tickets and the feeds by the
// pure rules of shared/alarms at each change (new events, echoes, a clock
// crossing its due time, a feed falling quiet), kept in the alarm log from
// raised to cleared, and pushed to every screen. An acknowledgement (认领) of a
// ticket's alarm goes upstream as an `acknowledge` report; the source's echo,
// not this console's outbox, makes it acknowledged here and on every other
// console. A feed's alarm cannot travel through the feed that is down: it is
// acknowledged on this console alone.
import type { AlarmDto, AlarmLogEntry, AlarmState, FeedStatus, Reporter, ReportEntry, SilenceLogEntry } from '../../../shared/contract';
import {
  acknowledgementsOf,
  compareAlarms,
  feedAlarm,
  nextFeedAlarmChange,
  nextTicketAlarmChange,
  ticketAlarms,
  type Alarm,
  type AlarmAcknowledgement,
  type AlarmTicket,
} from '../../../shared/alarms';
import { supervisionAt } from '../../../shared/domain';
import type { ClockName } from '../../../shared/domain';
import { boardsOf } from '../ingest/boards';
import type { Engine } from '../ingest/engine';
import type { ReportService } from '../reports/service';
import { alarmWrites } from '../store/alarms';
import { echoesReports } from '../store/sources';
import { WriteBatch } from '../store/statements';
import { NODE_TIMERS, type Timers } from '../timers';

/** setTimeout's longest delay; a later instant is re-armed when the timer fires. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** Changes are gathered at least this long before the log is written and one push goes out. */
const COALESCE_MS = 50;
/**
 * A flush rebuilds, sorts and sends every alarm (10,000 open tickets: thousands
 * of them, 20–60 ms a flush on a loaded machine), so flushes are spaced at
 * least this many times their own last cost: the alarms take at most about a
 * tenth of the main thread, and events keep reaching the boards (at 1,000
 * events/s a flush every 50 ms took half of it, and the boards fell seconds behind).
 */
const SPACING_PER_COST = 9;

export interface AlarmServiceOptions {
  engine: Engine;
  reports: ReportService;
  feeds: { status(): FeedStatus; onChange(listener: (status: FeedStatus) => void): () => void };
  now(): number;
  timers?: Timers;
  consoleName(): string;
  onChange(state: AlarmState): void;
}

export class AlarmService {
  private readonly timers: Timers;
  /** Each open ticket's alarms and the instant they next change by time alone. */
  private readonly tickets = new Map<string, { alarms: Alarm[]; next: number | null }>();
  private feedAlarms: Alarm[] = [];
  /** Feed alarms acknowledged on this console, by alarm id. */
  private readonly feedAcks = new Map<string, AlarmAcknowledgement>();
  /** Alarms in the log not yet cleared, with what the log knows of their acknowledgement. */
  private readonly logged = new Map<string, { acknowledged: boolean }>();
  private readonly startedAt: number;
  private silence: SilenceLogEntry | null;
  private readonly pending = new Set<string>();
  private flushTimer: unknown = null;
  private deadlineTimer: unknown = null;
  private stops: (() => void)[] = [];
  private writing: Promise<unknown> = Promise.resolve();
  /** What the screens were last sent (without its instant): a change of nothing sends nothing. */
  private published = '';
  /** What the last flush cost, in ms of this thread. */
  private lastFlushMs = 0;

  constructor(private readonly options: AlarmServiceOptions) {
    this.timers = options.timers ?? NODE_TIMERS;
    this.startedAt = options.now();
    const { active, silence } = options.engine.store.read((reads) => ({ active: reads.alarms.active(), silence: reads.alarms.silenceAt(this.startedAt) }));
    for (const entry of active) {
      this.logged.set(entry.id, { acknowledged: entry.acknowledged !== null });
      if (entry.cause === 'feedStale' && entry.acknowledged) {
        this.feedAcks.set(entry.id, { clock: '', index: entry.index, operator: { name: entry.acknowledged.by, console: entry.acknowledged.console ?? '' }, at: entry.acknowledged.at });
      }
    }
    this.silence = silence;
  }

  start(): void {
    const { engine, feeds } = this.options;
    this.touch(engine.openKeys());
    this.stops = [engine.onChange((keys) => this.touch(keys)), feeds.onChange(() => this.touch([]))];
  }

  async stop(): Promise<void> {
    for (const stop of this.stops) stop();
    this.stops = [];
    for (const timer of [this.flushTimer, this.deadlineTimer]) if (timer !== null) this.timers.clear(timer);
    this.flushTimer = this.deadlineTimer = null;
    await this.writing;
  }

  /** Tickets whose alarms may have changed (an event, an echo, a clock crossing a deadline); none: the feeds or the time only. */
  touch(keys: readonly string[]): void {
    for (const key of keys) this.pending.add(key);
    this.flushTimer ??= this.timers.set(() => this.timedFlush(), Math.max(COALESCE_MS, SPACING_PER_COST * this.lastFlushMs));
  }

  state(): AlarmState {
    const at = this.options.now();
    const silence = this.silenceAt(at);
    const alarms = [...this.feedAlarms, ...[...this.tickets.values()].flatMap((t) => t.alarms)].sort(compareAlarms);
    return {
      at,
      alarms: alarms.map(toDto),
      silence: silence && { by: silence.by, console: silence.console, reason: silence.reason, from: silence.from, until: silence.until },
    };
  }

  /** 认领 one alarm under `by`'s name: upstream for a ticket's, on this console for a feed's. */
  async acknowledge(id: string, by: Reporter): Promise<{ report: ReportEntry | null; state: AlarmState }> {
    if (by.operator.trim() === '') throw new Error('no operator name: set your name in Settings first (an acknowledgement names who owns the alarm)');
    const alarm = this.find(id);
    if (!alarm) throw new Error(`no active alarm ${id} (it may have cleared)`);
    if (alarm.cause === 'cadenceDue') throw new Error('a report falling due sounds once: send or claim the report instead of acknowledging it');
    if (alarm.ticketId === null || alarm.clock === null) {
      const at = this.options.now();
      const ack = { clock: '', index: alarm.index, operator: { name: by.operator, console: this.options.consoleName() }, at };
      this.feedAcks.set(id, ack);
      this.touch([]);
      return { report: null, state: this.state() };
    }
    const report = await this.options.reports.acknowledge({ source: alarm.source, ticketId: alarm.ticketId }, { clock: alarm.clock, index: alarm.index }, by);
    return { report, state: this.state() };
  }

  /** Silences this console for `minutes` (0 ends the silence early). */
  async silenceFor(operator: string, minutes: number, reason: string): Promise<AlarmState> {
    const at = this.options.now();
    const batch = new WriteBatch();
    const current = this.state().silence;
    if (minutes === 0) {
      if (current && this.silence) alarmWrites.endSilence(batch, this.silence.id, at, operator);
    } else {
      if (reason.trim() === '') throw new Error('a silence needs its reason (it is shown on screen and kept in the alarm log)');
      if (current && this.silence) alarmWrites.endSilence(batch, this.silence.id, at, operator);
      alarmWrites.silence(batch, { by: operator, console: this.options.consoleName(), reason: reason.trim(), from: at, until: at + minutes * 60_000 });
    }
    await this.commit(batch);
    this.silence = this.options.engine.store.read((reads) => reads.alarms.silenceAt(at));
    this.touch([]);
    return this.state();
  }

  log(from: number, to: number, limit: number): { alarms: AlarmLogEntry[]; silences: SilenceLogEntry[] } {
    return this.options.engine.store.read((reads) => ({ alarms: reads.alarms.between(from, to, limit), silences: reads.alarms.silencesBetween(from, to, limit) }));
  }

  private find(id: string): Alarm | undefined {
    return this.feedAlarms.find((a) => a.id === id) ?? [...this.tickets.values()].flatMap((t) => t.alarms).find((a) => a.id === id);
  }

  private silenceAt(at: number): SilenceLogEntry | null {
    return this.silence && this.silence.until > at && this.silence.endedAt === null ? this.silence : null;
  }

  /** Elapsed time is read here only to space flushes: nothing stored or shown depends on it. */
  private timedFlush(): void {
    const started = performance.now();
    this.flush();
    this.lastFlushMs = performance.now() - started;
  }

  private flush(): void {
    this.flushTimer = null;
    const at = this.options.now();
    for (const key of this.pending) this.refreshTicket(key, at);
    this.pending.clear();
    // Tickets whose alarms change by time alone are looked at again now.
    for (const [key, ticket] of this.tickets) if (ticket.next !== null && ticket.next <= at) this.refreshTicket(key, at);
    this.refreshFeeds(at);
    this.record(at);
    this.armDeadline(at);
    const state = this.state();
    const seen = JSON.stringify([state.alarms, state.silence]);
    // Each ticket's change comes here (a burst of events: several a second); the screens hear only what changed.
    if (seen === this.published) return;
    this.published = seen;
    this.options.onChange(state);
  }

  private refreshTicket(key: string, at: number): void {
    const { engine } = this.options;
    const state = engine.openTicket(key);
    const evaluation = state && engine.evaluationOf(key);
    if (!state || !evaluation) {
      this.tickets.delete(key);
      return;
    }
    const policy = engine.policy;
    const facts = evaluation.facts;
    const ticket: AlarmTicket = {
      key,
      source: state.source,
      ticketId: state.ticketId,
      city: facts.city,
      customer: facts.customer?.name ?? null,
      boards: boardsOf(facts, policy),
      clocks: evaluation.clocks,
      claimedKinds: supervisionAt(state.fold, policy, at).claims.map((claim) => claim.kind),
    };
    const alarms = ticketAlarms(ticket, this.acknowledgementsOf(state.source, state.ticketId, state.fold.history.reports), policy.alarms, at);
    const next = nextTicketAlarmChange(ticket, policy.alarms, at);
    if (alarms.length === 0 && next === null) this.tickets.delete(key);
    else this.tickets.set(key, { alarms, next });
  }

  /** The stream's acknowledgements; for a source that echoes nothing, this console's acknowledged ones too. */
  private acknowledgementsOf(source: string, ticketId: string, echoed: Parameters<typeof acknowledgementsOf>[0]): AlarmAcknowledgement[] {
    const acks = acknowledgementsOf(echoed);
    if (echoesReports(this.options.engine.source(source))) return acks;
    const own = this.options.engine.store
      .read((reads) => reads.outbox.ofTicket(source, ticketId))
      .filter((entry) => entry.kind === 'acknowledge' && entry.state === 'acknowledged')
      .map((entry) => ({ kind: entry.kind, subject: entry.subject, operator: { name: entry.operator, console: entry.console }, at: entry.receivedAt ?? entry.createdAt }));
    return [...acks, ...acknowledgementsOf(own)];
  }

  private refreshFeeds(at: number): void {
    const policy = this.options.engine.policy.alarms;
    this.feedAlarms = this.options.feeds.status().sources.flatMap((health) => {
      const life = { sourceId: health.sourceId, name: health.name, lastSignAt: lastSign(health, this.startedAt) };
      const id = feedAlarm(life, null, policy, at)?.id;
      const alarm = id === undefined ? null : feedAlarm(life, this.feedAcks.get(id) ?? null, policy, at);
      return alarm ? [alarm] : [];
    });
  }

  /** Writes what changed since the log last heard: raised, acknowledged, cleared. */
  private record(at: number): void {
    const batch = new WriteBatch();
    const silenced = this.silenceAt(at) !== null;
    const current = new Map([...this.feedAlarms, ...[...this.tickets.values()].flatMap((t) => t.alarms)].map((alarm) => [alarm.id, alarm]));
    for (const [id, alarm] of current) {
      const known = this.logged.get(id);
      if (!known) alarmWrites.raise(batch, alarm, silenced);
      if (alarm.acknowledged && !known?.acknowledged) {
        alarmWrites.acknowledge(batch, id, { name: alarm.acknowledged.operator?.name ?? '', console: alarm.acknowledged.operator?.console ?? null }, alarm.acknowledged.at);
      }
      this.logged.set(id, { acknowledged: alarm.acknowledged !== null });
    }
    for (const id of [...this.logged.keys()]) {
      if (current.has(id)) continue;
      alarmWrites.clear(batch, id, at);
      this.logged.delete(id);
      this.feedAcks.delete(id);
    }
    if (batch.size > 0) void this.commit(batch);
  }

  private commit(batch: WriteBatch): Promise<unknown> {
    const written = this.writing.then(() => this.options.engine.store.write(batch));
    this.writing = written.catch((error: unknown) => console.warn(`alarm log: ${(error as Error).message}`));
    return written;
  }

  private armDeadline(at: number): void {
    if (this.deadlineTimer !== null) this.timers.clear(this.deadlineTimer);
    this.deadlineTimer = null;
    const policy = this.options.engine.policy.alarms;
    let soonest = Infinity;
    for (const ticket of this.tickets.values()) if (ticket.next !== null) soonest = Math.min(soonest, ticket.next);
    for (const health of this.options.feeds.status().sources) {
      const next = nextFeedAlarmChange({ sourceId: health.sourceId, name: health.name, lastSignAt: lastSign(health, this.startedAt) }, policy, at);
      if (next !== null) soonest = Math.min(soonest, next);
    }
    if (this.silence && this.silence.endedAt === null && this.silence.until > at) soonest = Math.min(soonest, this.silence.until);
    if (soonest === Infinity) return;
    this.deadlineTimer = this.timers.set(() => {
      this.deadlineTimer = null;
      this.touch([]);
    }, Math.min(MAX_DELAY_MS, Math.max(0, soonest - at)));
  }
}

/** A feed's last sign of life: its last event or heartbeat, and at least this console's start (it cannot know of earlier silence). */
function lastSign(health: FeedStatus['sources'][number], startedAt: number): number {
  return Math.max(startedAt, health.lastEventAt ?? 0, health.lastHeartbeatAt ?? 0);
}

function toDto(alarm: Alarm): AlarmDto {
  const ack = alarm.acknowledged;
  return {
    id: alarm.id,
    cause: alarm.cause,
    severity: alarm.severity,
    source: alarm.source,
    key: alarm.key,
    ticketId: alarm.ticketId,
    city: alarm.city,
    customer: alarm.customer,
    boards: [...alarm.boards],
    clock: alarm.clock as ClockName | null,
    index: alarm.index,
    since: alarm.since,
    dueAt: alarm.dueAt,
    repeatMs: alarm.repeatMs,
    acknowledged: ack && { by: ack.operator?.name ?? '', console: ack.operator?.console ?? null, at: ack.at },
  };
}

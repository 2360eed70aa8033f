// Alarms on this console: derived from the open tickets and the feeds by the
// pure rules of shared/alarms at each change (new events, echoes, a clock
// crossing its due time, a feed falling quiet), kept in the alarm log from
// raised to cleared, and pushed to every screen. An acknowledgement (认领) of a
// ticket's alarm goes upstream as an `acknowledge` report; the source's echo,
// not this console's outbox, makes it acknowledged here and on every other
// console. A feed's alarm cannot travel through the feed that is down: it is
// acknowledged on this console alone.
import type { AlarmCursor, AlarmDelta, AlarmDto, AlarmLogEntry, AlarmPage, AlarmSilence, FeedStatus, Reporter, ReportEntry, SilenceLogEntry } from '../../../shared/contract';
import {
  acknowledgementsOf,
  alarmCursor,
  alarmsUpTo,
  compareAlarms,
  feedAlarm,
  nextFeedAlarmChange,
  nextTicketAlarmChange,
  reorderAlarms,
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
import { alarmWrites, type SoundingCursor } from '../store/alarms';
import { echoesReports } from '../store/sources';
import { WriteBatch } from '../store/statements';
import { NODE_TIMERS, type Timers } from '../timers';

/** setTimeout's longest delay; a later instant is re-armed when the timer fires. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** Changes are gathered this long before the log is written and one push goes out. */
const COALESCE_MS = 50;
/**
 * A flush refreshes tickets for this long, then yields and goes on: the first
 * flush of a console with 10,000 open tickets took 1 s (3 s on a loaded
 * machine) in one piece, and the first board's request waited behind it. The
 * start's other passes share its turns (core/risk/model.ts WARM_SLICE_MS).
 */
const FLUSH_SLICE_MS = 4;
/**
 * The log's sounding alarms read in one turn at a start: its 48,000 rows at once held the loop 50-100 ms (10,000
 * breached tickets). Pages of 1,024 put the first alarm on screen 0.27 s later than pages of these (2.63 against
 * 2.36 s after a cold start's spawn, medians of five alternating starts), the loop's longest turns the same.
 */
export const LOG_PAGE_ROWS = 4_096;

export interface AlarmServiceOptions {
  engine: Engine;
  reports: ReportService;
  feeds: { status(): FeedStatus; onChange(listener: (status: FeedStatus) => void): () => void };
  now(): number;
  timers?: Timers;
  consoleName(): string;
  /** What changed for the screens: they hold the whole state from `page()` and fold these in (shared/alarms applyAlarmDelta). */
  onChange(delta: AlarmDelta): void;
}

export class AlarmService {
  private readonly timers: Timers;
  /** Each open ticket's alarms and the instant they next change by time alone. */
  private readonly tickets = new Map<string, { alarms: Alarm[]; next: number | null }>();
  /**
   * No ticket's alarms change by time alone before this (a lower bound of the
   * tickets' `next`): a flush looks through every ticket only once it is due.
   * Looking through 10,000 tickets on every flush (twice: for those due and for
   * the next deadline) ran 20 times a second at 1,000 events/s.
   */
  private soonestChange = Infinity;
  private feedAlarms: Alarm[] = [];
  /** Every active alarm, the tickets' and the feeds', by id. */
  private readonly active = new Map<string, Alarm>();
  /**
   * The active alarms most pressing first, once a screen asked for a page, and
   * the ids changed since: the next page re-places those (linear) instead of
   * sorting 45,000 alarms again for each of a screen's 90 pages.
   */
  private ordered: Alarm[] | null = null;
  private readonly reordered = new Set<string>();
  /**
   * Alarms raised, changed or cleared since the log and the screens last heard.
   * A flush looks at these only: with 10,000 breached tickets (40,000 alarms) a
   * flush that rebuilt, sorted and pushed the whole state took seconds and sent
   * 17 MB of JSON to every screen.
   */
  private readonly unlogged = new Set<string>();
  private readonly unpublished = new Map<string, Alarm | null>();
  private publishedSilence = 'null';
  /** Whether the log's alarms from before the start were checked against the derived ones (after the first whole flush). */
  private reconciled = false;
  /**
   * Settles once every open ticket's alarms are derived the first time and
   * logged: the screens' `alarm:list` and the handover sheet wait for it, so
   * no screen holds a list before it and the first derivation is never
   * pushed. Pushed slice by slice, with 10,000 breached tickets it was 20 MB
   * of deltas to every screen in the seconds after a cold start, while the
   * screens loaded their boards (bench/coldstart.ts, logged).
   */
  private readonly firstDerivation: Promise<void>;
  private firstDerived = () => {};
  /** Feed alarms acknowledged on this console, by alarm id. */
  private readonly feedAcks = new Map<string, AlarmAcknowledgement>();
  /** Each feed's last sign of life by the alarm the log held sounding for it at start (lastSign). */
  private readonly silentSince = new Map<string, number>();
  /** Alarms in the log not yet cleared, with whether the log knows them acknowledged (a boolean, not an object per alarm: 48,000 of them). */
  private readonly logged = new Map<string, boolean>();
  private readonly startedAt: number;
  private silence: SilenceLogEntry | null;
  private readonly pending = new Set<string>();
  private flushTimer: unknown = null;
  private deadlineTimer: unknown = null;
  /** The start's next page of the log, while it reads it. */
  private logTimer: unknown = null;
  private stops: (() => void)[] = [];
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: AlarmServiceOptions) {
    this.timers = options.timers ?? NODE_TIMERS;
    this.startedAt = options.now();
    this.silence = options.engine.store.read((reads) => reads.alarms.silenceAt(this.startedAt));
    this.firstDerivation = new Promise<void>((resolve) => (this.firstDerived = resolve));
  }

  /** Resolves once every open ticket's alarms have been derived since `start` and logged: `state()` and the log are whole from then on. */
  derived(): Promise<void> {
    return this.firstDerivation;
  }

  /**
   * Reads what the log still holds as sounding, a page a turn, then derives
   * every open ticket's alarms in slices. The log is read here, not when the
   * service is made: with 10,000 breached tickets it holds 48,000 active rows
   * (0.6 s as whole entries, 50-100 ms in one turn as the columns read now),
   * and the core answers the first board before it starts the alarms. Events
   * meanwhile wait for the derivation, which takes every open ticket as it is then.
   */
  start(): void {
    this.readLog(null);
  }

  private readLog(after: SoundingCursor | null): void {
    this.logTimer = null;
    const { engine, feeds } = this.options;
    const page = engine.store.read((reads) => reads.alarms.soundingPage(after, LOG_PAGE_ROWS));
    for (const { id, acknowledged, feed } of page.alarms) {
      this.logged.set(id, acknowledged);
      if (!feed) continue;
      // A feed silent when the console stopped is silent since then, not since this start, until it speaks again.
      this.silentSince.set(feed.source, Math.max(this.silentSince.get(feed.source) ?? Number.NEGATIVE_INFINITY, feed.lastSignAt));
      const ack = feed.acknowledged;
      if (ack) this.feedAcks.set(id, { clock: '', index: feed.lastSignAt, operator: { name: ack.by, console: ack.console ?? '' }, at: ack.at });
    }
    const next = page.next;
    if (next) {
      this.logTimer = this.timers.set(() => this.readLog(next), 0);
      return;
    }
    this.touch(engine.openKeys());
    this.stops = [engine.onChange((keys) => this.touch(keys)), feeds.onChange(() => this.touch([]))];
  }

  async stop(): Promise<void> {
    for (const stop of this.stops) stop();
    this.stops = [];
    for (const timer of [this.flushTimer, this.deadlineTimer, this.logTimer]) if (timer !== null) this.timers.clear(timer);
    this.flushTimer = this.deadlineTimer = this.logTimer = null;
    await this.writing;
  }

  /** Tickets whose alarms may have changed (an event, an echo, a clock crossing a deadline); none: the feeds or the time only. */
  touch(keys: readonly string[]): void {
    for (const key of keys) this.pending.add(key);
    this.flushTimer ??= this.timers.set(() => this.flush(), COALESCE_MS);
  }

  /** The whole state, most pressing first, or `first` alarms of it after `after`: what a screen loads before it hears deltas. */
  page(after: AlarmCursor | null = null, first = Infinity): AlarmPage {
    const at = this.options.now();
    const ordered = this.inOrder();
    const start = alarmsUpTo(ordered, after);
    const alarms = ordered.slice(start, start + first);
    const next = start + alarms.length < ordered.length ? alarmCursor(alarms[alarms.length - 1]!) : null;
    return { at, alarms: alarms.map(toDto), silence: this.silenceAt(at), next };
  }

  /** 认领 one alarm under `by`'s name: upstream for a ticket's, on this console for a feed's. */
  async acknowledge(id: string, by: Reporter): Promise<{ report: ReportEntry | null }> {
    if (by.operator.trim() === '') throw new Error('no operator name: set your name in Settings first (an acknowledgement names who owns the alarm)');
    const alarm = this.find(id);
    if (!alarm) throw new Error(`no active alarm ${id} (it may have cleared)`);
    if (alarm.cause === 'cadenceDue') throw new Error('a report falling due sounds once: send or claim the report instead of acknowledging it');
    if (alarm.ticketId === null || alarm.clock === null) {
      const at = this.options.now();
      const ack = { clock: '', index: alarm.index, operator: { name: by.operator, console: this.options.consoleName() }, at };
      this.feedAcks.set(id, ack);
      this.touch([]);
      return { report: null };
    }
    const report = await this.options.reports.acknowledge({ source: alarm.source, ticketId: alarm.ticketId }, { clock: alarm.clock, index: alarm.index }, by);
    return { report };
  }

  /** Silences this console for `minutes` (0 ends the silence early). */
  async silenceFor(operator: string, minutes: number, reason: string): Promise<AlarmSilence | null> {
    const at = this.options.now();
    const batch = new WriteBatch();
    const current = this.silenceAt(at);
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
    return this.silenceAt(at);
  }

  log(from: number, to: number, limit: number): { alarms: AlarmLogEntry[]; silences: SilenceLogEntry[] } {
    return this.options.engine.store.read((reads) => ({ alarms: reads.alarms.between(from, to, limit), silences: reads.alarms.silencesBetween(from, to, limit) }));
  }

  private inOrder(): readonly Alarm[] {
    if (this.ordered === null) this.ordered = [...this.active.values()].sort(compareAlarms);
    else if (this.reordered.size > 0) this.ordered = reorderAlarms(this.ordered, this.reordered, [...this.reordered].flatMap((id) => this.active.get(id) ?? []));
    this.reordered.clear();
    return this.ordered;
  }

  /** An alarm raised, changed or cleared: the order kept for pages re-places it, or is dropped once re-sorting costs no more. */
  private moved(id: string): void {
    if (this.ordered === null) return;
    this.reordered.add(id);
    if (this.reordered.size > this.ordered.length / 4 + 64) {
      this.ordered = null;
      this.reordered.clear();
    }
  }

  private find(id: string): Alarm | undefined {
    return this.active.get(id);
  }

  private silenceAt(at: number): AlarmSilence | null {
    const silence = this.silence && this.silence.until > at && this.silence.endedAt === null ? this.silence : null;
    return silence && { by: silence.by, console: silence.console, reason: silence.reason, from: silence.from, until: silence.until };
  }

  /** Takes a ticket's (or the feeds') alarms from `before` to `after`, noting what the log and the screens must hear. */
  private replaceAlarms(before: readonly Alarm[], after: readonly Alarm[]): void {
    const kept = new Set(after.map((alarm) => alarm.id));
    for (const alarm of before) {
      if (kept.has(alarm.id)) continue;
      this.active.delete(alarm.id);
      this.moved(alarm.id);
      this.unlogged.add(alarm.id);
      this.unpublished.set(alarm.id, null);
    }
    for (const alarm of after) {
      const was = this.active.get(alarm.id);
      if (was && sameOnScreen(was, alarm)) continue;
      this.active.set(alarm.id, alarm);
      this.moved(alarm.id);
      this.unlogged.add(alarm.id);
      this.unpublished.set(alarm.id, alarm);
    }
  }

  private flush(): void {
    this.flushTimer = null;
    const at = this.options.now();
    const yieldAt = performance.now() + FLUSH_SLICE_MS;
    for (const key of this.pending) {
      this.pending.delete(key);
      this.refreshTicket(key, at);
      if (performance.now() >= yieldAt) break;
    }
    if (this.pending.size > 0) {
      // What is done so far is logged and shown (after the first derivation: no screen holds a list before it); the rest follows in the next slice.
      this.record(at);
      if (this.reconciled) this.publish(at);
      this.flushTimer = this.timers.set(() => this.flush(), 0);
      return;
    }
    this.refreshDue(at);
    this.refreshFeeds(at);
    const first = !this.reconciled;
    if (first) {
      // Every open ticket has been derived once: what the log still holds as active and nothing derives again has cleared.
      for (const id of this.logged.keys()) if (!this.active.has(id)) this.unlogged.add(id);
      this.reconciled = true;
      // The screens load the whole state from now on (`derived`): none needs the first derivation as deltas.
      this.unpublished.clear();
    }
    this.record(at);
    // Derived once the log holds it too: a handover sheet reads the unacknowledged alarms from the log.
    if (first) void this.writing.then(() => this.firstDerived());
    this.armDeadline(at);
    this.publish(at);
  }

  /** Each ticket's change comes here (a burst of events: several a second); the screens hear only what changed. */
  private publish(at: number): void {
    const silence = this.silenceAt(at);
    const silenceSeen = JSON.stringify(silence);
    if (this.unpublished.size === 0 && silenceSeen === this.publishedSilence) return;
    const changed: AlarmDto[] = [];
    const removed: string[] = [];
    for (const [id, alarm] of this.unpublished) {
      if (alarm) changed.push(toDto(alarm));
      else removed.push(id);
    }
    this.unpublished.clear();
    this.publishedSilence = silenceSeen;
    this.options.onChange({ at, changed, removed, silence });
  }

  /** Tickets whose alarms change by time alone are looked at again when one is due, and the soonest next change found. */
  private refreshDue(at: number): void {
    if (this.soonestChange > at) return;
    let soonest = Infinity;
    for (const [key, ticket] of this.tickets) {
      let next = ticket.next;
      if (next !== null && next <= at) {
        this.refreshTicket(key, at);
        next = this.tickets.get(key)?.next ?? null;
      }
      if (next !== null && next < soonest) soonest = next;
    }
    this.soonestChange = soonest;
  }

  private refreshTicket(key: string, at: number): void {
    const { engine } = this.options;
    const state = engine.openTicket(key);
    const evaluation = state && engine.evaluationOf(key);
    const before = this.tickets.get(key)?.alarms ?? [];
    if (!state || !evaluation) {
      this.replaceAlarms(before, []);
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
    this.replaceAlarms(before, alarms);
    if (alarms.length === 0 && next === null) this.tickets.delete(key);
    else this.tickets.set(key, { alarms, next });
    if (next !== null && next < this.soonestChange) this.soonestChange = next;
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
    const feedAlarms = this.options.feeds.status().sources.flatMap((health) => {
      const life = { sourceId: health.sourceId, name: health.name, lastSignAt: this.lastSign(health) };
      const id = feedAlarm(life, null, policy, at)?.id;
      const alarm = id === undefined ? null : feedAlarm(life, this.feedAcks.get(id) ?? null, policy, at);
      return alarm ? [alarm] : [];
    });
    this.replaceAlarms(this.feedAlarms, feedAlarms);
    this.feedAlarms = feedAlarms;
  }

  /** Writes what changed since the log last heard: raised, acknowledged, cleared. */
  private record(at: number): void {
    const batch = new WriteBatch();
    const silenced = this.silenceAt(at) !== null;
    for (const id of this.unlogged) {
      const alarm = this.active.get(id);
      const known = this.logged.get(id);
      if (alarm) {
        if (known === undefined) alarmWrites.raise(batch, alarm, silenced);
        if (alarm.acknowledged && known !== true) {
          alarmWrites.acknowledge(batch, id, { name: alarm.acknowledged.operator?.name ?? '', console: alarm.acknowledged.operator?.console ?? null }, alarm.acknowledged.at);
        }
        this.logged.set(id, alarm.acknowledged !== null);
      } else if (known !== undefined) {
        alarmWrites.clear(batch, id, at);
        this.logged.delete(id);
        this.feedAcks.delete(id);
      }
    }
    this.unlogged.clear();
    if (batch.size > 0) void this.commit(batch);
  }

  private commit(batch: WriteBatch): Promise<unknown> {
    const written = this.writing.then(() => this.options.engine.store.write(batch));
    this.writing = written.catch((error: unknown) => console.warn(`alarm log: ${(error as Error).message}`));
    return written;
  }

  /**
   * A feed's last sign of life: its last event or heartbeat, and at least this console's start (it cannot know of
   * earlier silence), unless the log held the feed silent since an earlier sign and it has not spoken since: then
   * its alarm, acknowledged or not, sounds on across the restart as the same alarm.
   */
  private lastSign(health: FeedStatus['sources'][number]): number {
    const heard = Math.max(health.lastEventAt ?? 0, health.lastHeartbeatAt ?? 0);
    const silent = this.silentSince.get(health.sourceId);
    return silent !== undefined && heard <= silent ? silent : Math.max(this.startedAt, heard);
  }

  private armDeadline(at: number): void {
    if (this.deadlineTimer !== null) this.timers.clear(this.deadlineTimer);
    this.deadlineTimer = null;
    const policy = this.options.engine.policy.alarms;
    let soonest = this.soonestChange;
    for (const health of this.options.feeds.status().sources) {
      const next = nextFeedAlarmChange({ sourceId: health.sourceId, name: health.name, lastSignAt: this.lastSign(health) }, policy, at);
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

/** Whether the screens would see no difference between two derivations of one alarm (same id: same cause, ticket and clock instance). */
function sameOnScreen(a: Alarm, b: Alarm): boolean {
  const ackA = a.acknowledged;
  const ackB = b.acknowledged;
  return (
    a.severity === b.severity &&
    a.since === b.since &&
    a.dueAt === b.dueAt &&
    a.repeatMs === b.repeatMs &&
    a.city === b.city &&
    a.customer === b.customer &&
    a.boards.join() === b.boards.join() &&
    (ackA === ackB ||
      (ackA !== null &&
        ackB !== null &&
        ackA.at === ackB.at &&
        ackA.operator?.name === ackB.operator?.name &&
        ackA.operator?.console === ackB.operator?.console))
  );
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

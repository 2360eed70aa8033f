// Group commit as a batching policy: ingest adds each slice to the open unit;
// a unit is sealed (its tickets projected, once each however many of its
// events they got) and handed to the writer as soon as the writer has room for
// it. While the writer is busy with one unit, the next one keeps growing, so
// units are as large as the writer is slow: a live trickle commits batch by
// batch (a row on screen within milliseconds), a catch-up in large units (each
// ticket's projection written once per unit, ingest measured ... below).
// Nothing here holds a transaction: a unit is a list of writes in memory until
// the writer runs it as one synchronous savepoint.
import type { Policy } from '../../../shared/domain';
import type { Store } from '../store/db';
import { ClockCountChanges } from '../store/rollups';
import { WriteBatch } from '../store/statements';
import type { Projector } from './project';
import type { TicketState } from './tickets';
import type { SliceSizer, TurnGate } from './slices';

/** Units with the writer at once: one being written, the next ready behind it, so the writer never waits on a projection. */
const WRITER_DEPTH = 2;
/** An open unit seals at this many events even while the writer is busy, so a crash loses at most this much (the source sends it again). */
export const UNIT_EVENTS = 50_000;
/** Ingest units form one chain in the writer: after a lost one, the later ones must not commit. */
const CHAIN = 'ingest';
/**
 * A unit's writes go to the writer in parts of at least this many values as
 * slices make them, not in one piece when it seals: handing a 50,000-event unit
 * over at once was one structured clone of some 600,000 values (tens of ms of
 * this thread), and its ops array lived long enough to be promoted and marked.
 */
const PART_VALUES = 16_384;

interface Projection {
  state: TicketState;
  fresh: boolean;
  syncRejections: boolean;
}

/** A unit being filled: its writes so far, and the tickets to project when it seals. */
export class OpenUnit {
  /** Writes not yet handed to the writer; `sendPart` hands them over and starts a new batch. */
  batch = new WriteBatch();
  /** The writer's stream the parts went to, once one was sent. */
  stream: number | null = null;
  /** What the unit's clock writes change in the rollups, written at its end. */
  readonly counts = new ClockCountChanges();
  readonly tickets = new Map<string, Projection>();
  /** Each source's last consumed seq in this unit. */
  readonly since = new Map<string, number>();
  /** Report ids the unit's events echoed (protocol 1.1), by source: this console's outbox may hold them. */
  readonly echoes: { source: string; reportId: string }[] = [];
  events = 0;

  constructor(readonly id: number) {}

  /** The ticket's newest state in this unit; `fresh` and rejection syncing stick from its first change in the unit. */
  stage(state: TicketState, options: { fresh: boolean; syncRejections: boolean }): void {
    const earlier = this.tickets.get(state.key);
    this.tickets.set(state.key, {
      state,
      fresh: earlier ? earlier.fresh : options.fresh,
      syncRejections: (earlier?.syncRejections ?? false) || options.syncRejections,
    });
  }

  echoed(source: string, reportId: string): void {
    this.echoes.push({ source, reportId });
  }

  consumed(source: string, since: number, events: number): void {
    this.since.set(source, since);
    this.events += events;
  }

  get empty(): boolean {
    return this.batch.empty && this.tickets.size === 0 && this.stream === null && this.echoes.length === 0;
  }

  /** Hands the writes made so far to the writer ahead of the unit, once there are enough of them. */
  sendPart(store: Store): void {
    if (this.batch.ops.length < PART_VALUES || !store.writer) return;
    this.stream ??= store.writer.openStream();
    store.writer.appendTo(this.stream, this.batch);
    this.batch = new WriteBatch();
  }
}

/** What a committed unit changed. */
export interface CommittedUnit {
  id: number;
  states: TicketState[];
  since: ReadonlyMap<string, number>;
  echoes: readonly { source: string; reportId: string }[];
}

export interface UnitsOptions {
  store: Store;
  /** The engine's one slice per turn of the event loop, shared with its ingest slices. */
  turns: TurnGate;
  /** Sizes the projection's slices. */
  sizer: SliceSizer;
  projector: Projector;
  policy(): Policy;
  now(): number;
  onCommitted(unit: CommittedUnit): void;
  /** A unit was not written: everything staged after the last commit is void. */
  onLost(error: Error): void;
}

export class UnitPipeline {
  private open: OpenUnit | null = null;
  private nextId = 1;
  private sealing = false;
  private flushing = 0;
  private withWriter = 0;
  private readonly roomWaiters: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: UnitsOptions) {}

  /** The unit slices go into now. */
  current(): OpenUnit {
    return (this.open ??= new OpenUnit(this.nextId++));
  }

  /** After something was added to the open unit: seal it if the writer has room, else hand over what it holds so far. */
  nudge(): void {
    this.open?.sendPart(this.options.store);
    void this.sealWhileRoom();
  }

  /** Resolves once the open unit may grow: it is under UNIT_EVENTS, or the writer took it. */
  async room(): Promise<void> {
    while (this.open !== null && this.open.events >= UNIT_EVENTS) {
      this.nudge();
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
  }

  /** Seals whatever is open and resolves once every unit so far has committed (or was lost). */
  async flushed(): Promise<void> {
    this.flushing += 1;
    try {
      await this.sealWhileRoom();
      while (this.sealing || this.withWriter > 0 || (this.open !== null && !this.open.empty)) {
        await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
        await this.sealWhileRoom();
      }
    } finally {
      this.flushing -= 1;
    }
  }

  /** Drops the open unit (after a lost write, or before a rebuild replaces everything). */
  discardOpen(): void {
    if (this.open?.stream != null) this.options.store.writer?.discardStream(this.open.stream);
    this.open = null;
    this.wake(this.roomWaiters);
  }

  /** Lets ingest units into the writer again after a loss (the engine has reloaded what is durable). */
  resetChain(): void {
    this.options.store.writer?.resetChain(CHAIN);
  }

  private async sealWhileRoom(): Promise<void> {
    if (this.sealing) return;
    this.sealing = true;
    try {
      while (this.open !== null && !this.open.empty && (this.withWriter < WRITER_DEPTH || this.flushing > 0 || this.open.events >= UNIT_EVENTS)) {
        const unit = this.open;
        this.open = null;
        this.wake(this.roomWaiters);
        await this.project(unit);
        this.submit(unit);
      }
    } finally {
      this.sealing = false;
      this.wake(this.idleWaiters);
    }
  }

  /** Projects the unit's tickets into its batch, a time-boxed slice at a time. */
  private async project(unit: OpenUnit): Promise<void> {
    const { projector, sizer, turns } = this.options;
    const pending = [...unit.tickets.values()];
    for (let start = 0; start < pending.length; ) {
      await turns.slot();
      const part = pending.slice(start, start + sizer.next());
      start += part.length;
      const policy = this.options.policy();
      const at = this.options.now();
      sizer.measure(part.length, () => {
        for (const { state, fresh, syncRejections } of part) projector.project(unit.batch, unit.counts, state, policy, at, { fresh, syncRejections });
      });
      unit.sendPart(this.options.store);
    }
  }

  private submit(unit: OpenUnit): void {
    this.withWriter += 1;
    const states = [...unit.tickets.values()].map((projection) => projection.state);
    unit.counts.write(unit.batch);
    this.options.store
      .write(unit.batch, { chain: CHAIN, ...(unit.stream === null ? {} : { stream: unit.stream }) })
      .then(
        () => this.options.onCommitted({ id: unit.id, states, since: unit.since, echoes: unit.echoes }),
        (error: unknown) => this.options.onLost(error instanceof Error ? error : new Error(String(error))),
      )
      .finally(() => {
        this.withWriter -= 1;
        this.wake(this.idleWaiters);
        this.nudge();
      });
  }

  private wake(waiters: (() => void)[]): void {
    for (const resolve of waiters.splice(0)) resolve();
  }
}

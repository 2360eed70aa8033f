// The tickets the engine keeps in memory, in two views:
// - committed: what the cache on disk holds. Boards, deltas, deadlines and
//   as-of views read only this, so a row reaches a screen only once durable.
// - staged: tickets changed by writes not yet committed, with the events those
//   writes carry. Ingest folds the next events onto these, since the store
//   cannot show them yet.
// Open tickets are all kept; closed ones only while recently closed, so that
// their follow-up events (call-backs, reports) fold without reading the store.
import { isOpenStage } from '../../../shared/domain';
import type { FeedEvent } from '../../../shared/protocol';
import { parseStored, type TicketState } from './tickets';

/** Closed tickets whose state stays in memory. */
const RECENTLY_CLOSED = 4096;

interface Staged {
  state: TicketState;
  /** The write that carries this state: the entry leaves once that write commits. */
  unit: number;
  /**
   * Events of the ticket in writes not committed yet (the store cannot return
   * them), as received: the text the store keeps, parsed when a late event
   * refolds the ticket (as a fold from the store parses it). Kept as parsed
   * events, each one's objects outlived the scavenges of a burst until its
   * write committed; one string each, the ingest bench's 50,000-event burst
   * took 2.62 s against 3.06 s (medians of three alternating pairs), its
   * loop delay p99 the same (38.0 against 38.1 ms).
   */
  texts: string[];
}

export class TicketCache {
  private readonly open = new Map<string, TicketState>();
  /** In closing order, oldest first. */
  private readonly recentlyClosed = new Map<string, TicketState>();
  private readonly staged = new Map<string, Staged>();
  private readonly evicted: ((key: string) => void)[] = [];

  /** The newest state of a ticket the engine keeps: staged, open or recently closed. */
  kept(key: string): TicketState | undefined {
    return this.staged.get(key)?.state ?? this.open.get(key) ?? this.recentlyClosed.get(key);
  }

  /** Events of the ticket that writes not yet committed carry. */
  stagedEvents(key: string): readonly FeedEvent[] {
    return this.staged.get(key)?.texts.map(parseStored) ?? [];
  }

  /** A new state of a ticket, carried by write `unit` together with its events (`texts`, as the store keeps them). */
  stage(state: TicketState, unit: number, texts: readonly string[]): void {
    const earlier = this.staged.get(state.key);
    // The list is the cache's own: a ticket's events in one unit are appended, not copied again at each slice.
    if (earlier) earlier.texts.push(...texts);
    this.staged.set(state.key, { state, unit, texts: earlier ? earlier.texts : [...texts] });
  }

  /** Write `unit` committed: its states become what the boards see. */
  committed(unit: number, states: Iterable<TicketState>): void {
    for (const state of states) {
      const staged = this.staged.get(state.key);
      if (staged?.unit === unit) this.staged.delete(state.key);
      this.keep(state);
    }
  }

  /** A ticket's committed state, open or recently closed, by key. */
  committedState(key: string): TicketState | undefined {
    return this.open.get(key) ?? this.recentlyClosed.get(key);
  }

  /** An open ticket's committed state, by key. */
  openTicket(key: string): TicketState | undefined {
    return this.open.get(key);
  }

  openStates(): IterableIterator<TicketState> {
    return this.open.values();
  }

  openKeys(): string[] {
    return [...this.open.keys()];
  }

  /** Replaces a committed state without a write (a re-evaluation at a later time). */
  update(state: TicketState): void {
    if (this.open.has(state.key)) this.open.set(state.key, state);
    else if (this.recentlyClosed.has(state.key)) this.recentlyClosed.set(state.key, state);
  }

  /** Staged tickets that are closed with events after `at`: the store does not know them yet. */
  stagedClosedAfter(at: number): TicketState[] {
    const out: TicketState[] = [];
    for (const { state } of this.staged.values()) {
      const { fold } = state;
      if (!isOpenStage(fold.facts.stage) && fold.lastAt !== null && fold.lastAt > at) out.push(state);
    }
    return out;
  }

  /** Called with each key the cache stops keeping (so whoever keeps something per ticket can drop it). */
  onEvicted(listener: (key: string) => void): void {
    this.evicted.push(listener);
  }

  /** Forgets everything (after a lost write): the caller reloads from the store. */
  clear(): string[] {
    const keys = [...new Set([...this.open.keys(), ...this.recentlyClosed.keys(), ...this.staged.keys()])];
    this.open.clear();
    this.recentlyClosed.clear();
    this.staged.clear();
    return keys;
  }

  /** Forgets the recently closed tickets closed before `before` (retention purged them). */
  forgetClosedBefore(before: number): void {
    for (const [key, state] of this.recentlyClosed) {
      const closedAt = state.fold.facts.closedAt;
      if (closedAt !== null && closedAt < before) {
        this.recentlyClosed.delete(key);
        for (const listener of this.evicted) listener(key);
      }
    }
  }

  /** Keeps an open ticket's state, or a closed one's among the recently closed. */
  keep(state: TicketState): void {
    if (isOpenStage(state.fold.facts.stage)) {
      this.open.set(state.key, state);
      this.recentlyClosed.delete(state.key);
      return;
    }
    this.open.delete(state.key);
    this.recentlyClosed.delete(state.key);
    this.recentlyClosed.set(state.key, state);
    if (this.recentlyClosed.size <= RECENTLY_CLOSED) return;
    const oldest = this.recentlyClosed.keys().next().value!;
    this.recentlyClosed.delete(oldest);
    if (!this.staged.has(oldest)) for (const listener of this.evicted) listener(oldest);
  }
}

// The sources as the engine knows them: how far each has been consumed (staged
// for the next events, committed for the next subscribe after a restart), its
// announced head and its quarantine count. Kept in memory so the feed path
// reads no SQL; every change goes into the open write with the events.
import type { SourceInfo } from '../../../shared/protocol';
import type { Reads } from '../store/db';
import { sourceWrites, type SourceRow } from '../store/sources';
import type { WriteBatch } from '../store/statements';

export class SourceCursors {
  private readonly rows = new Map<string, SourceRow>();
  private readonly committedSince = new Map<string, number>();
  private readonly quarantined = new Map<string, number>();
  /**
   * Event ids in writes not committed yet, by write and source: the store cannot
   * tell they are taken. A committed write's ids go in one step (a few writes
   * are under way at once, each of up to 50,000 ids).
   */
  private readonly stagedIds = new Map<number, Map<string, Set<string>>>();
  /** Events refused without a place in the stream, by `source id seq`: counted once however often they are served. */
  private readonly refused = new Set<string>();

  load(reads: Reads): void {
    this.rows.clear();
    this.committedSince.clear();
    this.stagedIds.clear();
    for (const row of reads.sources.all()) {
      this.rows.set(row.id, row);
      this.committedSince.set(row.id, row.since);
    }
    this.quarantined.clear();
    for (const [source, n] of reads.quarantine.countsBySource()) this.quarantined.set(source, n);
  }

  /** A source as its subscribe acknowledgement describes it (protocol 1.0 when it names none). */
  register(batch: WriteBatch, info: SourceInfo, url: string, protocol: { protocol: string; features: readonly string[] } = { protocol: '1.0', features: [] }): void {
    const known = this.rows.get(info.id);
    this.rows.set(info.id, {
      ...info,
      url,
      since: known?.since ?? 0,
      headSeq: known?.headSeq ?? null,
      lastBatchAt: known?.lastBatchAt ?? null,
      protocol: protocol.protocol,
      features: [...protocol.features],
    });
    if (!this.committedSince.has(info.id)) this.committedSince.set(info.id, 0);
    sourceWrites.upsert(batch, info, url, protocol);
  }

  byId(id: string): SourceRow | undefined {
    return this.rows.get(id);
  }

  byUrl(url: string): SourceRow | undefined {
    return [...this.rows.values()].filter((row) => row.url === url).sort((a, b) => (a.id < b.id ? -1 : 1))[0];
  }

  all(): SourceRow[] {
    return [...this.rows.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The last seq consumed, including writes not yet committed: where the next event must continue. */
  since(id: string): number {
    return this.rows.get(id)?.since ?? 0;
  }

  /** The last seq consumed that is on disk. */
  durableSince(id: string): number {
    return this.committedSince.get(id) ?? 0;
  }

  advance(batch: WriteBatch, id: string, since: number, at: number): void {
    const row = this.rows.get(id);
    if (!row) throw new Error(`unknown source ${id}: register it before applying its events`);
    this.rows.set(id, { ...row, since, lastBatchAt: at });
    sourceWrites.advance(batch, id, since, at);
  }

  setHead(batch: WriteBatch, id: string, headSeq: number): void {
    const row = this.rows.get(id);
    if (row) this.rows.set(id, { ...row, headSeq });
    sourceWrites.setHead(batch, id, headSeq);
  }

  /** Ids among `ids` the source already has, stored or in a write under way. */
  takenIds(reads: Reads, source: string, ids: readonly string[]): Set<string> {
    const taken = reads.events.storedIds(source, ids);
    for (const ofUnit of this.stagedIds.values()) {
      const staged = ofUnit.get(source);
      if (staged) for (const id of ids) if (staged.has(id)) taken.add(id);
    }
    return taken;
  }

  /** Ids that write `unit` stores. */
  stageIds(unit: number, source: string, ids: readonly string[]): void {
    if (ids.length === 0) return;
    let ofUnit = this.stagedIds.get(unit);
    if (!ofUnit) this.stagedIds.set(unit, (ofUnit = new Map()));
    let set = ofUnit.get(source);
    if (!set) ofUnit.set(source, (set = new Set()));
    for (const id of ids) set.add(id);
  }

  /** Write `unit` committed: its sources' consumed seqs are durable, its ids readable from the store. */
  committed(unit: number, since: ReadonlyMap<string, number>): void {
    for (const [id, seq] of since) this.committedSince.set(id, seq);
    this.stagedIds.delete(unit);
  }

  /**
   * Whether an event refused without a place in the stream is new: neither
   * refused in this run (its write may not be on disk yet) nor quarantined in
   * the store. Events without an id cannot be told apart: always new.
   */
  refusedFirst(reads: Reads, source: string, eventId: string | null, seq: number | null): boolean {
    if (eventId === null) return true;
    const key = `${source}\u0000${eventId}\u0000${seq}`;
    if (this.refused.has(key) || reads.quarantine.holds(source, eventId, seq)) return false;
    // Bounded: past it, the store (and the write's own check) still keep each event once.
    if (this.refused.size >= 10_000) this.refused.clear();
    this.refused.add(key);
    return true;
  }

  quarantinedCount(id: string): number {
    return this.quarantined.get(id) ?? 0;
  }

  addQuarantined(id: string, delta: number): void {
    if (delta !== 0) this.quarantined.set(id, this.quarantinedCount(id) + delta);
  }
}

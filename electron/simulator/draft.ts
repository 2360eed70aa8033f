import type { FeedEvent, SourceEvent } from '../../shared/protocol';

type WithoutSeq<E> = E extends FeedEvent ? Omit<E, 'seq'> : never;

/** An event before a source numbers it: the generator and recorded logs make these, a feed server assigns `seq`. */
export type DraftEvent = WithoutSeq<FeedEvent>;

/** Anything a 1.1 source appends to its stream before numbering it: a ticket's event or a source event (a handover's echo). */
export type StreamDraft = DraftEvent | Omit<SourceEvent, 'seq'>;

/** The simulator's two upstream systems: the group one-stop system and the provincial electronic operations system. */
export type SourceRole = 'group' | 'province';

export function withSeq(draft: DraftEvent, seq: number): FeedEvent {
  return { seq, ...draft } as FeedEvent;
}

import type { FeedEvent } from '../../shared/protocol';

type WithoutSeq<E> = E extends FeedEvent ? Omit<E, 'seq'> : never;

/** An event before a source numbers it: the generator and recorded logs make these, a feed server assigns `seq`. */
export type DraftEvent = WithoutSeq<FeedEvent>;

/** The simulator's two upstream systems: the group one-stop system and the provincial electronic operations system. */
export type SourceRole = 'group' | 'province';

export function withSeq(draft: DraftEvent, seq: number): FeedEvent {
  return { seq, ...draft } as FeedEvent;
}

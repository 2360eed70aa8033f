// Event logs as JSON Lines: one protocol event per line, the format `noc replay` serves.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { FeedEvent } from '../../shared/protocol';
import type { SourceRole } from './draft';
import { withSeq } from './draft';
import type { DraftEvent } from './draft';
import type { GeneratorOptions } from './generator';
import { EventStream } from './generator';

/** Writes one JSON object per line; returns the number of lines. */
export async function writeJsonl(events: Iterable<object>, file: string): Promise<number> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const closed = once(out, 'close');
  let lines = 0;
  let chunk = '';
  try {
    for (const event of events) {
      chunk += `${JSON.stringify(event)}\n`;
      lines += 1;
      // Joined chunks keep millions of lines from becoming millions of writes.
      if (chunk.length >= 1 << 16) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    out.end(chunk);
  } catch (error) {
    out.destroy();
    throw error;
  }
  await closed;
  return lines;
}

export interface SequencedLogOptions extends GeneratorOptions {
  tickets: number;
  /** Which source's events; 'all' merges both into one numbered stream. */
  source?: SourceRole | 'all';
}

/** The generator's events of `tickets` tickets in `at` order, numbered from seq 1 as one source would number them. */
export function* sequencedEvents(options: SequencedLogOptions): Generator<FeedEvent> {
  const stream = new EventStream(options);
  const wanted = options.source ?? 'all';
  const due: DraftEvent[] = [];
  const collect = (event: DraftEvent, role: SourceRole) => {
    if (wanted === 'all' || role === wanted) due.push(event);
  };
  let seq = 0;
  for (let at = stream.nextAt(); at !== Infinity; at = stream.nextAt()) {
    stream.drain(at, collect);
    for (const event of due) {
      seq += 1;
      yield withSeq(event, seq);
    }
    due.length = 0;
  }
}

/** `noc simulate --dump FILE --tickets N`: a generated log that `noc replay` serves. */
export function dumpSimulatedLog(file: string, options: SequencedLogOptions): Promise<number> {
  return writeJsonl(sequencedEvents(options), file);
}

// The upstream source of the ingest bench, run in a child process: upstream is
// another machine in production, so its serialisation must not load the
// console's event loop. It serves the first `backlog` generated events at once
// and appends the next `burst` when the parent asks.
import { startFeedServer } from '../electron/simulator/server';
import type { RawDraft } from '../electron/simulator/server';
import { benchEvents, BENCH_SOURCE, BENCH_TOKEN, type FeedChildMessage, type FeedParentMessage } from './ingest';

function reply(message: FeedChildMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const [backlog, burst] = process.argv.slice(2).map(Number) as [number, number];
  // The server numbers what it appends; the generator's seqs start at 1 too, so both sides agree.
  const drafts: RawDraft[] = benchEvents(backlog + burst).map(({ seq: _seq, ...rest }) => rest);
  const server = await startFeedServer({ source: BENCH_SOURCE, token: BENCH_TOKEN });
  server.append(drafts.slice(0, backlog));
  process.on('message', (message: FeedParentMessage) => {
    if (message === 'burst') reply({ headSeq: server.append(drafts.slice(backlog)) });
    else void server.close().then(() => process.exit(0));
  });
  reply({ url: server.url, headSeq: server.headSeq() });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

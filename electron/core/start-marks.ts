// The phases of a start as User Timing marks in Node's timeline, each made once
// per process (shared/contract START_MARKS). With NOC_START_MARKS=1 in its
// environment the process also prints each as it is made, in epoch ms, for
// bench/coldstart.ts to read from its output.
import type { START_MARKS } from '../../shared/contract';

export type StartMark = (typeof START_MARKS)[keyof typeof START_MARKS];

const made = new Set<StartMark>();

export function markStart(name: StartMark): void {
  if (made.has(name)) return;
  made.add(name);
  const mark = performance.mark(name);
  if (process.env.NOC_START_MARKS === '1') console.log(`start mark ${name} ${Math.round(performance.timeOrigin + mark.startTime)}`);
}

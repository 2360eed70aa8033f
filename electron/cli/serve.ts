// `noc simulate` and `noc replay`: long-running upstream sources for the console.
import { startSimulator } from '../simulator/simulator';
import { startReplay } from '../simulator/replay';
import { number, protocolVersion, required } from './options';

interface ServeArgs {
  port?: string;
  speed?: string;
  protocol?: string;
}

export async function simulate(args: ServeArgs & { seed?: string; journal?: string }, stopSignal: Promise<void>, print: (line: string) => void): Promise<void> {
  const simulator = await startSimulator({
    port: number(args.port, '--port', 0),
    seed: number(args.seed, '--seed', 1),
    speed: number(args.speed, '--speed', 1),
    protocol: protocolVersion(args.protocol),
    journal: args.journal,
  });
  for (const source of simulator.sources) print(`${source.id} ${source.level} ${source.url} token=${source.token} (${source.name})`);
  await stopSignal;
  await simulator.close();
}

export async function replay(file: string | undefined, args: ServeArgs, stopSignal: Promise<void>, print: (line: string) => void): Promise<void> {
  const served = await startReplay({
    file: required(file, 'FILE.jsonl'),
    port: number(args.port, '--port', 0),
    speed: number(args.speed, '--speed', 1),
    protocol: protocolVersion(args.protocol),
  });
  print(`${served.source.id} ${served.source.level} ${served.url} token=${served.token} (${served.total} events)`);
  await stopSignal;
  await served.close();
}

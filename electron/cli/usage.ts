import { REPORT_USAGE } from './report-command';
import { HANDOVER_USAGE } from './handover';

export const USAGE: Readonly<Record<string, string>> = {
  simulate: `noc simulate [--port N] [--seed S] [--speed X] [--protocol 1.0|1.1] [--journal FILE]
  Serves the simulated province: the group source on port N, the province source on N+1
  (default: two free ports). Prints each source's URL and token; runs until Ctrl-C.
  Protocol 1.1 (the default) echoes reports, takes claims and answers checks and urges;
  --protocol 1.0 serves the old protocol without them. --journal keeps the echoes,
  claims, replies and filed reports in FILE, so a restart the same day serves the same stream.`,
  replay: `noc replay FILE.jsonl [--port N] [--speed X] [--protocol 1.0|1.1]
  Serves a recorded event log (one JSON event per line) as a source, X times as fast
  as recorded (0: all at once). Prints the URL and token; runs until Ctrl-C.
  --protocol as for simulate.`,
  ingest: `noc ingest --source URL (--token-file F | env NOC_TOKEN) --db FILE [--until-caught-up [--give-up-after DURATION]] [--policy FILE]
  Connects to a source and applies its events to the cache FILE. With --until-caught-up it
  exits 0 once everything up to the source's head is applied, riding out dropped connections
  (it reconnects with back-off and resumes where it stopped); it fails at once on
  'unauthorized' or a cache from a newer version, and after DURATION (default 5m; e.g. 90s,
  10m, 1h) without applying anything, naming the last error. Otherwise it follows live.
  The token file must have mode 0600.`,
  check: `noc check --source URL (--token-file F | env NOC_TOKEN) --db FILE --ticket ID --operator NAME [--console NAME] [--locale zh-CN|en] [--give-up-after DURATION]
  核实: asks the city NOC and the handler where the ticket's repair stands, through the
  source, as the console's 核实 button does. The cache catches up first; each check is
  claimed for the running check cycle, and a cycle another console holds is left to it
  (printed as yielded, with who is reporting). Prints the reports as JSON once each is
  acknowledged, refused (exit 1) or yielded. --operator defaults to env NOC_OPERATOR,
  --console to this machine's name.`,
  urge: `noc urge --source URL (--token-file F | env NOC_TOKEN) --db FILE --ticket ID --to city-noc|handler --clock NAME [--index N] --operator NAME [--console NAME] [--locale zh-CN|en]
  催办: presses the city NOC or the handler on one clock of the ticket (its latest instance,
  or the N-th from 1) that runs in warning or breached; any other is refused with why.
  Prints the report as JSON once it is acknowledged or refused (exit 1).`,
  board: `noc board --db FILE --level group|province [--at TIME] [--policy FILE] --json
  Prints the escalation board as it stood at TIME (default now): the open tickets of that
  board, most urgent first, with their clocks (the check clock among them) and their
  supervision (each party's last check and its reply, the last reply, claims). TIME is RFC 3339, e.g. 2026-11-22T10:00:00+08:00.`,
  breaches: `noc breaches --db FILE --from TIME --to TIME --by DIMS [--policy FILE] --json
  Counts the clocks that started in [from, to) and those of them breached or met late at
  'to'. DIMS: two of city, clock, hour, service, tier, e.g. city,clock | city,hour | service,tier.`,
  predict: `noc predict --db FILE --at TIME [--level group|province|all] [--policy FILE] --json
  Prints the breach risk of every running clock (ok or warning) of the tickets open at TIME
  (all of them, or those of one board), riskiest first: the probability that it stops after
  its limit given how long it has run, its expected stop time (median, 80th percentile) and
  the basis (how many similar closed clocks, in which stratum), from the clocks in the cache
  as the events up to TIME tell them. probability null with similar 0: too little history.`,
  rebuild: `noc rebuild --db FILE [--policy FILE]
  Recomputes the ticket projection and its clocks from the stored events.`,
  report: REPORT_USAGE,
  handover: HANDOVER_USAGE,
  help: `noc help [COMMAND]
  Shows every command, or one command's usage.`,
};

export function usageOf(command?: string): string {
  if (command !== undefined && USAGE[command]) return USAGE[command];
  return `noc: the NOC console's command line\n\n${Object.values(USAGE).join('\n\n')}\n`;
}

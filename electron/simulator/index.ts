// The simulator's public face for the `noc` CLI, the shells' default source and the bench.
// Every source URL is `http://HOST:PORT` without the namespace; a client connects with
// `io(url + FEED_NAMESPACE, { auth: { token, client } })`, i.e. `io('http://127.0.0.1:PORT/noc', …)`.
export type { DraftEvent, SourceRole } from './draft';
export { withSeq } from './draft';
export type { EventSink, GenerateLimit, GeneratorOptions } from './generator';
export { EventStream, GENERATOR_DEFAULTS, TicketFactory, generateTickets } from './generator';
export type { EmbeddedProvince, EmbeddedProvinceRequest } from './embedded';
export { startEmbeddedProvince } from './embedded';
export type { GeneratedTicket } from './lifecycle';
export type { SequencedLogOptions } from './jsonl';
export { dumpSimulatedLog, sequencedEvents, writeJsonl } from './jsonl';
export type { Province } from './province';
export { buildProvince } from './province';
export type { Replay, ReplayOptions } from './replay';
export { DEFAULT_REPLAY_TOKEN, startReplay } from './replay';
export type { FeedFaults, FeedServer, FeedServerOptions, FiledReport, MalformedKind, RawDraft, ReportRefusal, ReportRule, WireEvent } from './server';
export { startFeedServer } from './server';
export type { SimulatedSource, Simulator, SimulatorFault, SimulatorOptions } from './simulator';
export { SIMULATED_SOURCES, startSimulator } from './simulator';
export type { WallClock } from './time';
export { systemClock } from './time';

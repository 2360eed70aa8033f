// The simulated province as the core sees it: the upstream a shell may hand
// the core for when config.json names no source. The core defines what it
// needs; the shells (Electron, web mode, tests) build one from electron/simulator,
// so the simulator never ships inside the core (eslint.config.mjs, layer core).
import type { ProtocolVersion } from '../../../shared/protocol';
import type { SourceConfig } from '../config';
import type { TokenStore } from './tokens';

export interface SimulatedProvince {
  /** Its sources, as config.json would name them. */
  readonly sources: readonly SourceConfig[];
  readonly tokens: TokenStore;
  close(): Promise<void>;
}

export interface SimulatedProvinceRequest {
  /** Where it may keep its own state, so a restart serves the same stream. */
  dataDir: string;
  seed: number;
  /** Simulated seconds per real second. */
  speed: number;
  now: () => number;
  /** The protocol it speaks (1.1 unless told): 1.0 to see the console fall back to its outbox. */
  protocol?: ProtocolVersion;
  /**
   * Forgets all the cache holds of these sources. A province beginning a new
   * history calls it before it records that history, so a crash in between
   * cannot leave the old rows under the new stream's seqs.
   */
  forgetSources(sourceIds: readonly string[]): Promise<void>;
}

export type StartSimulatedProvince = (request: SimulatedProvinceRequest) => Promise<SimulatedProvince>;

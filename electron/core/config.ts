import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { PROTOCOL_VERSIONS, SOURCE_LEVELS } from '../../shared/protocol';

export const sourceConfig = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
  name: z.string().min(1),
  url: z.url(),
  level: z.enum(SOURCE_LEVELS).optional(),
  /** Read the token from this environment variable… */
  tokenEnv: z.string().optional(),
  /** …or from this file, which must be readable by its owner only (0600). */
  tokenFile: z.string().optional(),
});
export type SourceConfig = z.infer<typeof sourceConfig>;

export const consoleConfig = z.object({
  /** Upstream feeds; none means the embedded simulated province. */
  sources: z.array(sourceConfig).default([]),
  /** A policy file replacing resources/policy/default.json; reloaded when it changes. */
  policyFile: z.string().optional(),
  simulator: z
    .object({
      seed: z.number().int().default(20261122),
      speed: z.number().positive().default(1),
      /** The protocol the simulated province speaks: 1.0 shows the console without echo, claims or replies. */
      protocol: z.enum(PROTOCOL_VERSIONS).default('1.1'),
    })
    .default({ seed: 20261122, speed: 1, protocol: '1.1' }),
});
export type ConsoleConfig = z.infer<typeof consoleConfig>;

/** Where the cache, settings and config live when nobody says otherwise. */
export function defaultDataDir(): string {
  if (process.env.NOC_DATA_DIR) return process.env.NOC_DATA_DIR;
  const base = process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
  return join(base, 'noc-console');
}

/** Reads `config.json` from the data directory (or NOC_CONFIG); absent means defaults. */
export function loadConfig(dataDir: string): ConsoleConfig {
  const file = process.env.NOC_CONFIG ?? join(dataDir, 'config.json');
  if (!existsSync(file)) return consoleConfig.parse({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = consoleConfig.safeParse(raw);
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

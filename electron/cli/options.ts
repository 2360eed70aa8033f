import { readFileSync } from 'node:fs';
import { loadDefaultPolicy, parsePolicy, type Policy } from '../../shared/domain';
import { PROTOCOL_VERSIONS, type ProtocolVersion } from '../../shared/protocol';

/** A usage error: printed with the command's usage text, exit code 2. */
export class UsageError extends Error {}

export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new UsageError(`missing ${flag}`);
  return value;
}

export function number(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new UsageError(`${flag} must be a number, got ${value}`);
  return parsed;
}

/** `--protocol`: the feed protocol version a served source speaks; 1.1 unless told. */
export function protocolVersion(value: string | undefined): ProtocolVersion {
  if (value === undefined) return '1.1';
  const version = PROTOCOL_VERSIONS.find((known) => known === value);
  if (version === undefined) throw new UsageError(`--protocol must be ${PROTOCOL_VERSIONS.join(' or ')}, got ${value}`);
  return version;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** A duration like 90s, 5m, 5min, 1h or 500ms, in milliseconds. */
export function duration(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|min|h)$/.exec(value.trim());
  if (!match || !(Number(match[1]) > 0)) throw new UsageError(`${flag} must be a duration such as 30s, 5m or 1h; got ${value}`);
  return Number(match[1]) * DURATION_UNITS[match[2]!]!;
}

/** A duration as people write it: 2 s, 5 min, 1.5 h. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${ms / 1000} s`;
  if (ms < 3_600_000) return `${ms / 60_000} min`;
  return `${ms / 3_600_000} h`;
}

/** RFC 3339 with an offset (e.g. 2026-11-22T09:30:00+08:00) to epoch ms. */
export function time(value: string, flag: string): number {
  const ms = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new UsageError(`${flag} must be RFC 3339 with an offset, e.g. 2026-11-22T09:30:00+08:00; got ${value}`);
  return ms;
}

export function policyFrom(file: string | undefined): Policy {
  if (file === undefined) return loadDefaultPolicy();
  const parsed = parsePolicy(readFileSync(file, 'utf8'));
  if (parsed.ok) return parsed.policy;
  const lines = parsed.errors.map((e) => `  ${file}:${e.line} ${e.path || '(root)'}: ${e.message}`);
  throw new Error(`invalid policy:\n${lines.join('\n')}`);
}

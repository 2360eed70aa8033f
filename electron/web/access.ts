// Who may talk to web mode. A browser tab of another site on the same machine
// can open a WebSocket to 127.0.0.1 (browsers apply no same-origin rule to
// WebSockets) and a DNS-rebound name can make the console's address look like
// the attacker's site, so every request must name the console itself: its Host
// one the server was started for, and its Origin, when a browser sends one,
// the console's own. Token guesses are slowed per address.
import { networkInterfaces } from 'node:os';
import { isIP } from 'node:net';

/** Web mode's tokens are at least this long: a short one falls to guessing even with back-off. */
export const MIN_TOKEN_LENGTH = 16;

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Names that reach the server by binding `bind`: loopback, the bound address (every interface's for a wildcard), and the given ones. */
export function hostNamesFor(bind: string, allowHosts: readonly string[]): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1', bind, ...allowHosts].map((name) => name.toLowerCase()));
  if (bind === '0.0.0.0' || bind === '::') {
    for (const addresses of Object.values(networkInterfaces())) for (const address of addresses ?? []) names.add(address.address.toLowerCase());
  }
  return names;
}

/** host[:port] of a Host header or an origin, without brackets around an IPv6 address; null when it is not one. */
function hostAndPort(value: string, defaultPort: number): { name: string; port: number } | null {
  try {
    const url = new URL(`http://${value}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
    const name = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    return { name, port: url.port === '' ? defaultPort : Number(url.port) };
  } catch {
    return null;
  }
}

export interface AccessRules {
  names: ReadonlySet<string>;
  port: number;
}

/**
 * Why a request is refused, or null when it may go on. `host` is the Host
 * header; `origin` the Origin header, which browsers send on every WebSocket
 * handshake and cross-origin request (a non-browser client sends none, and
 * could forge both anyway: the token is what stops it).
 */
export function refusal(rules: AccessRules, host: string | undefined, origin: string | undefined): string | null {
  const named = host === undefined ? null : hostAndPort(host, 80);
  if (!named || !rules.names.has(named.name) || named.port !== rules.port) {
    return `Host ${JSON.stringify(host ?? '')} is not a name this console was started for; add it with --allow-host NAME`;
  }
  if (origin === undefined) return null;
  const match = /^http:\/\/(.+)$/.exec(origin);
  const from = match ? hostAndPort(match[1]!, 80) : null;
  if (!from || !rules.names.has(from.name) || from.port !== rules.port) {
    return `Origin ${JSON.stringify(origin)} is not the console's own: pages of other sites may not use it`;
  }
  return null;
}

/** An address literal or name fit for --allow-host. */
export function validHostName(name: string): boolean {
  return isIP(name) !== 0 || /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(name);
}

export interface FailedAttemptsOptions {
  now(): number;
  /** The wait after the first failure; each further one doubles it. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** An address that has not failed for this long starts over. */
  forgetAfterMs?: number;
}

interface Record {
  failures: number;
  blockedUntil: number;
  lastFailure: number;
}

/**
 * Per-address back-off after failed token handshakes: after n failures in a
 * row the address waits min(max, first × 2^(n−1)) before its next handshake
 * is even looked at, so guessing runs at about one try a minute (it ran at
 * 316 a second). A success starts the address over.
 */
export class FailedAttempts {
  private readonly records = new Map<string, Record>();
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly forgetAfterMs: number;

  constructor(private readonly options: FailedAttemptsOptions) {
    this.firstDelayMs = options.firstDelayMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
    this.forgetAfterMs = options.forgetAfterMs ?? 15 * 60_000;
  }

  /** Milliseconds `address` must still wait; 0 when it may try. */
  waitFor(address: string): number {
    const record = this.records.get(address);
    return record ? Math.max(0, record.blockedUntil - this.options.now()) : 0;
  }

  failed(address: string): void {
    const now = this.options.now();
    const earlier = this.records.get(address);
    const failures = earlier && now - earlier.lastFailure <= this.forgetAfterMs ? earlier.failures + 1 : 1;
    const delay = Math.min(this.maxDelayMs, this.firstDelayMs * 2 ** Math.min(failures - 1, 30));
    this.records.set(address, { failures, blockedUntil: now + delay, lastFailure: now });
    if (this.records.size > 10_000) this.forget(now);
  }

  succeeded(address: string): void {
    this.records.delete(address);
  }

  /** Drops addresses that stopped failing long ago (then the oldest), so many addresses cannot grow the map without bound. */
  private forget(now: number): void {
    for (const [address, record] of this.records) if (now - record.lastFailure > this.forgetAfterMs) this.records.delete(address);
    for (const address of this.records.keys()) {
      if (this.records.size <= 10_000) break;
      this.records.delete(address);
    }
  }
}

import { z } from 'zod';
import { SOURCE_LEVELS } from '../protocol';
import { request } from './define';
import { epochMs } from './common';

/** `lastError` of a configured source that could not start because no token is configured. */
export const FEED_NO_TOKEN = 'no token configured';

/** `NOC_TOKEN_<ID>`: the source id upper-cased, every other character than A-Z and 0-9 as `_`. */
export function tokenEnvName(sourceId: string): string {
  return `NOC_TOKEN_${sourceId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export const feedHealth = z.object({
  sourceId: z.string(),
  name: z.string(),
  url: z.string(),
  level: z.enum(SOURCE_LEVELS).nullable(),
  state: z.enum(['connecting', 'connected', 'disconnected', 'unauthorized']),
  lastEventAt: epochMs.nullable(),
  lastHeartbeatAt: epochMs.nullable(),
  appliedSeq: z.number().int(),
  headSeq: z.number().int().nullable(),
  lag: z.number().int().nullable(),
  clockSkewMs: z.number().nullable(),
  quarantined: z.number().int(),
  lastError: z.string().nullable(),
  nextRetryAt: epochMs.nullable(),
});
export type FeedHealth = z.infer<typeof feedHealth>;

export const feedStatus = z.object({
  sources: z.array(feedHealth),
  /** Set when no feed is connected: the moment the last one went down. */
  staleSince: epochMs.nullable(),
});
export type FeedStatus = z.infer<typeof feedStatus>;

export const quarantineEntry = z.object({
  id: z.number().int(),
  sourceId: z.string(),
  seq: z.number().int().nullable(),
  eventId: z.string().nullable(),
  ticketId: z.string().nullable(),
  reason: z.string(),
  raw: z.string(),
  receivedAt: epochMs,
});
export type QuarantineEntry = z.infer<typeof quarantineEntry>;

export const feedRequests = {
  'feed:status': request(z.object({}), feedStatus),
  'feed:quarantine': request(
    z.object({ sourceId: z.string().optional(), limit: z.number().int().min(1).max(1000).default(200) }),
    z.array(quarantineEntry),
  ),
  /**
   * A token typed on the Feeds page (Electron: kept encrypted by the OS keychain).
   * The source reconnects with it at once; `restartNeeded` is false since then.
   * Where the core has no token store (web mode) it fails: see app:info's `feedTokens`.
   */
  'feed:set-token': request(
    z.object({ sourceId: z.string().min(1), token: z.string().min(1).max(4096) }),
    z.object({ stored: z.boolean(), restartNeeded: z.boolean() }),
  ),
};

export const feedPushes = {
  'feed:status': feedStatus,
};

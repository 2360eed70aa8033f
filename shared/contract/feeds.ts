import { z } from 'zod';
import { SOURCE_LEVELS } from '../protocol';
import { request } from './define';
import { epochMs } from './common';

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
  /** Electron only: a token typed into Settings, kept encrypted by the OS keychain. */
  'feed:set-token': request(
    z.object({ sourceId: z.string().min(1), token: z.string().min(1).max(4096) }),
    z.object({ stored: z.boolean(), restartNeeded: z.boolean() }),
  ),
};

export const feedPushes = {
  'feed:status': feedStatus,
};

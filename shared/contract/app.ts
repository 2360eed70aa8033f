import { z } from 'zod';
import { request } from './define';
import { epochMs } from './common';

export const appRequests = {
  'app:info': request(
    z.object({}),
    z.object({
      name: z.string(),
      version: z.string(),
      shell: z.enum(['electron', 'web']),
      policyVersion: z.string(),
      now: epochMs,
      /**
       * How feed tokens are set: `typed` on the Feeds page (the core has a token store: Electron),
       * `config` only in config.json / the environment (web mode), `simulated` not at all
       * (the embedded simulated province needs none).
       */
      feedTokens: z.enum(['typed', 'config', 'simulated']),
      /** Start-up and policy-file problems the user must see (a refused policy names its lines). */
      problems: z.array(z.string()),
    }),
  ),
};

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
      operator: z.string(),
      /** Start-up and policy-file problems the user must see (a refused policy names its lines). */
      problems: z.array(z.string()),
    }),
  ),
};

import { z } from 'zod';

/** RFC 3339 with an explicit offset or Z, as the protocol requires. */
export const rfc3339 = z.iso.datetime({ offset: true });

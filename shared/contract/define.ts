import type { z } from 'zod';

/** One request channel: what the renderer sends and what main answers. */
export interface RequestSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  args: A;
  result: R;
}

export function request<A extends z.ZodType, R extends z.ZodType>(args: A, result: R): RequestSpec<A, R> {
  return { args, result };
}

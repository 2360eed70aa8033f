import { z } from 'zod';
import { request } from './define';
import { epochMs } from './common';
import { periodArgs } from './heatmap';

/**
 * Predicted against actual breaches per Shanghai day: every clock that started
 * that day and got a figure, its breach probability at its start from the
 * history known then, summed; and how many of those had breached (or ended
 * late) by the period's end.
 */
export const riskDaily = z.object({
  from: epochMs,
  to: epochMs,
  days: z.array(
    z.object({
      day: z.string(),
      dayStart: epochMs,
      clocks: z.number().int().min(0),
      predicted: z.number().min(0),
      actual: z.number().int().min(0),
    }),
  ),
  /** Clocks that started in the period without a figure (too little history then). */
  unknown: z.number().int().min(0),
});
export type RiskDaily = z.infer<typeof riskDaily>;

export const riskRequests = {
  'risk:daily': request(periodArgs, riskDaily),
};

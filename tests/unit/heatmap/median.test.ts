// The median by selection (heatmap.ts) against the middle of the sorted values.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { median } from '../../../electron/core/heatmap/heatmap';

function sortedMedian(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

describe('median', () => {
  it('is the middle of the sorted values, or the mean of the two middle ones, whatever their order and repeats', () => {
    const values = fc.oneof(
      fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 60 }),
      fc.array(fc.integer({ min: 0, max: 86_400_000 }), { maxLength: 300 }),
      fc.array(fc.integer({ min: 0, max: 1_000 }), { maxLength: 300 }).map((list) => list.sort((a, b) => a - b)),
      fc.array(fc.integer({ min: 0, max: 1_000 }), { maxLength: 300 }).map((list) => list.sort((a, b) => b - a)),
    );
    fc.assert(
      fc.property(values, (list) => {
        expect(median(list)).toBe(sortedMedian(list));
      }),
      { numRuns: 2_000 },
    );
  });

  it('leaves its argument as it was', () => {
    const list = [5, 1, 4, 2, 3];
    median(list);
    expect(list).toEqual([5, 1, 4, 2, 3]);
  });
});

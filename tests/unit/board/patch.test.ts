// A board row goes whole once, then as the fields that changed: laid over the
// row the screen holds, a patch gives exactly the row the core made, and the
// contract validates patches as it validates rows.
import { describe, expect, it } from 'vitest';
import { boardDelta } from '../../../shared/contract';
import { isEmptyPatch, patchedRow, rowPatch } from '../../../shared/board/patch';
import { clock, row, T0 } from '../renderer/fixtures';

const base = row('s:T1', { boards: ['group'], clocks: [clock({ name: 'accept', index: 0 }), clock(), clock({ name: 'check', state: 'breached' })] });

describe('row patches', () => {
  it('carries only the changed fields, and changed clocks only by their changed fields', () => {
    const next = {
      ...base,
      handler: '值守2',
      center: null,
      risk: null,
      updatedAt: T0 + 5_000,
      clocks: [clock({ name: 'accept', index: 1, startedAt: T0 }), clock({ elapsedMs: 61 * 60_000 }), base.clocks[2]!],
    };
    const patch = rowPatch(base, next)!;
    expect(patch).toEqual({
      key: 's:T1',
      handler: '值守2',
      center: null,
      updatedAt: T0 + 5_000,
      ...(base.risk === null ? {} : { risk: null }),
      clocks: [{ index: 1, startedAt: T0 }, { elapsedMs: 61 * 60_000 }, {}],
    });
    expect(patchedRow(base, patch)).toEqual(next);
    // What goes over the wire is valid by the contract, and validation keeps it whole.
    const sent = boardDelta.parse(JSON.parse(JSON.stringify({ at: T0, upserts: [], patches: [patch], removes: [] })));
    expect(patchedRow(base, sent.patches[0]!)).toEqual(next);
  });

  it('compares nested values by content, so an equal row rebuilt is no change', () => {
    const rebuilt = JSON.parse(JSON.stringify(base)) as typeof base;
    const patch = rowPatch(base, rebuilt)!;
    expect(isEmptyPatch(patch)).toBe(true);
    expect(isEmptyPatch(rowPatch(base, { ...rebuilt, customer: { ...rebuilt.customer!, name: '南京地铁' } })!)).toBe(false);
  });

  it('sends the row whole when it lost clocks, and refuses a patch whose clocks do not line up with the row held', () => {
    const fewer = { ...base, clocks: base.clocks.slice(0, 2) };
    expect(rowPatch(base, fewer)).toBeNull();
    // Made against three clocks, laid over two: its third entry holds only what changed, not a clock.
    expect(patchedRow(fewer, rowPatch(base, { ...base, clocks: base.clocks.map((c) => ({ ...c, elapsedMs: 1 })) })!)).toBeNull();
  });

  it('carries a clock the row gained whole, after the changes to those it had', () => {
    const gained = clock({ name: 'accept', index: 1, startedAt: T0 + 60_000, state: 'ok' });
    const next = { ...base, stage: 'accepted' as const, clocks: [{ ...base.clocks[0]!, stoppedAt: T0 + 60_000 }, base.clocks[1]!, base.clocks[2]!, gained] };
    const patch = rowPatch(base, next)!;
    expect(patch.clocks).toEqual([{ stoppedAt: T0 + 60_000 }, {}, {}, gained]);
    expect(patchedRow(base, patch)).toEqual(next);
    const sent = boardDelta.parse(JSON.parse(JSON.stringify({ at: T0, upserts: [], patches: [patch], removes: [] })));
    expect(patchedRow(base, sent.patches[0]!)).toEqual(next);
    // Laid over an earlier patch and then over the row, or in turn: the same row.
    const earlier = { ...base, handler: '值守9' };
    const later = { ...next, handler: '值守9' };
    const both = patchedRow(rowPatch(base, earlier)!, rowPatch(earlier, later)!)!;
    expect(patchedRow(base, both)).toEqual(later);
    const afterGain = { ...later, clocks: later.clocks.map((c, i) => (i === 3 ? { ...c, elapsedMs: 5 } : c)) };
    const again = patchedRow(rowPatch(base, later)!, rowPatch(later, afterGain)!)!;
    expect(patchedRow(base, again)).toEqual(afterGain);
  });

  it('lays a later patch over an earlier one as the two would be applied in turn', () => {
    const first = { ...base, stage: 'accepted' as const, clocks: base.clocks.map((c, i) => (i === 1 ? { ...c, elapsedMs: 1 } : c)) };
    const second = { ...first, handler: '值守3', clocks: first.clocks.map((c, i) => (i === 0 ? { ...c, elapsedMs: 2 } : c)) };
    const both = patchedRow(rowPatch(base, first)!, rowPatch(first, second)!)!;
    expect(patchedRow(base, both)).toEqual(second);
  });
});

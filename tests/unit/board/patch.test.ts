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

  it('sends the row whole when its clocks no longer line up, and refuses a patch whose clocks do not', () => {
    const fewer = { ...base, clocks: base.clocks.slice(0, 2) };
    expect(rowPatch(base, fewer)).toBeNull();
    expect(patchedRow(fewer, rowPatch(base, { ...base, clocks: base.clocks.map((c) => ({ ...c, elapsedMs: 1 })) })!)).toBeNull();
  });

  it('lays a later patch over an earlier one as the two would be applied in turn', () => {
    const first = { ...base, stage: 'accepted' as const, clocks: base.clocks.map((c, i) => (i === 1 ? { ...c, elapsedMs: 1 } : c)) };
    const second = { ...first, handler: '值守3', clocks: first.clocks.map((c, i) => (i === 0 ? { ...c, elapsedMs: 2 } : c)) };
    const both = patchedRow(rowPatch(base, first)!, rowPatch(first, second)!)!;
    expect(patchedRow(base, both)).toEqual(second);
  });
});

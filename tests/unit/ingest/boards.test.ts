// The boards a ticket belongs on, and that every answer is one shared array
// that nothing can change (rows and alarms hold them: ingest/boards.ts).
import { describe, expect, it } from 'vitest';
import { emptyFold, loadDefaultPolicy } from '../../../shared/domain';
import { boardsOf } from '../../../electron/core/ingest/boards';
import { createdData } from '../domain/fixtures';

const policy = loadDefaultPolicy();

function factsOf(over: Parameters<typeof createdData>[0] = {}, faultLevel: number | null = null) {
  return { ...emptyFold('T').facts, incomplete: false, ...createdData(over), faultLevel };
}

describe('boardsOf', () => {
  it('puts a ticket on the group board, the province board, both or neither, group first', () => {
    expect(boardsOf(factsOf(), policy)).toEqual(['group']);
    expect(boardsOf(factsOf({}, 1), policy)).toEqual(['group', 'province']);
    expect(boardsOf(factsOf({ customer: { id: 'C-2', name: '省内客户', tier: 'province' } }), policy)).toEqual(['province']);
    expect(boardsOf(factsOf({ customer: { id: 'C-3', name: '其他客户', tier: 'localA' } }), policy)).toEqual([]);
    expect(boardsOf(factsOf({ customer: { id: 'C-3', name: '其他客户', tier: 'localA' }, circuit: { id: 'X', level: 'AAA' } }), policy)).toEqual(['province']);
    expect(boardsOf(emptyFold('T').facts, policy)).toEqual(['group', 'province']);
  });

  it('answers alike with one frozen array', () => {
    const first = boardsOf(factsOf(), policy);
    expect(boardsOf(factsOf({ city: '苏州' }), policy)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => (first as string[]).push('province')).toThrow(TypeError);
    expect(boardsOf(factsOf(), policy)).toEqual(['group']);
  });
});

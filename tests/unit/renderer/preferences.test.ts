import { describe, expect, it } from 'vitest';
import { loadColumns, loadViews, saveColumns, saveViews, upsertView } from '../../../renderer/src/pages/boards/preferences';

function memoryStorage() {
  const data = new Map<string, string>();
  return { getItem: (key: string) => data.get(key) ?? null, setItem: (key: string, value: string) => void data.set(key, value), data };
}

describe('desk preferences', () => {
  it('keeps column state per board', () => {
    const storage = memoryStorage();
    saveColumns(storage, 'group', [{ colId: 'city', width: 120 }]);
    expect(loadColumns(storage, 'group')).toEqual([{ colId: 'city', width: 120 }]);
    expect(loadColumns(storage, 'province')).toBeNull();
  });

  it('round-trips saved views and drops ones that no longer parse', () => {
    const storage = memoryStorage();
    saveViews(storage, 'group', [{ name: '南京超时', filter: { cities: ['南京'], clockStates: ['breached'] }, columns: [] }]);
    storage.data.set('noc.board.province.views', JSON.stringify([{ name: 'bad', filter: { services: ['no-such'] }, columns: [] }, 'junk']));
    expect(loadViews(storage, 'group')).toEqual([{ name: '南京超时', filter: { cities: ['南京'], clockStates: ['breached'] }, columns: [] }]);
    expect(loadViews(storage, 'province')).toEqual([]);
    storage.data.set('noc.board.group.views', '{not json');
    expect(loadViews(storage, 'group')).toEqual([]);
  });

  it('replaces a view saved under the same name', () => {
    const a = { name: 'A', filter: {}, columns: [] };
    const a2 = { name: 'A', filter: { text: 'x' }, columns: [] };
    const b = { name: 'B', filter: {}, columns: [] };
    expect(upsertView([a, b], a2)).toEqual([a2, b]);
    expect(upsertView([a], b)).toEqual([a, b]);
  });
});

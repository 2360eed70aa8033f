import type { ColumnState } from 'ag-grid-community';
import type { BoardFilter, BoardLevel } from '../../../../shared/contract';
import { boardFilter } from '../../../../shared/contract';

// Column layout and saved views are one person's desk habits, not shared data:
// they stay in this browser profile (localStorage), per board.

export interface SavedView {
  name: string;
  filter: BoardFilter;
  columns: ColumnState[];
}

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

const columnsKey = (level: BoardLevel) => `noc.board.${level}.columns`;
const viewsKey = (level: BoardLevel) => `noc.board.${level}.views`;

function read(storage: Storage, key: string): unknown {
  try {
    return JSON.parse(storage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

function isColumnStateList(value: unknown): value is ColumnState[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && 'colId' in item);
}

export function loadColumns(storage: Storage, level: BoardLevel): ColumnState[] | null {
  const value = read(storage, columnsKey(level));
  return isColumnStateList(value) ? value : null;
}

export function saveColumns(storage: Storage, level: BoardLevel, columns: ColumnState[]): void {
  storage.setItem(columnsKey(level), JSON.stringify(columns));
}

/** Saved views that no longer parse (an older build, a hand edit) are dropped, not fatal. */
export function loadViews(storage: Storage, level: BoardLevel): SavedView[] {
  const value = read(storage, viewsKey(level));
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { name, filter, columns } = item as Record<string, unknown>;
    const parsed = boardFilter.safeParse(filter);
    if (typeof name !== 'string' || !parsed.success || !isColumnStateList(columns)) return [];
    return [{ name, filter: parsed.data, columns }];
  });
}

/** Saving under an existing name replaces that view. */
export function upsertView(views: readonly SavedView[], view: SavedView): SavedView[] {
  const index = views.findIndex((existing) => existing.name === view.name);
  return index === -1 ? [...views, view] : views.map((existing, i) => (i === index ? view : existing));
}

export function saveViews(storage: Storage, level: BoardLevel, views: readonly SavedView[]): void {
  storage.setItem(viewsKey(level), JSON.stringify(views));
}

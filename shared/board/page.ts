// A board's whole list in pages (board:list with `after`): the rows in key
// order, each page the keys after the last page's last one. The core cuts the
// pages and the renderer settles each page's range with the same order.

/** Keys in the pages' order (UTF-16 code units, as JavaScript compares strings). */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `key` falls in the page after `after` that ends at `next` (null: the last page, to the end). */
export function inPage(key: string, after: string, next: string | null): boolean {
  return key > after && (next === null || key <= next);
}

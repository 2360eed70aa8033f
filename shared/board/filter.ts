import type { BoardFilter, BoardRow } from '../contract';
import type { Strings } from '../i18n';
import { liveClockState } from './urgency';

// The same filter shape main's `board:list` takes, applied in the renderer so a
// filter change never re-queries and deltas keep flowing into the same grid.

function within<T>(chosen: readonly T[] | undefined, value: T | null | undefined): boolean {
  if (!chosen || chosen.length === 0) return true;
  return value !== null && value !== undefined && chosen.includes(value);
}

function searchable(row: BoardRow): string {
  return [
    row.ticketId,
    row.customer?.name,
    row.customer?.id,
    row.circuit?.id,
    row.title,
    row.city,
    row.district,
    row.handler,
    row.accountManager,
  ]
    .filter((part): part is string => typeof part === 'string')
    .join('\n')
    .toLowerCase();
}

export function isFilterEmpty(filter: BoardFilter): boolean {
  return Object.values(filter).every((value) => (Array.isArray(value) ? value.length === 0 : !value));
}

/** Whether `matchesFilter` reads `now`: only a filter on clock states does (a row's state moves with time). */
export function filterReadsTime(filter: BoardFilter): boolean {
  return (filter.clockStates?.length ?? 0) > 0;
}

export function matchesFilter(row: BoardRow, filter: BoardFilter, now: number): boolean {
  if (!within(filter.cities, row.city)) return false;
  if (!within(filter.services, row.service)) return false;
  if (!within(filter.tiers, row.customer?.tier)) return false;
  if (!within(filter.centers, row.center)) return false;
  if (!within(filter.accountManagers, row.accountManager)) return false;
  if (filter.clockStates && filter.clockStates.length > 0) {
    const states = row.clocks.map((clock) => liveClockState(clock, now));
    if (!filter.clockStates.some((state) => states.includes(state))) return false;
  }
  const text = filter.text?.trim().toLowerCase();
  if (text) {
    const haystack = searchable(row);
    if (!text.split(/\s+/).every((word) => haystack.includes(word))) return false;
  }
  return true;
}

/**
 * The filter in words of `strings`, e.g. 地市：南京、苏州；搜索：“光缆”, for an
 * export's header; null when it lets every row through.
 */
export function describeFilter(filter: BoardFilter, strings: Strings): string | null {
  const { list, parts, colon, quoteOpen, quoteClose } = strings.export.filterWords;
  const { code } = strings;
  const chosen: [string, readonly string[] | undefined][] = [
    [strings.filter.city, filter.cities],
    [strings.filter.service, filter.services?.map((service) => code.service[service])],
    [strings.filter.tier, filter.tiers?.map((tier) => code.tier[tier])],
    [strings.filter.center, filter.centers?.map((center) => code.center[center])],
    [strings.filter.clockState, filter.clockStates?.map((state) => code.clockState[state])],
    [strings.filter.accountManager, filter.accountManagers],
  ];
  const words = chosen.filter(([, values]) => values && values.length > 0).map(([label, values]) => `${label}${colon}${values!.join(list)}`);
  const text = filter.text?.trim();
  if (text) words.push(`${strings.filter.searchLabel}${colon}${quoteOpen}${text}${quoteClose}`);
  return words.length > 0 ? words.join(parts) : null;
}

// One collator: `localeCompare(b, 'zh-CN')` looks its locale up on every call.
const zhCollator = new Intl.Collator('zh-CN');

/** Distinct non-empty values of a free-text field, sorted for a picker. */
export function distinctValues(rows: Iterable<BoardRow>, pick: (row: BoardRow) => string | null): string[] {
  const values = new Set<string>();
  for (const row of rows) {
    const value = pick(row);
    if (value) values.add(value);
  }
  return [...values].sort(zhCollator.compare);
}

// Which screen a window starts on, read by the entry before anything else is
// fetched: the URL's `?wall=`, else this seat's stored `wallOnBoot`. The entry
// fetches that screen's chunk beside the console's start instead of after it
// (the desk's grid chunk is 0.78 MB); the app decides again from the validated
// settings, so a wrong guess costs a fetch, never the wrong screen. No import
// here may reach the contract: this module is in the entry's first request.
import { parseWallParams, wallShown } from '../../../shared/board/wallParams';

/** Where a seat keeps its settings in localStorage (store/clientSettings owns the rest). */
export const CLIENT_SETTINGS_KEY = 'noc.clientSettings';

/** The stored `wallOnBoot` as parseClientSettings keeps it: a boolean, else the default (false). */
export function storedWallOnBoot(stored: string | null): boolean {
  try {
    const raw: unknown = stored === null ? null : JSON.parse(stored);
    const value = typeof raw === 'object' && raw !== null ? (raw as { wallOnBoot?: unknown }).wallOnBoot : undefined;
    return typeof value === 'boolean' ? value : false;
  } catch {
    return false;
  }
}

/** Whether the window at `search` with `storage` starts on the wall. */
export function startsOnWall(search: string, storage: Pick<Storage, 'getItem'> | null): boolean {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(CLIENT_SETTINGS_KEY) ?? null;
  } catch {
    // A browser that refuses storage (a locked-down kiosk profile) starts on the default.
  }
  return wallShown(parseWallParams(search), storedWallOnBoot(stored));
}

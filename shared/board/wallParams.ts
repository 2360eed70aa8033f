import type { Settings } from '../contract';

export type PlaylistItem = Settings['wall']['playlist'][number];

export interface WallParams {
  /** true/false when the URL says so, null to follow the `wall.enabled` setting. */
  wall: boolean | null;
  /** Playlist start shift of this display (one window per display in Electron). */
  offset: number;
}

/** `?wall=1&offset=2` from Electron's `--wall` or a kiosk browser's URL. */
export function parseWallParams(search: string): WallParams {
  const params = new URLSearchParams(search);
  const wall = params.get('wall');
  const offset = Number.parseInt(params.get('offset') ?? '0', 10);
  return {
    wall: wall === null ? null : wall === '1' || wall === 'true',
    offset: Number.isFinite(offset) ? offset : 0,
  };
}

/** Whether the window shows the wall: as its URL says, else as this seat's `wallOnBoot` setting. */
export function wallShown(params: WallParams, wallOnBoot: boolean): boolean {
  return params.wall ?? wallOnBoot;
}

/** Whether the page at `search` is a wall by its address alone (`?wall=1`), as a server sees it: a seat's stored `wallOnBoot` stays in its browser. */
export function wallByAddress(search: string): boolean {
  return parseWallParams(search).wall === true;
}

/** Each display of a multi-screen wall starts its playlist `offset` pages later. */
export function rotatePlaylist(playlist: readonly PlaylistItem[], offset: number): PlaylistItem[] {
  if (playlist.length === 0) return [];
  const shift = ((Math.trunc(offset) % playlist.length) + playlist.length) % playlist.length;
  return [...playlist.slice(shift), ...playlist.slice(0, shift)];
}

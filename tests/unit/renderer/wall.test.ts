import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/contract';
import { dwellSeconds } from '../../../renderer/src/wall/playlist';
import { parseWallParams, rotatePlaylist } from '../../../shared/board/wallParams';

const playlist = DEFAULT_SETTINGS.wall.playlist;

describe('wall playlist', () => {
  it('starts each display `offset` pages later, wrapping both ways', () => {
    expect(rotatePlaylist(playlist, 0).map((p) => p.page)).toEqual(['group', 'province', 'heatmap']);
    expect(rotatePlaylist(playlist, 1).map((p) => p.page)).toEqual(['province', 'heatmap', 'group']);
    expect(rotatePlaylist(playlist, 4).map((p) => p.page)).toEqual(['province', 'heatmap', 'group']);
    expect(rotatePlaylist(playlist, -1).map((p) => p.page)).toEqual(['heatmap', 'group', 'province']);
    expect(rotatePlaylist([], 3)).toEqual([]);
  });

  it('gives the group board extra time only while it holds a breach', () => {
    const group = { page: 'group' as const, dwellSeconds: 40 };
    expect(dwellSeconds(group, false, 20)).toBe(40);
    expect(dwellSeconds(group, true, 20)).toBe(60);
    expect(dwellSeconds({ page: 'province', dwellSeconds: 30 }, true, 20)).toBe(30);
  });

  it('reads ?wall and ?offset from the URL, or leaves the choice to settings', () => {
    expect(parseWallParams('?wall=1&offset=2')).toEqual({ wall: true, offset: 2 });
    expect(parseWallParams('?wall=0')).toEqual({ wall: false, offset: 0 });
    expect(parseWallParams('')).toEqual({ wall: null, offset: 0 });
    expect(parseWallParams('?wall=1&offset=x')).toEqual({ wall: true, offset: 0 });
  });
});

import { z } from 'zod';
import { request } from './define';

export const wallPlaylistItem = z.object({
  page: z.enum(['group', 'province', 'heatmap']),
  dwellSeconds: z.number().int().min(5).max(3600),
});

export const settings = z.object({
  locale: z.enum(['zh-CN', 'en']),
  theme: z.enum(['dark', 'light']),
  operator: z.string().max(64),
  wall: z.object({
    enabled: z.boolean(),
    fontScale: z.number().min(0.5).max(4),
    playlist: z.array(wallPlaylistItem).min(1),
    /** Extra dwell for the group board while it holds a breach. */
    breachBonusSeconds: z.number().int().min(0).max(3600),
    maxRows: z.number().int().min(5).max(40),
  }),
  retentionDays: z.number().int().min(1).max(3650),
});
export type Settings = z.infer<typeof settings>;

export const DEFAULT_SETTINGS: Settings = {
  locale: 'zh-CN',
  theme: 'dark',
  operator: '',
  wall: {
    enabled: false,
    fontScale: 1,
    playlist: [
      { page: 'group', dwellSeconds: 40 },
      { page: 'province', dwellSeconds: 30 },
      { page: 'heatmap', dwellSeconds: 20 },
    ],
    breachBonusSeconds: 20,
    maxRows: 12,
  },
  retentionDays: 400,
};

export const settingsRequests = {
  'settings:get': request(z.object({}), settings),
  'settings:set': request(settings.partial(), settings),
};

export const settingsPushes = {
  'settings:changed': settings,
};

import { z } from 'zod';
import { LOCALES } from '../i18n';
import { request } from './define';
import { DEFAULT_SHIFTS, SHIFT_START } from '../handover/shift';

export const wallPlaylistItem = z.object({
  page: z.enum(['group', 'province', 'heatmap']),
  dwellSeconds: z.number().int().min(5).max(3600),
});

/**
 * The core's settings, the same for every seat: the wall's rotation and
 * retention (the policy and the sources live in config.json). Whatever one
 * seat may change without changing it for the others is a client setting.
 */
export const settings = z.object({
  /**
   * The name this console gives itself upstream (protocol 1.1: every report and
   * claim names the operator and the console, e.g. wall-1, desk-duty), so the
   * other consoles of the room show who is reporting from where.
   */
  consoleName: z.string().trim().min(1).max(64),
  wall: z.object({
    fontScale: z.number().min(0.5).max(4),
    playlist: z.array(wallPlaylistItem).min(1),
    /** Extra dwell for the group board while it holds a breach. */
    breachBonusSeconds: z.number().int().min(0).max(3600),
    maxRows: z.number().int().min(5).max(40),
  }),
  retentionDays: z.number().int().min(1).max(3650),
  /** Shift changes (交接班), "HH:MM" Asia/Shanghai, and how long before one the console reminds the duty lead. */
  shifts: z.object({
    starts: z.array(z.string().regex(SHIFT_START, 'HH:MM')).min(1).max(6),
    reminderMinutes: z.number().int().min(0).max(180),
  }),
});
export type Settings = z.infer<typeof settings>;

export const DEFAULT_SETTINGS: Settings = {
  consoleName: 'noc-console',
  wall: {
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
  shifts: DEFAULT_SHIFTS,
};

/**
 * One seat's settings, kept by the client (the browser's or the Electron
 * window's localStorage): web clients share one core, and one person's name,
 * language or theme must not change every other screen's. The operator's name
 * goes with each report the seat sends.
 */
export const clientSettings = z.object({
  locale: z.enum(LOCALES),
  theme: z.enum(['dark', 'light']),
  operator: z.string().max(64),
  /** Start as the wall (rotation, no cursor) when the address does not say (`?wall=`). */
  wallOnBoot: z.boolean(),
  /** Loudness of this screen's alarm sounds, 0 (mute) to 1. */
  alarmVolume: z.number().min(0).max(1),
});
export type ClientSettings = z.infer<typeof clientSettings>;

export const DEFAULT_CLIENT_SETTINGS: ClientSettings = {
  locale: 'zh-CN',
  theme: 'dark',
  operator: '',
  wallOnBoot: false,
  alarmVolume: 0.6,
};

export const settingsRequests = {
  'settings:get': request(z.object({}), settings),
  /** Unknown keys are refused, not dropped: a seat's own settings (operator, locale) are not the core's to keep. */
  'settings:set': request(settings.partial().strict(), settings),
};

export const settingsPushes = {
  'settings:changed': settings,
};

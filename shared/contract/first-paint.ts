// A page's first replies, served inside the page itself. Web mode's server
// answers a wall's first request with the replies its first asks would get
// (the settings, the feeds' health, each board's first rows in the wall's
// order), as JSON in the page, and with those rows already drawn as markup:
// a wall turned on shows its board before any script has run. The store takes
// the same replies as its first state, validated like any reply, so the app's
// first render draws what the markup showed; its own asks then bring it up to
// date (the replies in the page are older than its subscription to pushes).
import { z } from 'zod';
import { boardRequests } from './board';
import { feedRequests } from './feeds';
import { clientSettings, settingsRequests } from './settings';

/**
 * Rows each board sends ahead of its whole list: more than a 4K wall or desk
 * shows at once (the desk grid at 3840×2160 shows about 60). No more: at a cold
 * start each costs the core about 1.3 ms (folded, validated) and the page's
 * thread 0.5 ms, both boards' first 100 some 0.35 s before the first paint (profiled).
 */
export const FIRST_ROWS = 64;

/** The id of the page's `<script type="application/json">` holding the first replies. */
export const FIRST_REPLIES_ID = 'noc-first-replies';

export const firstReplies = z.object({
  settings: settingsRequests['settings:get'].result,
  feeds: feedRequests['feed:status'].result,
  boards: z.array(boardRequests['board:list'].result),
});
export type FirstReplies = z.output<typeof firstReplies>;

/**
 * The cookies a seat mirrors its language and theme into (they live in its
 * localStorage, which a server never sees), so the markup of its first paint
 * is in its language and colours. Nothing else of the seat leaves the browser.
 */
export const SEAT_COOKIES = { locale: 'noc-locale', theme: 'noc-theme' } as const;

export const seatLook = clientSettings.pick({ locale: true, theme: true });
export type SeatLook = z.output<typeof seatLook>;

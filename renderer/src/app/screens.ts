// The two screens' chunks, fetched by React's lazy (./lazyPages) and, at start,
// by the entry (boot.ts) before React is even evaluated.
export const loadDesk = () => import('./DeskApp');
export const loadWall = () => import('../wall/WallApp');

/** Fetches and evaluates the chunk of the screen the window starts on. */
export const loadScreen = (wall: boolean) => (wall ? loadWall() : loadDesk());

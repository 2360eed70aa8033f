// The bridge and the store, imported first by ./start so that they run before
// React's DOM, the i18n resources and the app evaluate: the page opens its
// socket and asks for its first board meanwhile.
import { createBridge } from './bridge';
import { startConsole } from './store/console';
import { readFirstReplies } from './store/firstReplies';
import { startsOnWall } from './app/firstScreen';

// A window that starts on the wall asks for the rows the wall shows first.
const wall = startsOnWall(window.location.search, typeof localStorage === 'undefined' ? null : localStorage);
export const state = startConsole(createBridge(), { firstOrder: wall ? 'wall' : 'board', firstReplies: readFirstReplies(document) });

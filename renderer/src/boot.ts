// The bridge and the store, imported first by ./start so that they run before
// React's DOM, the i18n resources and the app evaluate: the page opens its
// socket and asks for its first board meanwhile.
import { createBridge } from './bridge';
import { startConsole } from './store/console';

export const state = startConsole(createBridge());

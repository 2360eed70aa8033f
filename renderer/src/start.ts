// The console's start, fetched by the entry beside the screen's chunk. ./boot
// (the bridge and the store) evaluates before React and the app: the page
// opens its socket and asks for its first board meanwhile. The first render
// waits for the screen's chunk and those asks (./app/firstRender says why).
import { state } from './boot';
import { mount } from './app/mount';
import { loadStartScreen } from './app/screens';
import { FIRST_ASKS_WAIT_MS, firstAsksSent } from './app/firstRender';

// A chunk that failed to arrive is the app's to show (its error boundary).
void Promise.allSettled([loadStartScreen(), firstAsksSent(state.connection, FIRST_ASKS_WAIT_MS)]).then(() => mount(state));

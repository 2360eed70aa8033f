// The console's start, imported first by the entry (main.tsx) so that it runs
// before React's DOM, the i18n resources and the app evaluate: the page opens
// its socket and asks for its first board meanwhile, and fetches the screen's
// chunk (desk or wall) at once, not when React first renders it.
import { createBridge } from './bridge';
import { startConsole } from './store/console';
import { loadScreen } from './app/screens';
import { parseWallParams, wallShown } from './wall/params';

export const state = startConsole(createBridge());
void loadScreen(wallShown(parseWallParams(window.location.search), state.client.get().wallOnBoot));

// The entry: the bridge and the store only, so the page connects and asks for
// its first board while the rest evaluates (React's DOM, the i18n resources,
// the screen's chunk: a second and more of a cold start on a busy machine).
// The screen's chunk is fetched at once too, not when React first renders it.
import { createBridge } from './bridge';
import { startConsole } from './store/console';
import { loadScreen } from './app/screens';
import { parseWallParams, wallShown } from './wall/params';
import './app/theme.css';
import './app/desk.css';
import './wall/wall.css';

const state = startConsole(createBridge());
const wall = wallShown(parseWallParams(window.location.search), state.client.get().wallOnBoot);
void loadScreen(wall);
void import('./app/mount').then(({ mount }) => mount(state));

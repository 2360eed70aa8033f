// The entry, kept small: it names the screen's chunk (desk or wall) and the
// console's start together, so the browser fetches and compiles both side by
// side. When the start's own module graph named the screen, the desk's grid
// chunk was asked for only once that graph had been fetched, parsed and
// evaluated, and the page then sat idle waiting for it. The stylesheets stay
// here, in the page's first request. In web mode the socket opens here too,
// once both are asked for (./bridge/socket says why).
// First: the contract's schemas are made without zod's probe of `new Function` (shared/contract/no-eval.ts).
import '../../shared/contract/no-eval';
import { loadStartScreen } from './app/screens';
import { openConsoleSocket } from './bridge/socket';
import './app/theme.css';
import './app/desk.css';
import './wall/wall.css';

void import('./start');
void loadStartScreen();
openConsoleSocket();

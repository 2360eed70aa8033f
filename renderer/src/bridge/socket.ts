// Web mode's one socket to the console, opened by the entry (../main.tsx)
// before the start's and the screen's chunks arrive. Opened by the bridge, the
// connection's two round trips waited behind those chunks' evaluation and the
// first React render: the start asked for its first board 1.0 s after the
// navigation, its chunks all fetched at 0.37 s (a cold start's trace, 10,000
// tickets). Opened here, the socket is connected by the time the store starts
// and the first asks leave with it.
//
// Pushes that arrive before the bridge takes the socket are not kept: the
// store's load, which runs once the bridge has it and is connected, reads every
// state afresh (settings, feeds, boards, alarms), as after a reconnect.
import { io, type Socket } from 'socket.io-client';

const TOKEN_KEY = 'noc.webToken';

let opened: Socket | null = null;

/**
 * The web token from `?token=` (a wall's kiosk URL), taken out of the address
 * bar at once so it does not stay in the browser's history; kept for this tab
 * only (sessionStorage), so a reload still connects.
 */
function takeWebToken(): string | undefined {
  const url = new URL(window.location.href);
  const given = url.searchParams.get('token');
  if (given !== null) {
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.toString());
    window.sessionStorage.setItem(TOKEN_KEY, given);
    return given;
  }
  return window.sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** Opens the socket now, in web mode (the Electron window talks over its preload instead). */
export function openConsoleSocket(): void {
  if (!window.noc) consoleSocket();
}

/** The one socket: the one the entry opened, or opened now. */
export function consoleSocket(): Socket {
  if (opened === null) {
    const token = takeWebToken();
    opened = io({ path: '/contract', auth: token ? { token } : {}, transports: ['websocket'] });
  }
  return opened;
}

// How web mode carries a push over its socket: the payload as one JSON string.
// socket.io sends a string argument as it is: handed an object it walks the
// whole payload looking for binary parts before encoding it, and that walk and
// its encoding were 13 % of the core's main thread pushing 1,000 row changes a
// second (profiled). Bytes avoided the walk too, but socket.io sends a binary
// argument as a frame of its own after the event's frame: two WebSocket
// messages a push, and the page's main thread spent a fifth of its time
// receiving messages at 1,000 events/s (Chromium trace, 2026-12-03).
// Electron's IPC clones objects and does not use this.

export function pushToWire(payload: unknown): string {
  return JSON.stringify(payload);
}

/** The payload a push carried; throws on anything but a JSON string (the contract's validation comes after). */
export function pushFromWire(wire: unknown): unknown {
  if (typeof wire !== 'string') throw new Error(`a push is a JSON string, not ${typeof wire}`);
  return JSON.parse(wire);
}

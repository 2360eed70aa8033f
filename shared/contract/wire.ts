// How web mode carries a push over its socket: the payload as UTF-8 JSON bytes.
// socket.io then sends the bytes as they are: handed an object it walks the
// whole payload looking for binary parts before encoding it, and that walk
// and its encoding were 13 % of the core's main thread pushing 1,000 row
// changes a second (profiled). Electron's IPC clones objects and does not use this.
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function pushToWire(payload: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(payload));
}

/** The payload a push carried; throws on anything but JSON bytes (the contract's validation comes after). */
export function pushFromWire(wire: unknown): unknown {
  if (wire instanceof ArrayBuffer) return JSON.parse(decoder.decode(wire));
  if (ArrayBuffer.isView(wire)) return JSON.parse(decoder.decode(new Uint8Array(wire.buffer, wire.byteOffset, wire.byteLength)));
  throw new Error(`a push is JSON bytes, not ${typeof wire}`);
}

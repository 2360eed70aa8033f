// The one thing the renderer may import from electron/: the shape of what the
// preload exposes as `window.noc`. Envelopes keep errors readable across IPC.
export type InvokeOutcome =
  | { ok: true; result: unknown }
  | { ok: false; error: { code: string; message: string } };

export interface PreloadApi {
  readonly shell: 'electron';
  invoke(channel: string, args: unknown): Promise<InvokeOutcome>;
  on(channel: string, listener: (payload: unknown) => void): () => void;
}

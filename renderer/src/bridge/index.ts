import {
  isPushChannel,
  pushFromWire,
  pushes,
  requests,
  type ConsoleApi,
  type PushChannel,
  type PushPayload,
} from '../../../shared/contract';
import type { InvokeOutcome, PreloadApi } from '../../../electron/preload/api';
import { consoleSocket } from './socket';

declare global {
  interface Window {
    noc?: PreloadApi;
  }
}

/** Raised in the renderer for a refused or failed call, with the core's code. */
export class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

type RawTransport = {
  kind: 'electron' | 'web';
  invoke(channel: string, args: unknown): Promise<InvokeOutcome>;
  on(channel: string, listener: (payload: unknown) => void): () => void;
  onConnection(listener: (connected: boolean) => void): () => void;
};

function ipcTransport(api: PreloadApi): RawTransport {
  return {
    kind: 'electron',
    invoke: (channel, args) => api.invoke(channel, args),
    on: (channel, listener) => api.on(channel, listener),
    onConnection: (listener) => {
      listener(true);
      return () => undefined;
    },
  };
}

function socketTransport(): RawTransport {
  const socket = consoleSocket();
  const pushListeners = new Map<string, Set<(payload: unknown) => void>>();
  socket.on('push', (channel: string, wire: unknown) => {
    let payload: unknown;
    try {
      payload = pushFromWire(wire);
    } catch (error) {
      console.warn(`dropped a ${channel} push that is not JSON`, error);
      return;
    }
    for (const listener of pushListeners.get(channel) ?? []) listener(payload);
  });
  return {
    kind: 'web',
    invoke: (channel, args) =>
      new Promise((resolve) => {
        socket.emit('invoke', channel, args, (outcome: InvokeOutcome) => resolve(outcome));
      }),
    on: (channel, listener) => {
      const set = pushListeners.get(channel) ?? new Set();
      set.add(listener);
      pushListeners.set(channel, set);
      return () => set.delete(listener);
    },
    onConnection: (listener) => {
      const up = () => listener(true);
      const down = () => listener(false);
      socket.on('connect', up);
      socket.on('disconnect', down);
      socket.on('connect_error', down);
      listener(socket.connected);
      return () => {
        socket.off('connect', up);
        socket.off('disconnect', down);
        socket.off('connect_error', down);
      };
    },
  };
}

export interface Bridge extends ConsoleApi {
  readonly shell: 'electron' | 'web';
  /** Whether the renderer reaches the core (always true over IPC). */
  onConnection(listener: (connected: boolean) => void): () => void;
}

/**
 * The renderer's one client of the contract. It does not know which shell it
 * runs in beyond this choice, made once at start; every result and pushed
 * payload is validated against the contract before the UI sees it.
 */
export function createBridge(): Bridge {
  const transport = window.noc ? ipcTransport(window.noc) : socketTransport();
  return {
    shell: transport.kind,
    async invoke(channel, args) {
      const outcome = await transport.invoke(channel, args);
      if (!outcome.ok) throw new BridgeError(outcome.error.code, outcome.error.message);
      return requests[channel].result.parse(outcome.result) as never;
    },
    on<C extends PushChannel>(channel: C, listener: (payload: PushPayload<C>) => void) {
      if (!isPushChannel(channel)) throw new BridgeError('unknown-channel', `unknown push channel: ${channel}`);
      return transport.on(channel, (payload) => {
        const parsed = pushes[channel].safeParse(payload);
        if (parsed.success) listener(parsed.data as PushPayload<C>);
        else console.warn(`dropped a malformed ${channel} push`, parsed.error.issues[0]);
      });
    },
    onConnection: (listener) => transport.onConnection(listener),
  };
}

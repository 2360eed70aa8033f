import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { PUSH_CHANNELS, REQUEST_CHANNELS } from '../../shared/contract/channels';
import type { InvokeOutcome, PreloadApi } from './api';

const requestChannels = new Set<string>(REQUEST_CHANNELS);
const pushChannels = new Set<string>(PUSH_CHANNELS);

// Only the contract's channels cross: the renderer never sees ipcRenderer itself.
const api: PreloadApi = {
  shell: 'electron',
  invoke(channel, args) {
    if (!requestChannels.has(channel)) {
      return Promise.resolve<InvokeOutcome>({
        ok: false,
        error: { code: 'unknown-channel', message: `unknown channel: ${channel}` },
      });
    }
    return ipcRenderer.invoke(channel, args) as Promise<InvokeOutcome>;
  },
  on(channel, listener) {
    if (!pushChannels.has(channel)) throw new Error(`unknown push channel: ${channel}`);
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
};

contextBridge.exposeInMainWorld('noc', api);

// The one contract between main and renderer. Every channel the renderer may
// call is a key of `requests`; every event main may push is a key of `pushes`.
// Feature areas add their own file and spread it here.
import type { z } from 'zod';
import { appRequests } from './app';
import { boardPushes, boardRequests } from './board';
import { feedPushes, feedRequests } from './feeds';
import { heatmapRequests } from './heatmap';
import { riskRequests } from './risk';
import { settingsPushes, settingsRequests } from './settings';
import { reportPushes, reportRequests } from './reports';
import { handoverPushes, handoverRequests } from './handover';
import { alarmPushes, alarmRequests } from './alarms';
import type { PUSH_CHANNELS, REQUEST_CHANNELS } from './channels';

export const requests = {
  ...appRequests,
  ...boardRequests,
  ...feedRequests,
  ...heatmapRequests,
  ...riskRequests,
  ...settingsRequests,
  ...reportRequests,
  ...handoverRequests,
  ...alarmRequests,
};

export const pushes = {
  ...boardPushes,
  ...feedPushes,
  ...settingsPushes,
  ...reportPushes,
  ...handoverPushes,
  ...alarmPushes,
};

export type Requests = typeof requests;
export type RequestChannel = keyof Requests;
export type RequestArgs<C extends RequestChannel> = z.input<Requests[C]['args']>;
export type RequestResult<C extends RequestChannel> = z.output<Requests[C]['result']>;
export type Pushes = typeof pushes;
export type PushChannel = keyof Pushes;
export type PushPayload<C extends PushChannel> = z.output<Pushes[C]>;

type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const requestListIsComplete: SameKeys<(typeof REQUEST_CHANNELS)[number], RequestChannel> = true;
const pushListIsComplete: SameKeys<(typeof PUSH_CHANNELS)[number], PushChannel> = true;
void requestListIsComplete;
void pushListIsComplete;

export function isRequestChannel(channel: unknown): channel is RequestChannel {
  return typeof channel === 'string' && Object.prototype.hasOwnProperty.call(requests, channel);
}

export function isPushChannel(channel: unknown): channel is PushChannel {
  return typeof channel === 'string' && Object.prototype.hasOwnProperty.call(pushes, channel);
}

/** The API every transport (IPC, WebSocket) offers the renderer. */
export interface ConsoleApi {
  invoke<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<RequestResult<C>>;
  on<C extends PushChannel>(channel: C, listener: (payload: PushPayload<C>) => void): () => void;
}

export * from './common';
export * from './risk';
export * from './board';
export * from './feeds';
export * from './heatmap';
export * from './settings';
export * from './reports';
export * from './handover';
export * from './alarms';
export * from './first-paint';
export { request, type RequestSpec } from './define';
export { PUSH_CHANNELS, REQUEST_CHANNELS } from './channels';
export { pushFromWire, pushToWire } from './wire';

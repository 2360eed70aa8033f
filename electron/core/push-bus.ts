import { pushes, type PushChannel, type PushPayload } from '../../shared/contract';

type Listener = (channel: PushChannel, payload: unknown) => void;

/**
 * Main → renderer events. Payloads are validated when published, so a shell
 * only ever forwards shapes the contract promises.
 */
export class PushBus {
  private readonly listeners = new Set<Listener>();

  publish<C extends PushChannel>(channel: C, payload: PushPayload<C>): void {
    const checked = pushes[channel].parse(payload);
    for (const listener of this.listeners) listener(channel, checked);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

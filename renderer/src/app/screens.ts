// The two screens' chunks, fetched by the entry (main.tsx) before React is
// even evaluated, awaited by the start (start.ts) before the first render and
// rendered from lazyPages.
import { startsOnWall } from './firstScreen';

/**
 * A chunk fetched at most once, whose module stays at hand once it has
 * arrived, so that a render after that can use it without suspending.
 */
export class Chunk<M> {
  private module: M | undefined;
  private loading: Promise<M> | undefined;

  constructor(private readonly fetch: () => Promise<M>) {}

  load(): Promise<M> {
    this.loading ??= this.fetch().then((module) => (this.module = module));
    return this.loading;
  }

  /** The module, once `load` has brought it. */
  get loaded(): M | undefined {
    return this.module;
  }
}

export const deskChunk = new Chunk(() => import('./DeskApp'));
export const wallChunk = new Chunk(() => import('../wall/WallApp'));

/** Fetches and evaluates the chunk of the screen this window starts on (firstScreen), once. */
export const loadStartScreen = () =>
  (startsOnWall(window.location.search, typeof localStorage === 'undefined' ? null : localStorage) ? wallChunk : deskChunk).load();

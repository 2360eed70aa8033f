import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import type { RequestArgs, RequestChannel, RequestResult } from '../../../../shared/contract';
import { useConsole } from '../../app/ConsoleContext';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T; receivedAt: number } | { state: 'failed'; message: string };

/**
 * The answer to one request, asked again whenever `key` changes (or `refreshMs`
 * passes); an answer to an older question never overwrites a newer one.
 */
export function useRequest<C extends RequestChannel>(channel: C, args: RequestArgs<C>, key: string, refreshMs = 0): Loaded<RequestResult<C>> {
  const { bridge } = useConsole();
  const [loaded, setLoaded] = useState<{ key: string; value: Loaded<RequestResult<C>> }>({ key: '', value: { state: 'loading' } });
  const argsRef = useRef(args);
  // Layout effects run before effects: the request below always sends the latest args.
  useLayoutEffect(() => {
    argsRef.current = args;
  });

  useEffect(() => {
    let current = true;
    const ask = () =>
      bridge
        .invoke(channel, argsRef.current)
        .then((value) => current && setLoaded({ key, value: { state: 'ready', value, receivedAt: Date.now() } }))
        .catch((error: unknown) =>
          current && setLoaded({ key, value: { state: 'failed', message: error instanceof Error ? error.message : String(error) } }),
        );
    void ask();
    const timer = refreshMs > 0 ? setInterval(() => void ask(), refreshMs) : null;
    return () => {
      current = false;
      if (timer) clearInterval(timer);
    };
  }, [bridge, channel, key, refreshMs]);

  return loaded.key === key ? loaded.value : { state: 'loading' };
}

/** The element's content size, followed as the window resizes. */
export function useSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setSize({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/**
 * When the page began to be printed, null while it is not: the grids switch to
 * their paper colours and the printout says when it was made. `beforeprint` is
 * no React event: an update from it rendered in a later task, and the browser
 * lays the page out for paper as soon as the event's handlers return (the
 * cells were still the screen's dark colours right after it, measured), so
 * the change is rendered at once.
 */
export function usePrinting(now: () => number = Date.now): number | null {
  const [printedAt, setPrintedAt] = useState<number | null>(null);
  useEffect(() => {
    const on = () => flushSync(() => setPrintedAt(now()));
    const off = () => setPrintedAt(null);
    window.addEventListener('beforeprint', on);
    window.addEventListener('afterprint', off);
    return () => {
      window.removeEventListener('beforeprint', on);
      window.removeEventListener('afterprint', off);
    };
  }, [now]);
  return printedAt;
}

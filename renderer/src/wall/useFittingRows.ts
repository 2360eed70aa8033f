import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * How many table rows fit the height the wall leaves the table, measured: a
 * stale banner, the breaches-next band or a larger font scale take height, and
 * a row cut in half (the 12th, under a stale banner) is worse than one fewer.
 * At most `maxRows` (the setting); `maxRows` until a row has been drawn to measure.
 */
export function useFittingRows(wrap: RefObject<HTMLElement | null>, maxRows: number, drawn: boolean): number {
  const [fit, setFit] = useState<number | null>(null);
  useLayoutEffect(() => {
    const element = wrap.current;
    if (!element || !drawn) return;
    const measure = () => {
      const head = element.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      const row = element.querySelector('tbody tr')?.getBoundingClientRect().height ?? 0;
      if (row > 0) setFit(Math.max(1, Math.floor((element.clientHeight - head) / row)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [wrap, drawn]);
  return fit === null ? maxRows : Math.min(maxRows, fit);
}

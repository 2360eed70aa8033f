import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * How many table rows fit the height the wall leaves the table, measured: a
 * stale banner, the breaches-next band or a larger font scale take height, and
 * a row cut in half (the 12th, under a stale banner) is worse than one fewer.
 * At most `maxRows` (the setting); `maxRows` until a row has been drawn to measure.
 *
 * Counted from the tallest row drawn, and again whenever the table's height
 * changes: the stylesheet gives every row one height, but a row that comes out
 * taller (a font fallback, a shape the stylesheet did not foresee) must cost a
 * row of the fit, not be cut at the foot. The tallest height seen is kept until
 * the wrap itself resizes, so a fit that drops the tall row does not bring it
 * back and swing between two counts.
 */
export function useFittingRows(wrap: RefObject<HTMLElement | null>, maxRows: number, drawn: boolean): number {
  const [fit, setFit] = useState<number | null>(null);
  useLayoutEffect(() => {
    const element = wrap.current;
    if (!element || !drawn) return;
    let tallest = 0;
    let wrapHeight = -1;
    const measure = () => {
      if (element.clientHeight !== wrapHeight) {
        wrapHeight = element.clientHeight;
        tallest = 0;
      }
      for (const row of element.querySelectorAll('tbody tr')) tallest = Math.max(tallest, row.getBoundingClientRect().height);
      const head = element.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      if (tallest > 0) setFit(Math.max(1, Math.floor((wrapHeight - head) / tallest)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    const table = element.querySelector('table');
    if (table) observer.observe(table);
    return () => observer.disconnect();
  }, [wrap, drawn]);
  return fit === null ? maxRows : Math.min(maxRows, fit);
}

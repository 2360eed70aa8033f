import { useEffect, useRef, useState, type RefObject } from 'react';

const isCut = (element: Element) => element.scrollWidth > element.clientWidth + 1;

/**
 * How many items a one-line list shows, at most `most`: one fewer while an
 * item does not fit whole (the English desk at 1440 px cut the second alarm's
 * acknowledge button; the English wall at 1920 px cut a pinned breach's
 * overdue time), or while a part of an item matching `wholeParts` is cut (an
 * ellipsis: the same wall named three breaches as "中国工商…", "中国邮政…",
 * "国网连云…", which says no more than a count). One item always shows, cut or
 * not. Its container's width changing (a resized window, another language)
 * tries `most` again, and so does another `listed` (the keys of the items that
 * would show).
 */
export function useItemsThatFit(list: RefObject<HTMLElement | null>, most: number, listed: string, wholeParts?: string): number {
  // The limit found for these items; other items start again from `most`.
  const [fit, setFit] = useState({ listed, limit: most });
  const limit = fit.listed === listed ? fit.limit : most;
  const width = useRef<number | null>(null);
  useEffect(() => {
    const items = list.current;
    const container = items?.parentElement;
    if (!items || !container || typeof ResizeObserver === 'undefined') return;
    // Called once on observing, then whenever the container or an item changes size.
    const observer = new ResizeObserver(() => {
      if (width.current !== null && container.clientWidth !== width.current) {
        width.current = container.clientWidth;
        setFit({ listed, limit: most });
        return;
      }
      width.current = container.clientWidth;
      const shown = [...items.children];
      if (shown.length > 1 && shown.some((item) => isCut(item) || (wholeParts !== undefined && [...item.querySelectorAll(wholeParts)].some(isCut)))) {
        setFit({ listed, limit: shown.length - 1 });
      }
    });
    observer.observe(container);
    for (const item of items.children) observer.observe(item);
    return () => observer.disconnect();
  }, [list, most, listed, limit, wholeParts]);
  return Math.min(limit, most);
}

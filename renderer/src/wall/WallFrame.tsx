import type { CSSProperties, ReactNode } from 'react';

export interface WallFrameProps {
  fontScale: number;
  /** The app's wall is `data-testid="wall"` with its page; a first paint is marked as one (no test id of the app's). */
  mark: { 'data-testid': 'wall'; 'data-page'?: string } | { 'data-first-paint': 'wall' };
  head: ReactNode;
  banners: ReactNode;
  next: ReactNode;
  stage: ReactNode;
  pinned: ReactNode;
}

/**
 * The wall's frame: its head (name, feeds, time), the banners, what breaches
 * next, the page on the stage and the pinned strip. The app's wall (WallApp)
 * and its first paint (./firstPaint) fill the same frame, so the one replaces
 * the other without anything moving but what the app adds (its alarms).
 */
export function WallFrame({ fontScale, mark, head, banners, next, stage, pinned }: WallFrameProps) {
  return (
    <div className="wall" style={{ '--font-scale': fontScale } as CSSProperties} {...mark}>
      <header className="wall-header">{head}</header>
      {banners}
      {next}
      <main className="wall-stage">{stage}</main>
      {pinned}
    </div>
  );
}

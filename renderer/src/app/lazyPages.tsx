// Every page but the boards is its own chunk, fetched and parsed when first
// shown: the first board paints without compiling the heatmaps' charts, the
// report forms, the handover sheet or the settings. The wall and the desk are
// chunks too, so a wall screen never loads the desk grid it does not show.
import { lazy, Suspense, useState, type ComponentProps, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { deskChunk, wallChunk, type Chunk } from './screens';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- React.lazy's own bound: any component's props
const named = <K extends string, C extends ComponentType<any>>(load: () => Promise<Record<K, C>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));

/**
 * A screen whose chunk the start has already brought (start.ts) renders as
 * itself. Through React.lazy it suspended on its first render all the same
 * (lazy takes even a loaded chunk's promise a microtask later), showing the
 * loading line, and React holds a boundary's content back until its fallback
 * has shown for 300 ms: a cold start's page then sat idle for 0.3 s before
 * building the grid (a trace of a cold start, 10,000 tickets). Which of the
 * two it renders is fixed at mount, so an instance never swaps and remounts.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
function screen<K extends string, C extends ComponentType<any>>(chunk: Chunk<Record<K, C>>, name: K) {
  const Lazy = named(() => chunk.load(), name);
  return function Screen(props: ComponentProps<C>) {
    const [Loaded] = useState(() => chunk.loaded?.[name]);
    const Shown = (Loaded ?? Lazy) as ComponentType<ComponentProps<C>>;
    return <Shown {...props} />;
  };
}

export const DeskApp = screen(deskChunk, 'DeskApp');
export const WallApp = screen(wallChunk, 'WallApp');
export const HeatmapsPage = named(() => import('../pages/heatmaps/HeatmapsPage'), 'HeatmapsPage');
export const ReportsPage = named(() => import('../pages/reports/ReportsPage'), 'ReportsPage');
export const HandoverPage = named(() => import('../pages/handover/HandoverPage'), 'HandoverPage');
export const FeedsPage = named(() => import('../pages/feeds/FeedsPage'), 'FeedsPage');
export const SettingsPage = named(() => import('../pages/settings/SettingsPage'), 'SettingsPage');
export const AlarmLogPage = named(() => import('../alarms/AlarmLogPage'), 'AlarmLogPage');

/** While a page's chunk loads (a few milliseconds from disk or the console's own server). */
export function PageLoading({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return <Suspense fallback={<p className="muted page-loading" aria-busy="true">{t('common.loading')}</p>}>{children}</Suspense>;
}

// Every page but the boards is its own chunk, fetched and parsed when first
// shown: the first board paints without compiling the heatmaps' charts, the
// report forms, the handover sheet or the settings. The wall and the desk are
// chunks too, so a wall screen never loads the desk grid it does not show.
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { loadDesk, loadWall } from './screens';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- React.lazy's own bound: any component's props
const named = <K extends string, C extends ComponentType<any>>(load: () => Promise<Record<K, C>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));

export const DeskApp = named(loadDesk, 'DeskApp');
export const WallApp = named(loadWall, 'WallApp');
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

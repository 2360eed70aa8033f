import { useTranslation } from 'react-i18next';
import { FeedChips, LastUpdate, LiveClock, ProblemsBanner, StaleBanner } from '../components/StatusBar';
import { BoardPage } from '../pages/boards/BoardPage';
import { ShiftReminder } from '../pages/handover/ShiftReminder';
import { AlarmBanner } from '../alarms/AlarmBanner';
import { useObservable } from '../store/observable';
import { useConsole } from './ConsoleContext';
import { ErrorBoundary } from './ErrorBoundary';
import { AlarmLogPage, FeedsPage, HandoverPage, HeatmapsPage, PageLoading, ReportsPage, SettingsPage } from './lazyPages';
import { Nav } from './Nav';
import { useRoute, type Route } from './routes';

function Page({ route }: { route: Route }) {
  const { settingsLoaded } = useConsole();
  const loaded = useObservable(settingsLoaded);
  switch (route) {
    case 'group':
    case 'province':
      // One grid per board: switching boards must not carry one's filters into the other.
      return <BoardPage key={route} level={route} />;
    case 'heatmaps':
      return <HeatmapsPage />;
    case 'reports':
      return <ReportsPage />;
    case 'handover':
      return <HandoverPage />;
    case 'alarms':
      return <AlarmLogPage />;
    case 'feeds':
      return <FeedsPage />;
    case 'settings':
      // The form starts from main's settings once they arrive, not from the defaults.
      return <SettingsPage key={String(loaded)} />;
  }
}

/** The workstation: navigation and health on top, one page below. */
export function DeskApp() {
  const { t } = useTranslation();
  const route = useRoute();
  return (
    <div className="desk">
      <header className="topbar">
        <div className="brand" title={t('app.title')}>
          <svg className="brand__mark" viewBox="0 0 24 24" aria-hidden="true">
            <path d="M3 12h4l2-6 4 12 2-6h6" />
          </svg>
          <div className="brand__text">
            <div className="brand__title">{t('app.title')}</div>
            <div className="brand__subtitle">{t('app.subtitle')}</div>
          </div>
        </div>
        <Nav current={route} />
        <FeedChips />
        <div className="topbar__status">
          <LastUpdate />
          <LiveClock />
        </div>
      </header>
      <StaleBanner />
      <AlarmBanner screen="desk" />
      <ShiftReminder />
      <ProblemsBanner />
      <main className="desk__main">
        <ErrorBoundary key={route} area={t(`nav.${route}`)}>
          <PageLoading>
            <Page route={route} />
          </PageLoading>
        </ErrorBoundary>
      </main>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { useConsole } from '../app/ConsoleContext';
import { formatTimeOfDay } from '../format/time';
import { useObservable } from '../store/observable';
import { useNow } from '../store/now';
import { FeedChipsView, StaleBannerView, TimeOfDay } from './statusViews';

export function FeedChips() {
  const { connection } = useConsole();
  const { feeds } = useObservable(connection);
  return <FeedChipsView sources={feeds?.sources ?? []} now={useNow()} />;
}

export function LiveClock() {
  return <TimeOfDay now={useNow()} />;
}

export function LastUpdate() {
  const { t } = useTranslation();
  // The throttled summary: a delta every display frame re-rendered this line each time, for a time shown to the second.
  const { boardSummary } = useConsole();
  const { lastUpdateAt } = useObservable(boardSummary);
  return (
    <span className="last-update" data-testid="last-update">
      {lastUpdateAt === null ? t('connection.never') : t('connection.lastUpdate', { time: formatTimeOfDay(lastUpdateAt) })}
    </span>
  );
}

/** The app's stale banner (StaleBannerView): the connection's and the feeds' state, now. */
export function StaleBanner() {
  const { connection } = useConsole();
  const { connected, feeds } = useObservable(connection);
  return <StaleBannerView connected={connected} staleSince={feeds?.staleSince ?? null} now={useNow()} />;
}

/** What the core found wrong at start or since (a refused policy file names its lines). */
export function ProblemsBanner() {
  const { t } = useTranslation();
  const { info } = useConsole();
  const problems = useObservable(info)?.problems ?? [];
  if (problems.length === 0) return null;
  return (
    <div className="problems-banner" role="alert" data-testid="problems-banner">
      <strong>{t('connection.problemsTitle')}</strong>
      <ul>
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}

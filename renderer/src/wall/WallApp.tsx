import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../app/ConsoleContext';
import { ErrorBoundary } from '../app/ErrorBoundary';
import { FeedChips, LastUpdate, LiveClock, StaleBanner } from '../components/StatusBar';
import { HeatmapsPage } from '../app/lazyPages';
import { useObservable } from '../store/observable';
import { useNow } from '../store/now';
import { isBreached } from '../../../shared/board/urgency';
import { AlarmBanner } from '../alarms/AlarmBanner';
import { BreachesNext } from './BreachesNext';
import { PinnedBreaches } from './PinnedBreaches';
import { rotatePlaylist, type PlaylistItem } from '../../../shared/board/wallParams';
import { useRotation } from './useRotation';
import { useWakeLock } from './useWakeLock';
import { WallBoard } from './WallBoard';
import { WallBrand, wallPageTitle } from './WallBrand';
import { WallFrame } from './WallFrame';

/**
 * The wall: no cursor, nothing to click, a playlist that turns by itself, a
 * clock and the feeds' health always in view, what breaches next across the
 * top and breaches pinned at the bottom.
 */
export function WallApp({ offset }: { offset: number }) {
  const { t } = useTranslation();
  const { settings: settingsObservable, boards } = useConsole();
  const { wall } = useObservable(settingsObservable);
  const meta = useObservable(boards.meta);
  const now = useNow();
  // Keyed by content: a reconnect re-sends equal settings and must not restart the rotation.
  const playlistKey = JSON.stringify(wall.playlist);
  const playlist = useMemo(() => rotatePlaylist(JSON.parse(playlistKey) as PlaylistItem[], offset), [playlistKey, offset]);
  const groupHasBreach = meta.revision >= 0 && boards.rows('group').some((row) => isBreached(row, now));
  const index = useRotation(playlist, groupHasBreach, wall.breachBonusSeconds);
  const item: PlaylistItem | undefined = playlist[index];
  useWakeLock(true);

  return (
    <WallFrame
      fontScale={wall.fontScale}
      mark={{ 'data-testid': 'wall', ...(item ? { 'data-page': item.page } : {}) }}
      head={
        <>
          <WallBrand page={item?.page ?? null} index={index} count={playlist.length} />
          <FeedChips />
          <div className="wall-header__time">
            <LastUpdate />
            <LiveClock />
          </div>
        </>
      }
      banners={
        <>
          <StaleBanner />
          <AlarmBanner screen="wall" />
        </>
      }
      next={<BreachesNext />}
      stage={
        item && (
          <div className="wall-page" key={`${index}-${item.page}`}>
            <ErrorBoundary area={wallPageTitle(t, item.page)}>
              {item.page === 'heatmap' ? <HeatmapsPage wall /> : <WallBoard level={item.page} maxRows={wall.maxRows} />}
            </ErrorBoundary>
          </div>
        )
      }
      pinned={<PinnedBreaches />}
    />
  );
}

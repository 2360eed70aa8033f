// A wall's first paint, drawn by web mode's server (electron/web/first-paint.ts)
// from the page's first replies, before any script runs: a wall screen turned
// on shows its board as soon as the page and its stylesheet arrive. The same
// components as the app's wall draw it (WallBrand, WallBoardView), so the
// app's first render, from the same replies, replaces it with what it showed.
// Runs in Node: nothing here may touch the DOM.
import { renderToStaticMarkup } from 'react-dom/server';
import { createInstance, type i18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import type { FirstReplies, SeatLook } from '../../../shared/contract';
import { STRINGS, type Locale } from '../../../shared/i18n';
import { boardFreshness } from '../../../shared/board/freshness';
import { pickWallRows } from '../../../shared/board/wall';

import { parseWallParams, rotatePlaylist } from '../../../shared/board/wallParams';
import { WallBoardView } from './WallBoardView';
import { WallBrand } from './WallBrand';
import { WallFrame } from './WallFrame';
import { BreachesNextView } from './BreachesNextView';
import { PinnedBreachesView } from './PinnedBreachesView';
import { FeedChipsView, StaleBannerView, TimeOfDay } from '../components/statusViews';

const NOTHING_FLASHES: ReadonlySet<string> = new Set();
const translators = new Map<Locale, i18n>();

/** One i18next instance per language, made on first use, apart from any window's. */
function translator(locale: Locale): i18n {
  let instance = translators.get(locale);
  if (!instance) {
    instance = createInstance();
    void instance.init({
      lng: locale,
      fallbackLng: 'zh-CN',
      resources: { [locale]: { translation: STRINGS[locale] }, 'zh-CN': { translation: STRINGS['zh-CN'] } },
      // React escapes on render, as in the window (renderer/src/i18n).
      interpolation: { escapeValue: false },
      initAsync: false,
    });
    translators.set(locale, instance);
  }
  return instance;
}

/**
 * The markup of the wall at `search` from `replies`, in the seat's language,
 * as of the core's moment of its board's reply; null when its first page is
 * not a board (the heat map draws nothing until its script runs).
 */
export function wallFirstPaint(replies: FirstReplies, look: SeatLook, search: string): string | null {
  const { wall } = replies.settings;
  const playlist = rotatePlaylist(wall.playlist, parseWallParams(search).offset);
  const first = playlist[0];
  if (first === undefined || first.page === 'heatmap') return null;
  const level = first.page;
  const snapshot = replies.boards.find((board) => board.level === level);
  if (!snapshot) return null;
  const { rows, at: now } = snapshot;
  const freshness = boardFreshness(level, replies.feeds.sources, rows, now);
  const fit = wall.maxRows;
  // As the app's first render draws the wall from the same replies: both whole lists still on their way, so
  // the band and the strip say so; its alarms come later, to both.
  return renderToStaticMarkup(
    <I18nextProvider i18n={translator(look.locale)}>
      <WallFrame
        fontScale={wall.fontScale}
        mark={{ 'data-first-paint': 'wall' }}
        head={
          <>
            <WallBrand page={level} index={0} count={playlist.length} />
            <FeedChipsView sources={replies.feeds.sources} now={now} />
            <div className="wall-header__time">
              <TimeOfDay now={now} />
            </div>
          </>
        }
        banners={<StaleBannerView connected staleSince={replies.feeds.staleSince} now={now} />}
        next={<BreachesNextView next={[]} whole={false} now={now} />}
        stage={
          <div className="wall-page">
            <WallBoardView
              level={level}
              rows={rows}
              whole={rows.length >= snapshot.total}
              freshness={freshness}
              now={now}
              fit={fit}
              picked={pickWallRows(rows, fit, now)}
              flashing={NOTHING_FLASHES}
            />
          </div>
        }
        pinned={<PinnedBreachesView recent={[]} long={0} whole={false} named={0} now={now} />}
      />
    </I18nextProvider>,
  );
}

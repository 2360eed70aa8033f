import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PlaylistItem } from '../../../shared/board/wallParams';

/** The wall's name and the page it shows ("第 1/3 页"), at the head's left. */
export function WallBrand({ page, index, count }: { page: PlaylistItem['page'] | null; index: number; count: number }) {
  const { t } = useTranslation();
  return (
    <div className="wall-header__brand">
      <span className="wall-header__title">{t('app.title')}</span>
      {page !== null && (
        <span className="wall-header__page" data-testid="wall-page-name">
          {wallPageTitle(t, page)}
          <span className="wall-header__pager">{t('wall.page', { index: index + 1, count })}</span>
        </span>
      )}
    </div>
  );
}

/** A playlist page's name, as the wall's head and its error boundary say it. */
export function wallPageTitle(t: TFunction, page: PlaylistItem['page']): string {
  return page === 'heatmap' ? t('nav.heatmaps') : t(`nav.${page}`);
}

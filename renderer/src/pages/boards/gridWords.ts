// The grid's own words, for every grid of the console (the boards, the heatmap
// drill-down): what a screen reader hears on a focused header or cell ("Press
// ENTER to sort"), its loading line. ag-grid's defaults are English, so
// English needs none of its table (another 31 kB of the chunk); Chinese takes
// ag-grid's own translation. A grid takes its words once, when it is built.
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import type { TFunction } from 'i18next';

export function gridWords(language: string, t: TFunction): Record<string, string> {
  return { ...(language === 'en' ? {} : AG_GRID_LOCALE_CN), loadingOoo: t('common.loading') };
}

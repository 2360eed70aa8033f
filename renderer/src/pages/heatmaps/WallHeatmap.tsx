import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { presetPeriod } from '../../../../shared/heatmap/period';
import { useConsole } from '../../app/ConsoleContext';
import { formatTimeOfDay } from '../../format/time';
import { useObservable } from '../../store/observable';
import { HeatGrid } from './HeatGrid';
import { useRequest, useSize } from './hooks';
import { axisLabels, describeCell, metricFormatter } from './labels';
import { KpiTiles } from './StatsPanel';

const REFRESH_MS = 60_000;

/**
 * The wall's heatmap: the last 24 hours by city × clock, breach counts, the
 * hottest cells ringed, nothing to click. Text is sized in the wall's unit
 * (one pixel of a 1920×1080 design, ×2 on 4K) and never below 20 of them.
 */
export function WallHeatmap() {
  const { t } = useTranslation();
  const { settings } = useConsole();
  const fontScale = useObservable(settings).wall.fontScale;
  // The period is fixed per visit: the playlist remounts the page each turn.
  const [period] = useState(() => presetPeriod('24h', Date.now()));
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  const map = useRequest('heatmap:query', { ...period, by: 'city,clock' }, 'wall', REFRESH_MS);
  const stats = useRequest('stats:query', period, 'wall', REFRESH_MS);
  const unit = Math.min(window.innerWidth / 1920, window.innerHeight / 1080) * fontScale;
  const labels = axisLabels(t, 'city,clock');

  return (
    <div className="wall-heatmap" data-testid="wall-heatmap" data-from={period.from} data-to={period.to}>
      <header className="wall-heatmap__head">
        <h1>{t('heatmapPage.wall.title')}</h1>
        {map.state === 'ready' && (
          <span className="wall-heatmap__updated">{t('heatmapPage.wall.updated', { time: formatTimeOfDay(map.receivedAt) })}</span>
        )}
      </header>
      {stats.state === 'ready' && <KpiTiles kpis={stats.value.overall} target={stats.value.satisfactionTarget} big />}
      <div className="wall-heatmap__grid" ref={box}>
        {map.state === 'ready' && width > 0 && (
          <HeatGrid
            map={map.value}
            metric="count"
            palette="dark"
            rowLabel={labels.row}
            colLabel={labels.col}
            formatValue={metricFormatter('count')}
            describe={(cell) => describeCell(t, labels, cell)}
            legendLabels={{ empty: t('heatmapPage.empty'), zero: t('heatmapPage.zero'), unit: t('heatmapPage.unit.count') }}
            fontSize={Math.max(20, 24 * unit)}
            width={width}
            maxHeight={height}
            ringHot
          />
        )}
        {map.state === 'failed' && <p className="text-breached">{t('heatmapPage.loadFailed', { message: map.message })}</p>}
      </div>
    </div>
  );
}

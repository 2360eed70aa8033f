import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HEATMAP_GROUPINGS, HEATMAP_METRICS, type HeatCell, type HeatmapGrouping, type HeatmapMetric, type HeatmapResult } from '../../../../shared/contract';
import type { Locale } from '../../../../shared/i18n';
import { useConsole } from '../../app/ConsoleContext';
import { formatDateTime } from '../../format/time';
import { reporterOf } from '../../store/clientSettings';
import { useObservable } from '../../store/observable';
import { DrillPanel } from './DrillPanel';
import { exportHeatmapCsv, exportSvgAsPng } from './exportFiles';
import { HEAT_FONT, HeatGrid } from './HeatGrid';
import { BACKGROUND, DIM_INK, INK } from './scale';
import { usePrinting, useRequest, useSize } from './hooks';
import { axisLabels, describeCell, metricFormatter } from './labels';
import { choosePreset, PeriodPicker, type PeriodChoice } from './PeriodPicker';
import { StatsPanel } from './StatsPanel';
import { RiskDailyTile } from './RiskDailyTile';
import { WallHeatmap } from './WallHeatmap';
import './heatmaps.css';

type Tab = HeatmapGrouping | 'stats';
const TABS: readonly Tab[] = [...HEATMAP_GROUPINGS, 'stats'];

function HeatmapView({ map, metric, onCell }: { map: HeatmapResult; metric: HeatmapMetric; onCell: (cell: HeatCell) => void }) {
  const { t } = useTranslation();
  const { client } = useConsole();
  const settings = useObservable(client);
  const printedAt = usePrinting();
  const box = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const { width } = useSize(box);
  const labels = axisLabels(t, map.by);
  const { i18n } = useTranslation();
  const { bridge } = useConsole();
  const [notice, setNotice] = useState<string | null>(null);
  const run = (job: () => Promise<string>) =>
    job()
      .then((file) => setNotice(t('heatmapPage.exported', { file })))
      .catch((error: unknown) => setNotice(t('heatmapPage.exportFailed', { message: error instanceof Error ? error.message : String(error) })));
  const palette = printedAt !== null || settings.theme === 'light' ? 'paper' : 'dark';
  const { operator } = reporterOf(settings);
  const savePng = (target: SVGSVGElement) => {
    const at = Date.now();
    const caption = {
      title: t('heatmapPage.png.title', { grouping: t(`heatmapPage.tabs.${map.by}`), metric: t(`heatmapPage.metric.${metric}`) }),
      lines: [
        t('heatmapPage.png.period', { from: formatDateTime(map.from), to: formatDateTime(map.to), summary: t('heatmapPage.summary', { total: map.total, breached: map.breached }) }),
        t('heatmapPage.png.generated', { at: formatDateTime(at), note: t('heatmapPage.note', { version: map.policyVersion }) }),
      ],
      background: BACKGROUND[palette],
      ink: INK[palette],
      dimInk: DIM_INK[palette],
      fontFamily: HEAT_FONT,
      fontSize: 14,
    };
    return exportSvgAsPng(target, caption, t(`heatmapPage.fileTitle.${map.by}`), at);
  };

  return (
    <>
      <div className="heatmap-actions">
        <span className="muted" data-testid="heatmap-summary" data-total={map.total} data-breached={map.breached}>
          {t('heatmapPage.summary', { total: map.total, breached: map.breached })}
        </span>
        <span className="heatmap-actions__buttons">
          {notice && <span className="muted small" data-testid="export-notice">{notice}</span>}
          <button type="button" className="button" data-testid="export-png" onClick={() => svg.current && run(() => savePng(svg.current!))}>
            {t('heatmapPage.exportPng')}
          </button>
          <button
            type="button"
            className="button"
            data-testid="export-csv"
            onClick={() => run(() => exportHeatmapCsv(bridge, { from: map.from, to: map.to, by: map.by, locale: i18n.language as Locale }))}
          >
            {t('heatmapPage.exportCsv')}
          </button>
          <button type="button" className="button" data-testid="print" onClick={() => window.print()}>
            {t('heatmapPage.print')}
          </button>
        </span>
      </div>
      <div className="heatmap-box" ref={box}>
        {map.total === 0 && <p className="muted">{t('heatmapPage.noData')}</p>}
        {width > 0 && (
          <HeatGrid
            ref={svg}
            map={map}
            metric={metric}
            palette={palette}
            rowLabel={labels.row}
            colLabel={labels.col}
            formatValue={metricFormatter(metric)}
            describe={(cell) => describeCell(t, labels, cell)}
            legendLabels={{ empty: t('heatmapPage.empty'), zero: t('heatmapPage.zero'), unit: t(`heatmapPage.unit.${metric}`) }}
            fontSize={14}
            width={width}
            maxHeight={Math.max(480, window.innerHeight - 300)}
            onCell={onCell}
          />
        )}
      </div>
      <p className="muted small heatmap-note">
        {t(`heatmapPage.axis.${map.by}.row`)} × {t(`heatmapPage.axis.${map.by}.col`)} ·{' '}
        {t('heatmapPage.note', { version: map.policyVersion })}
        {printedAt !== null && (
          <span data-testid="heatmap-printed">
            {' · '}
            {operator === '' ? t('heatmapPage.printed', { at: formatDateTime(printedAt) }) : t('heatmapPage.printedBy', { at: formatDateTime(printedAt), operator })}
          </span>
        )}
      </p>
    </>
  );
}

function DeskHeatmaps() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('city,clock');
  const [metric, setMetric] = useState<HeatmapMetric>('count');
  const [period, setPeriod] = useState<PeriodChoice>(() => choosePreset('24h', Date.now()));
  const [drill, setDrill] = useState<HeatCell | null>(null);
  const by: HeatmapGrouping = tab === 'stats' ? 'city,clock' : tab;
  const periodKey = `${period.from}-${period.to}`;
  const map = useRequest('heatmap:query', { from: period.from, to: period.to, by }, `${periodKey}-${by}`);
  const stats = useRequest('stats:query', { from: period.from, to: period.to }, tab === 'stats' ? periodKey : 'idle');
  const riskDaily = useRequest('risk:daily', { from: period.from, to: period.to }, tab === 'stats' ? periodKey : 'idle');
  const labels = useMemo(() => axisLabels(t, by), [t, by]);

  return (
    <div className="page heatmaps-page" data-testid="page-heatmaps" data-from={period.from} data-to={period.to} data-tab={tab}>
      <header className="page-header heatmaps-head">
        <div>
          <h1>{t('heatmapPage.title')}</h1>
          <p className="page-header__summary" data-testid="period-range">
            {t('heatmapPage.period.range', { from: formatDateTime(period.from), to: formatDateTime(period.to) })}
          </p>
        </div>
        <div className="heatmaps-controls">
          <PeriodPicker
            value={period}
            onChange={(next) => {
              setDrill(null);
              setPeriod(next);
            }}
          />
          {tab !== 'stats' && (
            <div className="segmented" role="group" aria-label={t('heatmapPage.metric.label')} data-testid="metric-switch">
              {HEATMAP_METRICS.map((m) => (
                <button key={m} type="button" aria-pressed={metric === m} data-testid={`metric-${m}`} onClick={() => setMetric(m)}>
                  {t(`heatmapPage.metric.${m}`)}
                </button>
              ))}
            </div>
          )}
        </div>
      </header>
      <nav className="heatmap-tabs" role="tablist">
        {TABS.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            data-testid={`tab-${id}`}
            onClick={() => {
              setDrill(null);
              setTab(id);
            }}
          >
            {t(`heatmapPage.tabs.${id}`)}
          </button>
        ))}
      </nav>
      {tab === 'stats' ? (
        <>
          {stats.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
          {stats.state === 'failed' && <p className="text-breached">{t('heatmapPage.loadFailed', { message: stats.message })}</p>}
          {stats.state === 'ready' && <StatsPanel stats={stats.value} />}
          {riskDaily.state === 'ready' && <RiskDailyTile daily={riskDaily.value} />}
        </>
      ) : (
        <>
          {map.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
          {map.state === 'failed' && <p className="text-breached">{t('heatmapPage.loadFailed', { message: map.message })}</p>}
          {map.state === 'ready' && <HeatmapView map={map.value} metric={metric} onCell={setDrill} />}
        </>
      )}
      {drill && tab !== 'stats' && (
        <DrillPanel from={period.from} to={period.to} by={by} cell={drill} labels={labels} onClose={() => setDrill(null)} />
      )}
    </div>
  );
}

/** The heatmaps: the desk's interactive page, or with `wall` the hands-off wall variant. */
export function HeatmapsPage({ wall = false }: { wall?: boolean }) {
  return wall ? <WallHeatmap /> : <DeskHeatmaps />;
}

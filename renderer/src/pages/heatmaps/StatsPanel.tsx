import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ClockName } from '../../../../shared/domain/types';
import type { Kpis, StatsResult } from '../../../../shared/contract';
import { localizedDuration } from '../../format/duration';
import { formatPercent } from './labels';

// The clocks whose breach rates trend on the chart: the lifecycle's own stages.
const TREND_CLOCKS: readonly ClockName[] = ['dispatch', 'accept', 'repair', 'confirm'];
// Okabe–Ito, in the order the lines are drawn.
const LINE_COLOURS = ['#E69F00', '#56B4E9', '#D55E00', '#CC79A7', '#009E73', '#0072B2'];

function breachTotals(kpis: Kpis): { total: number; breached: number; rate: number | null } {
  const total = kpis.clocks.reduce((sum, clock) => sum + clock.total, 0);
  const breached = kpis.clocks.reduce((sum, clock) => sum + clock.breached, 0);
  return { total, breached, rate: total > 0 ? breached / total : null };
}

const pct = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

export function KpiTiles({ kpis, target, big = false }: { kpis: Kpis; target: number; big?: boolean }) {
  const { t } = useTranslation();
  const none = t('common.none');
  const breach = breachTotals(kpis);
  const tiles = [
    {
      id: 'response',
      label: t('heatmapPage.kpi.response'),
      value: kpis.responseMedianMs === null ? none : localizedDuration(t, kpis.responseMedianMs),
      hint: t('heatmapPage.kpi.responseHint', { count: kpis.responded }),
    },
    {
      id: 'resolution',
      label: t('heatmapPage.kpi.resolution'),
      value: kpis.resolutionRate === null ? none : formatPercent(kpis.resolutionRate),
      hint: t('heatmapPage.kpi.resolutionHint', { resolved: kpis.resolved, tickets: kpis.tickets }),
    },
    {
      id: 'breach',
      label: t('heatmapPage.kpi.breachRate'),
      value: breach.rate === null ? none : formatPercent(breach.rate),
      hint: t('heatmapPage.kpi.breachHint', { breached: breach.breached, total: breach.total }),
      alarm: breach.breached > 0,
    },
    {
      id: 'satisfaction',
      label: t('heatmapPage.kpi.satisfaction'),
      value: kpis.satisfactionRate === null ? none : formatPercent(kpis.satisfactionRate),
      hint: t('heatmapPage.kpi.satisfactionHint', { satisfied: kpis.satisfied, callbacks: kpis.callbacks, target: formatPercent(target) }),
      alarm: kpis.satisfactionRate !== null && kpis.satisfactionRate < target,
    },
  ];
  return (
    <div className={`kpi-tiles${big ? ' kpi-tiles--big' : ''}`} data-testid="kpi-tiles">
      {tiles.map((tile) => (
        <div key={tile.id} className={`kpi-tile${tile.alarm ? ' kpi-tile--alarm' : ''}`} data-testid={`kpi-${tile.id}`}>
          <span className="kpi-tile__label">{tile.label}</span>
          <b className="kpi-tile__value">{tile.value}</b>
          {!big && <span className="kpi-tile__hint">{tile.hint}</span>}
        </div>
      ))}
    </div>
  );
}

function rateOf(kpis: Kpis, clock: ClockName): number | null {
  return kpis.clocks.find((c) => c.name === clock)?.rate ?? null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

type TrendPoint = Kpis & { label: string; start: number; length: number };

/**
 * The points of the trend: hours for a period of three days or less (main sends
 * them then), days otherwise; only the whole ones the period holds. A point
 * the period cuts (the hour or day so far) would plot its rates as a fall,
 * only because it is not over.
 */
function trendPoints(stats: StatsResult): { hourly: boolean; points: TrendPoint[] } {
  const hourly = stats.byHour.length > 0;
  const all: TrendPoint[] = hourly
    ? stats.byHour.map((hour) => ({ ...hour, label: hour.hour.slice(5), start: hour.hourStart, length: HOUR_MS }))
    : stats.byDay.map((day) => ({ ...day, label: day.day.slice(5), start: day.dayStart, length: DAY_MS }));
  return { hourly, points: all.filter((point) => point.start >= stats.from && point.start + point.length <= stats.to) };
}

function trendRows(points: readonly TrendPoint[]) {
  return points.map((point) => ({
    label: point.label,
    resolution: pct(point.resolutionRate),
    satisfaction: pct(point.satisfactionRate),
    responseMinutes: point.responseMedianMs === null ? null : Math.round(point.responseMedianMs / 6000) / 10,
    ...Object.fromEntries(TREND_CLOCKS.map((clock) => [clock, pct(rateOf(point, clock))])),
  }));
}

const axisStyle = { fill: '#93a1b0', fontSize: 12 };

function cityTable(t: TFunction, stats: StatsResult) {
  const none = t('common.none');
  return (
    <table className="data-table stats-cities" data-testid="stats-cities">
      <thead>
        <tr>
          <th scope="col">{t('heatmapPage.kpi.city')}</th>
          <th scope="col" className="num">{t('heatmapPage.kpi.tickets')}</th>
          <th scope="col" className="num">{t('heatmapPage.kpi.response')}</th>
          <th scope="col" className="num">{t('heatmapPage.kpi.resolution')}</th>
          <th scope="col" className="num">{t('heatmapPage.kpi.breachRate')}</th>
          {TREND_CLOCKS.map((clock) => (
            <th key={clock} scope="col" className="num">
              {t('heatmapPage.kpi.clockRate', { clock: t(`code.clock.${clock}`) })}
            </th>
          ))}
          <th scope="col" className="num">{t('heatmapPage.kpi.satisfaction')}</th>
        </tr>
      </thead>
      <tbody>
        {stats.byCity.map((city) => {
          const rate = (value: number | null) => (value === null ? none : formatPercent(value));
          return (
            <tr key={city.city} data-city={city.city}>
              <th scope="row">{city.city || t('heatmapPage.unknown')}</th>
              <td className="num">{city.tickets}</td>
              <td className="num">{city.responseMedianMs === null ? none : localizedDuration(t, city.responseMedianMs)}</td>
              <td className="num">{rate(city.resolutionRate)}</td>
              <td className="num">{rate(breachTotals(city).rate)}</td>
              {TREND_CLOCKS.map((clock) => (
                <td key={clock} className="num">
                  {rate(rateOf(city, clock))}
                </td>
              ))}
              <td className="num">{rate(city.satisfactionRate)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** KPI tiles for the period, the daily trend lines, and the same figures per city. */
export function StatsPanel({ stats }: { stats: StatsResult }) {
  const { t } = useTranslation();
  const { hourly, points } = trendPoints(stats);
  const rows = trendRows(points);
  const per = t(hourly ? 'heatmapPage.kpi.byHour' : 'heatmapPage.kpi.byDay');
  // Hourly labels are "11-22 10:00"; the axis shows the hour, the tooltip the day too.
  const tick = (label: string) => (hourly ? label.slice(6) : label);
  const target = pct(stats.satisfactionTarget)!;
  const lines = [
    ...TREND_CLOCKS.map((clock) => ({ key: clock, name: t('heatmapPage.kpi.clockRate', { clock: t(`code.clock.${clock}`) }) })),
    { key: 'resolution', name: t('heatmapPage.kpi.resolution') },
    // An hour holds a call-back or two: its satisfaction would jump between 0 and 100 %.
    ...(hourly ? [] : [{ key: 'satisfaction', name: t('heatmapPage.kpi.satisfaction') }]),
  ];
  return (
    <div className="stats-panel" data-testid="stats-panel">
      <KpiTiles kpis={stats.overall} target={stats.satisfactionTarget} />
      {rows.length < 2 && <p className="muted" data-testid="trend-too-short">{t('heatmapPage.kpi.trendTooShort')}</p>}
      {hourly && rows.length >= 2 && (
        <p className="muted small" data-testid="trend-hourly">
          {t('heatmapPage.kpi.hourlyNote')}
        </p>
      )}
      <div className="stats-charts" hidden={rows.length < 2} data-granularity={hourly ? 'hour' : 'day'} data-points={rows.length}>
        <figure className="stats-chart" data-testid="trend-rates">
          <figcaption>
            {per} · {t('heatmapPage.kpi.rateTrend')}
          </figcaption>
          <ResponsiveContainer width="100%" height={300}>
            <LineChart data={rows} margin={{ top: 8, right: 24, bottom: 4, left: 0 }}>
              <CartesianGrid stroke="#283441" strokeDasharray="3 3" />
              <XAxis dataKey="label" tick={axisStyle} tickFormatter={tick} stroke="#4a5866" />
              <YAxis domain={[0, 100]} tick={axisStyle} stroke="#4a5866" unit="%" />
              <Tooltip contentStyle={{ background: '#1b242e', border: '1px solid #283441' }} />
              <Legend />
              {/* The target is a threshold, not a series: neutral, dashed, named on the line. */}
              <ReferenceLine y={target} stroke="#c9d1d9" strokeDasharray="2 4" strokeWidth={1.5} label={{ value: t('heatmapPage.kpi.target', { target: `${target}%` }), fill: '#c9d1d9', fontSize: 12, position: 'insideTopRight' }} />
              {lines.map((line, i) => (
                <Line key={line.key} type="monotone" dataKey={line.key} name={line.name} stroke={LINE_COLOURS[i]} strokeWidth={2} dot={rows.length <= 48} connectNulls isAnimationActive={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </figure>
        <figure className="stats-chart" data-testid="trend-response">
          <figcaption>
            {per} · {t('heatmapPage.kpi.responseTrend')}
          </figcaption>
          <ResponsiveContainer width="100%" height={300}>
            <LineChart data={rows} margin={{ top: 8, right: 24, bottom: 4, left: 0 }}>
              <CartesianGrid stroke="#283441" strokeDasharray="3 3" />
              <XAxis dataKey="label" tick={axisStyle} tickFormatter={tick} stroke="#4a5866" />
              <YAxis tick={axisStyle} stroke="#4a5866" />
              <Tooltip contentStyle={{ background: '#1b242e', border: '1px solid #283441' }} />
              <Line type="monotone" dataKey="responseMinutes" name={t('heatmapPage.kpi.response')} stroke="#F0E442" strokeWidth={2} dot={rows.length <= 48} connectNulls isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </figure>
      </div>
      <h2 className="section-title">{t('heatmapPage.kpi.byCity')}</h2>
      <div className="table-wrap">{cityTable(t, stats)}</div>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RiskDaily } from '../../../../shared/contract';

const axisStyle = { fill: '#93a1b0', fontSize: 12 };

/** The statistics tile: breaches predicted at each clock's start (from the history then) beside those that happened, per day. */
export function RiskDailyTile({ daily }: { daily: RiskDaily }) {
  const { t } = useTranslation();
  const rows = daily.days.map((day) => ({ label: day.day.slice(5), predicted: Math.round(day.predicted * 10) / 10, actual: day.actual }));
  const predicted = daily.days.reduce((sum, day) => sum + day.predicted, 0);
  const actual = daily.days.reduce((sum, day) => sum + day.actual, 0);
  const scored = daily.days.reduce((sum, day) => sum + day.clocks, 0);
  return (
    <figure className="stats-chart" data-testid="risk-daily" data-predicted={predicted.toFixed(1)} data-actual={actual} data-clocks={scored}>
      <figcaption>
        {t('risk.stats.title')} · {t('risk.stats.predicted')} {predicted.toFixed(0)} / {t('risk.stats.actual')} {actual}
      </figcaption>
      {scored === 0 ? (
        <p className="muted">{t('risk.stats.empty')}</p>
      ) : (
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={rows} margin={{ top: 8, right: 24, bottom: 4, left: 0 }}>
            <CartesianGrid stroke="#283441" strokeDasharray="3 3" />
            <XAxis dataKey="label" tick={axisStyle} stroke="#4a5866" />
            <YAxis tick={axisStyle} stroke="#4a5866" allowDecimals={false} />
            <Tooltip contentStyle={{ background: '#1b242e', border: '1px solid #283441' }} />
            <Legend />
            {/* Okabe–Ito: predicted in the risk mark's reddish purple, actual in the breach's vermilion. */}
            <Bar dataKey="predicted" name={t('risk.stats.predicted')} fill="#CC79A7" isAnimationActive={false} />
            <Bar dataKey="actual" name={t('risk.stats.actual')} fill="#D55E00" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
      <p className="muted small">{t('risk.stats.note')}</p>
    </figure>
  );
}

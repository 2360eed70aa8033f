import { useTranslation } from 'react-i18next';
import type { BoardRow } from '../../../../shared/contract';
import { liveClockState } from '../../../../shared/board/urgency';
import { formatShortDateTime } from '../../format/time';
import { percent, riskBasisWords } from './words';

/**
 * The drawer's breach risk: the probability that the row's riskiest running clock
 * ends past its limit, when it is expected to stop, and what the estimate rests
 * on, in words. Nothing while that clock is not running short of its limit.
 */
export function RiskPanel({ row, now }: { row: BoardRow; now: number }) {
  const { t } = useTranslation();
  const risk = row.risk;
  const clock = risk ? row.clocks.find((c) => c.name === risk.clock && c.index === risk.index) : undefined;
  const live = clock ? liveClockState(clock, now) : null;
  if (!risk || (live !== 'ok' && live !== 'warning')) return null;
  const clockName = t(`code.clock.${risk.clock}`);
  const stop =
    risk.expectedStopAt === null
      ? t('risk.stopUnknown')
      : risk.expectedStopAtP80 === null
        ? t('risk.stopMedianOnly', { median: formatShortDateTime(risk.expectedStopAt) })
        : t('risk.stop', { median: formatShortDateTime(risk.expectedStopAt), p80: formatShortDateTime(risk.expectedStopAtP80) });
  return (
    <section className="risk-panel" data-testid="risk-panel" data-likely={String(risk.likely)}>
      <h3>{t('risk.section')}</h3>
      {risk.probability === null ? (
        <p className="muted" data-testid="risk-basis">
          {riskBasisWords(risk, t)}
        </p>
      ) : (
        <>
          <p className="risk-panel__figure">
            <span>{t('risk.probability', { clock: clockName })}</span>{' '}
            <strong className={risk.likely ? 'risk risk--likely' : 'risk'} data-testid="risk-probability">
              {percent(risk.probability)}
              {risk.likely && ` · ${t('risk.likely')}`}
            </strong>
          </p>
          <p>{stop}</p>
          <p className="muted" data-testid="risk-basis">
            {riskBasisWords(risk, t)}
          </p>
        </>
      )}
    </section>
  );
}

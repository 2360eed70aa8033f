import { useTranslation } from 'react-i18next';
import type { BoardRow } from '../../../shared/contract';
import { useConsole } from '../app/ConsoleContext';
import { formatShortDateTime } from '../format/time';
import { useObservable } from '../store/observable';
import { AcknowledgeButton } from './AcknowledgeButton';

/** The drawer's alarms of one ticket: each with its 认领, or who owns it since when. */
export function TicketAlarms({ row }: { row: BoardRow }) {
  const { t } = useTranslation();
  const { alarms } = useConsole();
  const mine = useObservable(alarms).alarms.filter((alarm) => alarm.key === row.key);
  if (mine.length === 0) return null;
  return (
    <section data-testid="drawer-alarms">
      <h3>{t('alarm.banner')}</h3>
      <ul className="drawer-alarms">
        {mine.map((alarm) => (
          <li key={alarm.id} className={`alarm-item alarm-item--${alarm.severity}`} data-testid="drawer-alarm">
            <span className="alarm-item__severity">{t(`alarm.severity.${alarm.severity}`)}</span>
            <span>
              {alarm.clock && t(`code.clock.${alarm.clock}`)}
              {alarm.index > 0 && ` #${alarm.index + 1}`} · {t(`alarm.cause.${alarm.cause}`)} · {formatShortDateTime(alarm.since)}
            </span>
            {alarm.acknowledged ? (
              <span className="alarm-owned">
                {t('alarm.ownedAt', { name: alarm.acknowledged.by, console: alarm.acknowledged.console ?? '', time: formatShortDateTime(alarm.acknowledged.at) })}
              </span>
            ) : (
              <AcknowledgeButton alarm={alarm} compact />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlarmDto } from '../../../shared/contract';
import { useConsole } from '../app/ConsoleContext';
import { reporterOf } from '../store/clientSettings';
import { useObservable } from '../store/observable';

/**
 * 认领: owns one alarm under this seat's operator. The button shows the echo's
 * answer, not its own click: the alarm turns acknowledged when the source has
 * filed it, on every console at once.
 */
export function AcknowledgeButton({ alarm, compact = false }: { alarm: AlarmDto; compact?: boolean }) {
  const { t } = useTranslation();
  const { bridge, client } = useConsole();
  const operator = useObservable(client).operator.trim();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (alarm.acknowledged) {
    return (
      <span className="alarm-owned" data-testid="alarm-owned">
        {t('alarm.acknowledgedBy', { name: alarm.acknowledged.by })}
      </span>
    );
  }
  if (alarm.cause === 'cadenceDue') return null;
  const acknowledge = async () => {
    setBusy(true);
    setError(null);
    try {
      // The alarm shows as owned when the source's echo (or, for a feed, this console) says so: the next alarm:changed.
      await bridge.invoke('alarm:acknowledge', { id: alarm.id, ...reporterOf(client.get()) });
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown.message : String(thrown));
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className={`button alarm-ack${compact ? ' button--small' : ''}`}
      disabled={busy || operator === ''}
      title={operator === '' ? t('alarm.acknowledgeNeedsName') : (error ?? undefined)}
      onClick={() => void acknowledge()}
      data-testid="alarm-acknowledge"
      data-alarm={alarm.id}
    >
      {busy ? t('alarm.acknowledging') : t('alarm.acknowledge')}
    </button>
  );
}

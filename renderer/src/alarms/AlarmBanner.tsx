// The alarm banner of the wall and the desk: the alarms this screen shows and
// has not had acknowledged, most pressing first (ticket, clock, how long
// overdue, 认领), whether its sound is armed (a click arms it where the browser
// blocks autoplay), and the console's silence with its end time.
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlarmDto, BoardLevel } from '../../../shared/contract';
import { MAX_SILENCE_MINUTES } from '../../../shared/contract';
import { useConsole } from '../app/ConsoleContext';
import { localizedDuration, overdueDuration } from '../format/duration';
import { formatTimeOfDay } from '../format/time';
import { reporterOf } from '../store/clientSettings';
import { useNow } from '../store/now';
import { useObservable } from '../store/observable';
import { useItemsThatFit } from '../components/useItemsThatFit';
import { AcknowledgeButton } from './AcknowledgeButton';
import { alarmSound, useAlarmSound, useSoundState } from './useAlarmSound';
import { useOpenAlarms } from './useOpenAlarms';
import { askNotificationPermission, useNotificationPermission } from './notificationPermission';
import type { AlarmScreen } from './view';
import './alarms.css';

// The wall's letters are read from across the room: one alarm fits its line whole, the rest are a count.
const SHOWN = { wall: 1, desk: 2 } as const;

function AlarmItem({ alarm, now, screen }: { alarm: AlarmDto; now: number; screen: AlarmScreen }) {
  const { t } = useTranslation();
  const { focusTicket } = useConsole();
  // On the wall, the board's and the strip's form ("16 min 26 s", "17时35分"): the desk's compact one
  // ("16m26s", "17小时35分") beside them read as another kind of figure on the same screen.
  const span = (ms: number) => (screen === 'wall' ? overdueDuration(t, ms) : localizedDuration(t, ms));
  const overdue = span(Math.max(0, now - alarm.since));
  const when =
    alarm.cause === 'feedStale'
      ? t('alarm.feedQuiet', { duration: span(Math.max(0, now - alarm.index)) })
      : alarm.cause === 'cadenceDue'
        ? t('alarm.dueIn', { duration: span(Math.max(0, (alarm.dueAt ?? now) - now)) })
        : t('alarm.overdue', { duration: alarm.dueAt === null ? overdue : span(Math.max(0, now - alarm.dueAt)) });
  const level: BoardLevel = alarm.boards.includes('group') ? 'group' : 'province';
  const open = () => {
    if (!alarm.key || screen !== 'desk') return;
    focusTicket.set({ level, key: alarm.key });
    window.location.hash = `#/${level}`;
  };
  return (
    <li className={`alarm-item alarm-item--${alarm.severity}`} data-testid="alarm-item" data-severity={alarm.severity} data-ticket={alarm.ticketId ?? ''} data-city={alarm.city ?? ''}>
      <span className="alarm-item__severity">{t(`alarm.severity.${alarm.severity}`)}</span>
      <button type="button" className="alarm-item__ticket" onClick={open} disabled={screen !== 'desk' || !alarm.key} title={alarm.customer ?? undefined}>
        {alarm.ticketId ?? alarm.customer}
      </button>
      <span className="alarm-item__what">
        {alarm.ticketId && alarm.customer && <span className="alarm-item__customer">{alarm.customer}</span>}
        {alarm.city && <span>{alarm.city}</span>}
        <span>{alarm.clock ? t(`code.clock.${alarm.clock}`) : t(`alarm.cause.${alarm.cause}`)}</span>
      </span>
      <span className="alarm-item__overdue" data-testid="alarm-overdue">
        {when}
      </span>
      <AcknowledgeButton alarm={alarm} compact={screen === 'desk'} />
    </li>
  );
}

function SoundMark({ plays }: { plays: number }) {
  const { t } = useTranslation();
  const state = useSoundState();
  if (state === 'armed') {
    return (
      <span className="alarm-sound alarm-sound--armed" data-testid="sound-armed" data-plays={plays}>
        ♪ {t('alarm.soundArmed')}
      </span>
    );
  }
  // Nothing has had to sound yet: no AudioContext, nothing to arm (an alarm or any click makes it).
  if (state === 'idle') return null;
  if (state === 'unsupported') {
    return (
      <span className="alarm-sound alarm-sound--off" data-testid="sound-unsupported" role="alert">
        {t('alarm.soundBlocked')}
      </span>
    );
  }
  return (
    <button type="button" className="alarm-sound alarm-sound--arm" onClick={() => alarmSound().arm()} data-testid="arm-sound">
      {t('alarm.armSound')}
    </button>
  );
}

function SilenceControl({ screen }: { screen: AlarmScreen }) {
  const { t } = useTranslation();
  const { bridge, alarms, client } = useConsole();
  const { silence } = useObservable(alarms);
  const now = useNow();
  const [open, setOpen] = useState(false);
  const [minutes, setMinutes] = useState(15);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = async (args: { minutes: number; reason: string }) => {
    setError(null);
    try {
      const operator = reporterOf(client.get()).operator;
      if (operator === '') throw new Error(t('alarm.acknowledgeNeedsName'));
      const silence = await bridge.invoke('alarm:silence', { operator, ...args });
      alarms.update((state) => ({ ...state, silence }));
      setOpen(false);
      setReason('');
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown.message : String(thrown));
    }
  };
  if (silence && silence.until > now) {
    return (
      <span className="alarm-silence" data-testid="alarm-silenced" data-until={silence.until}>
        🔕 {t('alarm.silenced', { until: formatTimeOfDay(silence.until), by: silence.by, reason: silence.reason })}
        {screen === 'desk' && (
          <button type="button" className="button button--small" onClick={() => void run({ minutes: 0, reason: '' })} data-testid="alarm-unsilence">
            {t('alarm.unsilence')}
          </button>
        )}
      </span>
    );
  }
  if (screen !== 'desk') return null;
  if (!open) {
    return (
      <button type="button" className="button button--small" onClick={() => setOpen(true)} data-testid="alarm-silence">
        {t('alarm.silence')}
      </button>
    );
  }
  return (
    <form
      className="alarm-silence-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim() === '') setError(t('alarm.silenceReasonNeeded'));
        else void run({ minutes, reason });
      }}
    >
      <label>
        <span>{t('alarm.silenceFor')}</span>
        <input type="number" min={1} max={MAX_SILENCE_MINUTES} value={minutes} onChange={(e) => setMinutes(Math.max(1, Math.min(MAX_SILENCE_MINUTES, Number(e.target.value) || 1)))} data-testid="silence-minutes" />
      </label>
      <label>
        <span>{t('alarm.silenceReason')}</span>
        <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="silence-reason" />
      </label>
      <button type="submit" className="button button--small button--primary" data-testid="silence-start">
        {t('alarm.silenceStart')}
      </button>
      <button type="button" className="button button--small" onClick={() => setOpen(false)}>
        {t('alarm.cancel')}
      </button>
      {error && <span className="text-breached">{error}</span>}
    </form>
  );
}

/** The banner on `screen`; it sounds for the alarms it shows. */
export function AlarmBanner({ screen }: { screen: AlarmScreen }) {
  const { t } = useTranslation();
  const { alarmsWhole } = useConsole();
  const now = useNow();
  const open = useOpenAlarms(screen, now);
  const [plays, setPlays] = useState(0);
  const played = useCallback(() => setPlays((n) => n + 1), []);
  useAlarmSound(open, now, played);
  const list = useRef<HTMLUListElement>(null);
  // An alarm whose customer, city or clock is cut off (its customer no shorter than 6em) leaves the line to the others.
  const limit = useItemsThatFit(list, SHOWN[screen], open.slice(0, SHOWN[screen]).map((alarm) => alarm.id).join(' '), '.alarm-item__what');
  const shown = open.slice(0, limit);
  const permission = useNotificationPermission();
  const canAsk = screen === 'desk' && permission === 'default';
  // Until the whole state is in, "no alarms" would be a claim the screen cannot make yet.
  const whole = useObservable(alarmsWhole);
  return (
    <section
      className={`alarm-banner alarm-banner--${screen}${open.length > 0 ? ` alarm-banner--${open[0]!.severity}` : ''}`}
      aria-label={t('alarm.banner')}
      data-testid="alarm-banner"
      data-open={open.length}
      data-tick={now}
      data-whole={whole ? 'yes' : 'no'}
    >
      {shown.length > 0 ? (
        <ul className="alarm-banner__list" ref={list}>
          {shown.map((alarm) => (
            <AlarmItem key={alarm.id} alarm={alarm} now={now} screen={screen} />
          ))}
        </ul>
      ) : (
        <span className="alarm-banner__none">{whole ? t('alarm.none') : t('alarm.loading')}</span>
      )}
      <span className="alarm-banner__side">
        {!whole && shown.length > 0 && (
          <span className="alarm-banner__loading" data-testid="alarm-loading">
            {t('alarm.loading')}
          </span>
        )}
        {open.length > shown.length && (
          <span className="alarm-banner__more" data-testid="alarm-more">
            {t('alarm.more', { count: open.length - shown.length })}
          </span>
        )}
        <SilenceControl screen={screen} />
        {canAsk && (
          <button type="button" className="button button--small" onClick={() => void askNotificationPermission()} data-testid="notify-permission">
            {t('alarm.notifyPermission')}
          </button>
        )}
        <SoundMark plays={plays} />
      </span>
    </section>
  );
}

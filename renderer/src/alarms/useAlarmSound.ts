// Drives this window's alarm sound and desktop notifications from the alarms
// it shows: once a second (the renderer's one ticker) it asks the sounder
// whether to play, and notifies a critical alarm the first time it is shown
// (many at once in one notification), closing the notification once its
// alarms are acknowledged or cleared.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlarmDto, BoardLevel } from '../../../shared/contract';
import { useConsole } from '../app/ConsoleContext';
import { localizedDuration } from '../format/duration';
import { useObservable } from '../store/observable';
import { AlarmSound, type SoundState } from './sound';
import { nextSound, type SoundMemory } from './sounder';
import { useNotificationPermission } from './notificationPermission';

/**
 * More critical alarms than this new at once (a start on a room full of
 * breaches, a source back after an outage) are one notification naming how
 * many, not one each: a console on 10,000 breached tickets would have raised
 * thousands of desktop notifications.
 */
const SINGLE_NOTIFICATIONS = 3;

let shared: AlarmSound | null = null;
/** One per window; its AudioContext is made when first needed (AlarmSound.wake). */
export function alarmSound(): AlarmSound {
  shared ??= new AlarmSound();
  return shared;
}

/** How many patterns this window played: a mark for tests and for the curious (data-plays). */
export function useSoundState(): SoundState {
  return useObservable(alarmSound().state);
}

/** Sounds and notifies `open`: the alarms this screen shows that nobody acknowledged. */
export function useAlarmSound(open: readonly AlarmDto[], now: number, onPlayed: () => void): void {
  const { t } = useTranslation();
  const { alarmsView, alarmsWhole, client, focusTicket } = useConsole();
  const { silence, alarms: standing } = useObservable(alarmsView);
  const whole = useObservable(alarmsWhole);
  const { alarmVolume } = useObservable(client);
  const soundState = useSoundState();
  const permission = useNotificationPermission();
  const memory = useRef<SoundMemory>({ heard: new Set(), lastPlayedAt: null });
  /** Alarms notified while they stand (a reconnect reloads the same alarms: none is notified twice). */
  const notified = useRef(new Set<string>());
  /** The notifications still up, with the alarms each tells of. */
  const showing = useRef(new Map<Notification, readonly string[]>());

  // An alarm to sound makes the AudioContext; once it runs (or a click arms it) the effect below plays.
  useEffect(() => {
    if (open.length > 0) void alarmSound().wake();
  }, [open]);

  useEffect(() => {
    const sound = alarmSound();
    if (soundState !== 'armed') return;
    const silenced = silence !== null && silence.until > now;
    const severity = nextSound(open, silenced, now, memory.current);
    if (severity && sound.play(severity, alarmVolume)) onPlayed();
  }, [open, silence, now, alarmVolume, soundState, onPlayed]);

  // A critical alarm on screen for the first time: a desktop notification (Electron's and the browser's alike); its click
  // opens the ticket. Once the whole state is in: the alarms of a start, which come in pages, are one look.
  useEffect(() => {
    if (permission !== 'granted' || !whole) return;
    const fresh = open.filter((alarm) => alarm.severity === 'critical' && !notified.current.has(alarm.id));
    if (fresh.length === 0) return;
    for (const alarm of fresh) notified.current.add(alarm.id);
    const describe = (alarm: AlarmDto) =>
      t('alarm.notifyBody', {
        customer: alarm.customer ?? '',
        city: alarm.city ?? '',
        clock: alarm.clock ? t(`code.clock.${alarm.clock}`) : '',
        duration: localizedDuration(t, Math.max(0, now - alarm.since)),
      });
    const notices =
      fresh.length > SINGLE_NOTIFICATIONS
        ? [{ alarms: fresh, title: t('alarm.notifySummaryTitle', { count: fresh.length }), body: t('alarm.notifySummaryBody', { first: describe(fresh[0]!), more: fresh.length - 1, count: fresh.length }), tag: 'alarm-summary' }]
        : fresh.map((alarm) => ({ alarms: [alarm], title: t('alarm.notifyTitle', { ticketId: alarm.ticketId ?? alarm.source }), body: describe(alarm), tag: alarm.id }));
    for (const notice of notices) {
      const notification = new Notification(notice.title, { body: notice.body, tag: notice.tag });
      showing.current.set(notification, notice.alarms.map((alarm) => alarm.id));
      // The most pressing alarm it tells of: the first.
      const alarm = notice.alarms[0]!;
      notification.onclick = () => {
        window.focus();
        const level: BoardLevel = alarm.boards.includes('group') ? 'group' : 'province';
        if (alarm.key) focusTicket.set({ level, key: alarm.key });
      };
    }
  }, [open, whole, now, t, focusTicket, permission]);

  // Acknowledged (on this console or any other: the source's echo) or cleared, an alarm's notification closes.
  // Against the console's whole state, not this screen's view: another board or filter does not close it.
  useEffect(() => {
    if (notified.current.size === 0) return;
    const present = new Set<string>();
    const unacknowledged = new Set<string>();
    for (const alarm of standing) {
      if (!notified.current.has(alarm.id)) continue;
      present.add(alarm.id);
      if (alarm.acknowledged === null) unacknowledged.add(alarm.id);
    }
    for (const [notification, ids] of showing.current) {
      if (ids.some((id) => unacknowledged.has(id))) continue;
      notification.close();
      showing.current.delete(notification);
    }
    // A cleared alarm raised again later is notified again.
    for (const id of notified.current) if (!present.has(id)) notified.current.delete(id);
  }, [standing]);
}

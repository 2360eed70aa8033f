// Drives this window's alarm sound and desktop notifications from the alarms
// it shows: once a second (the renderer's one ticker) it asks the sounder
// whether to play, and notifies a critical alarm the first time it is shown,
// closing the notification once the alarm is acknowledged or cleared.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlarmDto, BoardLevel } from '../../../shared/contract';
import { useConsole } from '../app/ConsoleContext';
import { localizedDuration } from '../format/duration';
import { useObservable } from '../store/observable';
import { AlarmSound, type SoundState } from './sound';
import { nextSound, type SoundMemory } from './sounder';
import { useNotificationPermission } from './notificationPermission';

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
  const { alarms: alarmState, client, focusTicket } = useConsole();
  const { silence, alarms: standing } = useObservable(alarmState);
  const { alarmVolume } = useObservable(client);
  const soundState = useSoundState();
  const permission = useNotificationPermission();
  const memory = useRef<SoundMemory>({ heard: new Set(), lastPlayedAt: null });
  /** Alarms notified while they stand (a reconnect reloads the same alarms: none is notified twice). */
  const notified = useRef(new Set<string>());
  /** The notifications still up, by alarm id. */
  const showing = useRef(new Map<string, Notification>());

  // An alarm to sound makes the AudioContext; once it runs (or a click arms it) the effect below plays.
  useEffect(() => {
    if (open.length > 0) alarmSound().wake();
  }, [open]);

  useEffect(() => {
    const sound = alarmSound();
    if (soundState !== 'armed') return;
    const silenced = silence !== null && silence.until > now;
    const severity = nextSound(open, silenced, now, memory.current);
    if (severity && sound.play(severity, alarmVolume)) onPlayed();
  }, [open, silence, now, alarmVolume, soundState, onPlayed]);

  // A critical alarm on screen for the first time: a desktop notification (Electron's and the browser's alike); its click opens the ticket.
  useEffect(() => {
    if (permission !== 'granted') return;
    for (const alarm of open) {
      if (alarm.severity !== 'critical' || notified.current.has(alarm.id)) continue;
      notified.current.add(alarm.id);
      const notification = new Notification(t('alarm.notifyTitle', { ticketId: alarm.ticketId ?? alarm.source }), {
        body: t('alarm.notifyBody', {
          customer: alarm.customer ?? '',
          city: alarm.city ?? '',
          clock: alarm.clock ? t(`code.clock.${alarm.clock}`) : '',
          duration: localizedDuration(t, Math.max(0, now - alarm.since)),
        }),
        tag: alarm.id,
      });
      showing.current.set(alarm.id, notification);
      notification.onclick = () => {
        window.focus();
        const level: BoardLevel = alarm.boards.includes('group') ? 'group' : 'province';
        if (alarm.key) focusTicket.set({ level, key: alarm.key });
      };
    }
  }, [open, now, t, focusTicket, permission]);

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
    for (const [id, notification] of showing.current) {
      if (unacknowledged.has(id)) continue;
      notification.close();
      showing.current.delete(id);
    }
    // A cleared alarm raised again later is notified again.
    for (const id of notified.current) if (!present.has(id)) notified.current.delete(id);
  }, [standing]);
}

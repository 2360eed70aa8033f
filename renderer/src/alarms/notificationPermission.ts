// Whether this window may show desktop notifications, read from the browser
// once and then followed. Notification.permission asks the browser process
// synchronously: read on every render of the alarm banner (each second and
// each alarm change) it was 1.7 s of the renderer's main thread while a cold
// start's whole boards loaded, the browser process being busy (profiled).
import { Observable, useObservable } from '../store/observable';

export type NotificationPermissionState = NotificationPermission | 'unsupported';

let permission: Observable<NotificationPermissionState> | null = null;

function followed(): Observable<NotificationPermissionState> {
  if (permission) return permission;
  const supported = typeof Notification !== 'undefined';
  const observed = new Observable<NotificationPermissionState>(supported ? Notification.permission : 'unsupported');
  permission = observed;
  // A change made in the browser's own settings (its site controls) reaches the banner too.
  if (supported && typeof navigator !== 'undefined' && navigator.permissions) {
    navigator.permissions.query({ name: 'notifications' }).then(
      (status) => status.addEventListener('change', () => observed.set(Notification.permission)),
      () => undefined,
    );
  }
  return observed;
}

export function useNotificationPermission(): NotificationPermissionState {
  return useObservable(followed());
}

/** Asks the user (from a click): the answer is followed from here on. */
export async function askNotificationPermission(): Promise<void> {
  if (typeof Notification === 'undefined') return;
  followed().set(await Notification.requestPermission());
}

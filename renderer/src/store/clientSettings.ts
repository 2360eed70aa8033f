// This seat's own settings (language, theme, the operator's name, wall on
// boot), kept in the browser's localStorage: web clients share one core, so
// what one person chooses must not change every other screen. Electron's
// window is one seat too and keeps them the same way (its localStorage lives
// in the app's data folder), so both shells run one code path.
import { clientSettings, DEFAULT_CLIENT_SETTINGS, type ClientSettings, type Reporter } from '../../../shared/contract';
import { CLIENT_SETTINGS_KEY } from '../app/firstScreen';
import { Observable } from './observable';

export { CLIENT_SETTINGS_KEY };

/**
 * Reads stored client settings: every field that validates is kept, the rest
 * fall back to the defaults (a hand-edited or older entry never blanks them all).
 */
export function parseClientSettings(stored: string | null): ClientSettings {
  if (stored === null) return DEFAULT_CLIENT_SETTINGS;
  let raw: unknown;
  try {
    raw = JSON.parse(stored);
  } catch {
    return DEFAULT_CLIENT_SETTINGS;
  }
  if (typeof raw !== 'object' || raw === null) return DEFAULT_CLIENT_SETTINGS;
  const kept: Record<string, unknown> = { ...DEFAULT_CLIENT_SETTINGS };
  for (const [key, value] of Object.entries(raw)) {
    const field = clientSettings.shape[key as keyof ClientSettings];
    if (field?.safeParse(value).success) kept[key] = value;
  }
  return clientSettings.parse(kept);
}

/** Who this seat reports as: its operator, in its language. */
export const reporterOf = (settings: ClientSettings): Reporter => ({ operator: settings.operator.trim(), locale: settings.locale });

/**
 * The seat's settings as an observable, saved on every change and followed
 * across the browser's other tabs (the `storage` event).
 */
export class ClientSettingsStore extends Observable<ClientSettings> {
  constructor(private readonly storage: Storage | null = typeof localStorage === 'undefined' ? null : localStorage) {
    super(parseClientSettings(storage?.getItem(CLIENT_SETTINGS_KEY) ?? null));
    if (typeof window !== 'undefined') {
      window.addEventListener('storage', (event) => {
        if (event.key === CLIENT_SETTINGS_KEY) this.set(parseClientSettings(event.newValue));
      });
    }
  }

  /** Validates, keeps and saves a change; throws (keeping the last good settings) when it does not validate. */
  change(patch: Partial<ClientSettings>): ClientSettings {
    const next = clientSettings.parse({ ...this.get(), ...patch });
    this.storage?.setItem(CLIENT_SETTINGS_KEY, JSON.stringify(next));
    this.set(next);
    return next;
  }
}

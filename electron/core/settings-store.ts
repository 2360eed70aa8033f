import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { DEFAULT_SETTINGS, settings as settingsSchema, type Settings } from '../../shared/contract';
import { PRIVATE_DIR_MODE, writePrivateFile } from './store/private-files';

/** What a console calls itself upstream until someone names it (wall-1, desk-duty): its machine's name. */
export function machineConsoleName(): string {
  const name = hostname().trim().slice(0, 64);
  return name === '' ? DEFAULT_SETTINGS.consoleName : name;
}

/**
 * Settings live in one JSON file beside the cache. A file that no longer
 * validates (hand-edited, older version) is reported, not silently replaced:
 * its readable fields are kept and the rest fall back to defaults.
 */
export class SettingsStore {
  private current: Settings;
  readonly problems: string[] = [];

  /** `defaults`: what an unset field reads as (the console's name defaults to the machine's). */
  constructor(
    private readonly file: string,
    private readonly defaults: Settings = DEFAULT_SETTINGS,
  ) {
    this.current = this.load();
  }

  get(): Settings {
    return this.current;
  }

  update(patch: Partial<Settings>): Settings {
    const next = settingsSchema.parse({ ...this.current, ...patch });
    mkdirSync(dirname(this.file), { recursive: true, mode: PRIVATE_DIR_MODE });
    writePrivateFile(this.file, JSON.stringify(next, null, 2));
    this.current = next;
    return next;
  }

  private load(): Settings {
    if (!existsSync(this.file)) return this.defaults;
    let stored: Record<string, unknown>;
    try {
      stored = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      this.problems.push(`${this.file}: not JSON (${(error as Error).message}); using defaults`);
      return this.defaults;
    }
    const whole = settingsSchema.safeParse({ ...this.defaults, ...stored });
    if (whole.success) return whole.data;
    const kept: Record<string, unknown> = { ...this.defaults };
    for (const [key, value] of Object.entries(stored)) {
      const field = settingsSchema.shape[key as keyof Settings];
      // Locale, theme and the operator's name were kept here before they became each seat's own.
      if (!field) continue;
      if (field.safeParse(value).success) kept[key] = value;
      else this.problems.push(`${this.file}: setting "${key}" is invalid; using the default`);
    }
    return settingsSchema.parse(kept);
  }
}

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/contract';
import { SettingsStore } from '../../electron/core/settings-store';

const fileIn = () => join(mkdtempSync(join(tmpdir(), 'noc-settings-')), 'settings.json');

describe('settings store', () => {
  it('starts from defaults and persists updates', () => {
    const file = fileIn();
    const store = new SettingsStore(file);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    store.update({ locale: 'en', operator: '张明' });
    expect(new SettingsStore(file).get()).toMatchObject({ locale: 'en', operator: '张明', theme: 'dark' });
  });

  it('refuses an invalid update and keeps the last good settings', () => {
    const file = fileIn();
    const store = new SettingsStore(file);
    store.update({ theme: 'light' });
    expect(() => store.update({ retentionDays: -3 })).toThrow();
    expect(store.get().theme).toBe('light');
    expect(JSON.parse(readFileSync(file, 'utf8')).retentionDays).toBe(400);
  });

  it('keeps the valid fields of a damaged file and names the bad one', () => {
    const file = fileIn();
    writeFileSync(file, JSON.stringify({ locale: 'en', theme: 'purple' }));
    const store = new SettingsStore(file);
    expect(store.get()).toMatchObject({ locale: 'en', theme: 'dark' });
    expect(store.problems).toEqual([`${file}: setting "theme" is invalid; using the default`]);
  });

  it('falls back to defaults on a file that is not JSON, saying so', () => {
    const file = fileIn();
    writeFileSync(file, '{ locale: en');
    const store = new SettingsStore(file);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.problems[0]).toContain('not JSON');
  });
});

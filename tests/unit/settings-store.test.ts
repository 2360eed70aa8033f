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
    store.update({ retentionDays: 90, wall: { ...DEFAULT_SETTINGS.wall, maxRows: 20 } });
    expect(new SettingsStore(file).get()).toMatchObject({ retentionDays: 90, wall: { maxRows: 20, fontScale: 1 } });
  });

  it("reads an older file that still held one seat's settings, keeping the shared ones", () => {
    const file = fileIn();
    const wall = { ...DEFAULT_SETTINGS.wall, enabled: true, fontScale: 2 };
    writeFileSync(file, JSON.stringify({ locale: 'en', theme: 'light', operator: '张明', wall, retentionDays: 30 }));
    const store = new SettingsStore(file);
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, wall: { ...DEFAULT_SETTINGS.wall, fontScale: 2 }, retentionDays: 30 });
    expect(store.problems).toEqual([]);
  });

  it('refuses an invalid update and keeps the last good settings', () => {
    const file = fileIn();
    const store = new SettingsStore(file);
    store.update({ retentionDays: 30 });
    expect(() => store.update({ retentionDays: -3 })).toThrow();
    expect(store.get().retentionDays).toBe(30);
    expect(JSON.parse(readFileSync(file, 'utf8')).retentionDays).toBe(30);
  });

  it('keeps the valid fields of a damaged file and names the bad one', () => {
    const file = fileIn();
    writeFileSync(file, JSON.stringify({ retentionDays: 30, wall: 'purple' }));
    const store = new SettingsStore(file);
    expect(store.get()).toMatchObject({ retentionDays: 30, wall: DEFAULT_SETTINGS.wall });
    expect(store.problems).toEqual([`${file}: setting "wall" is invalid; using the default`]);
  });

  it('falls back to defaults on a file that is not JSON, saying so', () => {
    const file = fileIn();
    writeFileSync(file, '{ locale: en');
    const store = new SettingsStore(file);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.problems[0]).toContain('not JSON');
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_SETTINGS } from '../../../shared/contract';
import { startsOnWall, storedWallOnBoot } from '../../../renderer/src/app/firstScreen';
import { CLIENT_SETTINGS_KEY, ClientSettingsStore, parseClientSettings, reporterOf } from '../../../renderer/src/store/clientSettings';

/** The Web Storage interface over a Map, as a browser's localStorage behaves for one origin. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

describe("a seat's own settings", () => {
  it('start from the defaults, and keep every stored field that validates', () => {
    expect(parseClientSettings(null)).toEqual(DEFAULT_CLIENT_SETTINGS);
    expect(parseClientSettings('{ not json')).toEqual(DEFAULT_CLIENT_SETTINGS);
    expect(parseClientSettings(JSON.stringify({ locale: 'en', theme: 'purple', operator: '李娜', wallOnBoot: 'yes' }))).toEqual({
      ...DEFAULT_CLIENT_SETTINGS,
      locale: 'en',
      operator: '李娜',
    });
  });

  it('are saved in the browser and read back by the next start, a bad change refused', () => {
    const storage = memoryStorage();
    const store = new ClientSettingsStore(storage);
    store.change({ operator: ' 值班长 李娜 ', locale: 'en' });
    expect(JSON.parse(storage.getItem(CLIENT_SETTINGS_KEY)!)).toMatchObject({ operator: ' 值班长 李娜 ', locale: 'en' });
    expect(new ClientSettingsStore(storage).get()).toMatchObject({ operator: ' 值班长 李娜 ', locale: 'en', theme: 'dark' });
    expect(() => store.change({ operator: 'x'.repeat(65) })).toThrow();
    expect(store.get().operator).toBe(' 值班长 李娜 ');
    // Reports go under the trimmed name, in the seat's language.
    expect(reporterOf(store.get())).toEqual({ operator: '值班长 李娜', locale: 'en' });
  });
});

describe("the entry's guess of the first screen", () => {
  const stored = [
    null,
    '{ not json',
    'null',
    '[true]',
    '"wall"',
    JSON.stringify({ wallOnBoot: true }),
    JSON.stringify({ wallOnBoot: false, locale: 'en' }),
    JSON.stringify({ wallOnBoot: 'yes' }),
    JSON.stringify({ wallOnBoot: 1 }),
    JSON.stringify({ locale: 'en', theme: 'purple', wallOnBoot: true }),
  ];

  it("reads wallOnBoot as the validated settings keep it, without the contract's schemas", () => {
    for (const entry of stored) expect(storedWallOnBoot(entry), String(entry)).toBe(parseClientSettings(entry).wallOnBoot);
  });

  it("follows the URL's ?wall= first, then the stored setting", () => {
    const storage = memoryStorage();
    storage.setItem(CLIENT_SETTINGS_KEY, JSON.stringify({ wallOnBoot: true }));
    expect(startsOnWall('', storage)).toBe(true);
    expect(startsOnWall('?wall=0', storage)).toBe(false);
    expect(startsOnWall('?wall=1', memoryStorage())).toBe(true);
    expect(startsOnWall('', memoryStorage())).toBe(false);
    expect(startsOnWall('', null)).toBe(false);
    const refusing = { getItem: () => { throw new Error('SecurityError: storage is disabled'); } };
    expect(startsOnWall('', refusing)).toBe(false);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, writeFileSync } from 'node:fs';
import { EnvTokenStore, readTokenFile, tokenEnvName } from '../../../electron/core/feeds/tokens';
import { tempDir } from '../support/cache';

describe('tokens in web and CLI mode', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir('tokens')));
  afterEach(() => dir.remove());

  it('reads a 0600 file and refuses a looser one without showing the token', () => {
    const file = dir.file('token');
    writeFileSync(file, 'top-secret\n');
    chmodSync(file, 0o600);
    expect(readTokenFile(file)).toBe('top-secret');
    chmodSync(file, 0o644);
    expect(() => readTokenFile(file)).toThrow(/mode 0644; a token file must be 0600/);
    try {
      readTokenFile(file);
    } catch (error) {
      expect((error as Error).message).not.toContain('top-secret');
    }
  });

  it('prefers the env var named after the source, then the configured file', () => {
    const file = dir.file('token');
    writeFileSync(file, 'from-file', { mode: 0o600 });
    expect(tokenEnvName('sim-js-eom')).toBe('NOC_TOKEN_SIM_JS_EOM');
    const store = new EnvTokenStore({ NOC_TOKEN_SIM_JS_EOM: 'from-env' }, { 'sim-js-eom': file, other: file });
    expect(store.get('sim-js-eom')).toBe('from-env');
    expect(store.get('other')).toBe('from-file');
    expect(store.get('unknown')).toBeNull();
  });
});

import { safeStorage } from 'electron';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { WritableTokenStore } from '../core/feeds/tokens';

/**
 * Tokens typed into Settings, encrypted with the OS keychain (safeStorage) and
 * kept as ciphertext in one file; plaintext never touches the disk or a log.
 */
export function safeStorageTokenStore(file: string): WritableTokenStore {
  const read = (): Record<string, string> => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {});
  return {
    get(sourceId) {
      const sealed = read()[sourceId];
      return sealed === undefined ? null : safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    },
    set(sourceId, token) {
      if (!safeStorage.isEncryptionAvailable()) throw new Error('the OS keychain is not available: tokens cannot be stored safely');
      const all = read();
      all[sourceId] = safeStorage.encryptString(token).toString('base64');
      writeFileSync(`${file}.tmp`, JSON.stringify(all), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    },
  };
}

// Where a source's token comes from. The Electron shell implements TokenStore
// with safeStorage; web and CLI modes read an env var or a 0600 file. Tokens
// are secrets: nothing here logs them or puts them in an error message.
import { readFileSync, statSync } from 'node:fs';
import { tokenEnvName } from '../../../shared/contract';

export interface TokenStore {
  /** The token for a source, or null if none is configured. */
  get(sourceId: string): string | null;
}

/** A store tokens can be written to from the Feeds page (Electron's safeStorage). */
export interface WritableTokenStore extends TokenStore {
  set(sourceId: string, token: string): void;
}

/** The first store that knows a source's token answers. */
export function chainTokenStores(...stores: readonly TokenStore[]): TokenStore {
  return {
    get(sourceId) {
      for (const store of stores) {
        const token = store.get(sourceId);
        if (token !== null) return token;
      }
      return null;
    },
  };
}

// The renderer names the variable too (Feeds page), so the rule lives in the contract.
export { tokenEnvName };

/** Reads a token file, refusing one that others than its owner may read or write. */
export function readTokenFile(file: string): string {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`${file} has mode ${mode.toString(8).padStart(4, '0')}; a token file must be 0600 (chmod 600 ${file})`);
  }
  const token = readFileSync(file, 'utf8').trim();
  if (token === '') throw new Error(`${file} is empty; it must hold the source's token`);
  return token;
}

/** Web and CLI mode: the env var first, then a token file per source if one is configured. */
export class EnvTokenStore implements TokenStore {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly files: Readonly<Record<string, string>> = {},
  ) {}

  get(sourceId: string): string | null {
    const fromEnv = this.env[tokenEnvName(sourceId)];
    if (fromEnv) return fromEnv;
    const file = this.files[sourceId];
    return file === undefined ? null : readTokenFile(file);
  }
}

// The data folder holds customers' names and account managers' phone numbers:
// it is 0700 and its files 0600, whatever the umask, and what an older version
// left readable by others is tightened at start (when this user owns it).
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const ownedByMe = (uid: number) => typeof process.getuid !== 'function' || process.getuid() === uid;

/** Takes group and other permissions off `path` (a file or folder this user owns); others' files are left as they are. */
function tighten(path: string, mode: number): void {
  const stat = statSync(path);
  if ((stat.mode & 0o077) !== 0 && ownedByMe(stat.uid)) chmodSync(path, mode);
}

/** Creates `file` empty and 0600 unless it exists (so SQLite's WAL and SHM files, which copy its mode, are 0600 too); tightens it if it does. */
export function privateFile(file: string): void {
  if (existsSync(file)) return tighten(file, PRIVATE_FILE_MODE);
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
}

/** The data folder: created 0700, or tightened to 0700 with the files directly in it tightened to 0600. */
export function privateDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, PRIVATE_DIR_MODE);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile()) tighten(join(dir, entry.name), PRIVATE_FILE_MODE);
  }
}

/** Replaces `file` atomically with `text`, 0600 (a crash leaves the old or the new file, never half of one). */
export function writePrivateFile(file: string, text: string): void {
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, text, { mode: PRIVATE_FILE_MODE });
  // writeFileSync keeps the mode of a temporary file left over from a crash.
  chmodSync(temporary, PRIVATE_FILE_MODE);
  renameSync(temporary, file);
}

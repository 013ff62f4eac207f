/**
 * Files only this server's user may read: the data directory is 0700 and what the server writes in
 * it (database, WAL, data key, development CA) is 0600, whatever the umask. The modes are set when
 * a file is created, and `makePrivate` fixes files that older versions wrote with 0644.
 */
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, type Stats } from "node:fs";
import { dirname } from "node:path";

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` with mode 0700 if it is missing (its parents keep the default mode). */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dirname(dir), { recursive: true });
  try {
    mkdirSync(dir, { mode: PRIVATE_DIR_MODE });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return;
    throw e;
  }
  // mkdir's mode passes through the umask; an unusual one (e.g. 0277) must not leave it unusable.
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Creates an empty file with mode 0600 unless it exists. SQLite gives the -wal and -shm files the
 * mode of the database file, so creating that one first is what keeps all three private.
 */
export function createPrivateFile(path: string): void {
  try {
    closeSync(openSync(path, "wx", PRIVATE_FILE_MODE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
}

/**
 * Takes group and other permissions away from `path` (a directory becomes 0700, a file 0600).
 * Missing paths and symbolic links are left alone: a link may point outside the data directory,
 * at a file this server does not own. Returns true if the mode changed.
 */
export function makePrivate(path: string): boolean {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
  if (st.isSymbolicLink() || (st.mode & 0o077) === 0) return false;
  if (st.isDirectory()) chmodSync(path, PRIVATE_DIR_MODE);
  else if (st.isFile()) chmodSync(path, PRIVATE_FILE_MODE);
  else return false;
  return true;
}

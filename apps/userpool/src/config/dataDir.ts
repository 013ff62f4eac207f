/**
 * What the server keeps in its data directory (USERPOOL_DATA_DIR), by name, and the start-up pass
 * that makes those entries private. Only these names are touched: the operator may point the data
 * directory at a place that holds other files, and those are not ours to change.
 */
import { existsSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { makePrivate } from "../privateFiles.js";
import { ConfigError } from "./errors.js";

/** The SQLite database (when no USERPOOL_DATABASE_URL is given); SQLite adds -wal, -shm and -journal beside it. */
export const SQLITE_FILE = "userpool.sqlite";
/** The generated development data key. */
export const DATA_KEY_FILE = "data-key";
/** The development CA and its localhost certificate (src/tls/devCa.ts). */
export const TLS_DIR = "tls";

const SQLITE_COMPANIONS = ["", "-wal", "-shm", "-journal"];

/**
 * On every start: the data directory becomes 0700 and the files the server writes there 0600,
 * so files created by older versions (0644 under the usual umask) are fixed too. Nothing happens
 * when the directory does not exist yet; whatever creates it later creates it private.
 */
export function secureDataDir(dataDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  const paths = [
    dataDir,
    ...SQLITE_COMPANIONS.map((s) => join(dataDir, SQLITE_FILE + s)),
    join(dataDir, DATA_KEY_FILE),
  ];
  const tls = join(dataDir, TLS_DIR);
  paths.push(tls);
  // tls/ is created by the server alone: its CA, the leaf and any temporary file left by a crash.
  if (existsSync(tls) && lstatSync(tls).isDirectory()) for (const name of readdirSync(tls)) paths.push(join(tls, name));
  const changed: string[] = [];
  for (const p of paths) {
    try {
      if (makePrivate(p)) changed.push(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new ConfigError(
        `USERPOOL_DATA_DIR: cannot make ${p} readable by its owner only (${code}); ` +
          `run the server as the owner of ${dataDir}, or set its mode to 0700 and its files' to 0600`,
      );
    }
  }
  return changed;
}

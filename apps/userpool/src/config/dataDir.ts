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
/** Delivered user pool logs, a JSON-lines file per pool (services/logDelivery.ts). */
export const LOG_DELIVERY_DIR = "log-delivery";

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
  // tls/ and log-delivery/ are created by the server alone (the CA, the leaf, a crash's temporary file; logs).
  for (const dir of [TLS_DIR, LOG_DELIVERY_DIR].map((d) => join(dataDir, d))) {
    paths.push(dir);
    if (existsSync(dir) && lstatSync(dir).isDirectory())
      for (const name of readdirSync(dir)) paths.push(join(dir, name));
  }
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

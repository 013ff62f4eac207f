import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ensurePrivateDir } from "../privateFiles.js";
import type { Random } from "../random.js";

/** Where the data key came from, so start-up can warn about the development default. */
export type DataKeySource = "env" | "file" | "generated-file" | "option";

/** Parses a data key given as 64 hex characters or base64 of 32 bytes. */
export function parseDataKey(text: string, origin: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (key.length !== 32)
    throw new Error(`${origin} must hold 32 bytes as 64 hex characters or base64 (got ${key.length} bytes)`);
  return key;
}

/**
 * Fewer distinct byte values than this in 32 bytes is a pattern:
 * 32 random bytes have fewer with probability below 1e-16.
 */
const MIN_DISTINCT_KEY_BYTES = 16;

/**
 * Why a key is unfit for production, or undefined: all zeros, one repeated byte, or another short
 * pattern (fewer than 16 distinct byte values). Such keys come from placeholders and examples.
 */
export function dataKeyWeakness(key: Buffer): string | undefined {
  if (key.every((b) => b === 0)) return "it is all zeros";
  const distinct = new Set(key).size;
  if (distinct === 1) return "it is one byte repeated";
  if (distinct < MIN_DISTINCT_KEY_BYTES)
    return `it has only ${distinct} distinct byte values (a pattern, not random bytes; 32 random bytes have about 30)`;
  return undefined;
}

/**
 * Reads the key file, or creates it with fresh random bytes (mode 0600) when `create` is set.
 * Creation is the development default; production must supply the key explicitly.
 */
export function loadOrCreateKeyFile(path: string, create: boolean, random: Random): { key: Buffer; created: boolean } {
  if (existsSync(path))
    return { key: parseDataKey(readFileSync(path, "utf8"), `data key file ${path}`), created: false };
  if (!create) throw new Error(`data key file ${path} does not exist`);
  ensurePrivateDir(dirname(path));
  const key = random.bytes(32);
  // "wx": never overwrite a key another process wrote in the meantime.
  try {
    writeFileSync(path, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST")
      return { key: parseDataKey(readFileSync(path, "utf8"), `data key file ${path}`), created: false };
    throw e;
  }
  chmodSync(path, 0o600);
  return { key, created: true };
}

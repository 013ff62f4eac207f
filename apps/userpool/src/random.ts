import { randomBytes, randomFillSync, randomUUID } from "node:crypto";

/** Randomness source. Injected so tests can make IDs and codes predictable where they need to. */
export interface Random {
  bytes(n: number): Buffer;
  uuid(): string;
}

const POOL_BYTES = 4096;
const POOLED_MAX = 64;

/**
 * The CSPRNG, with small requests served from a 4 KiB block drawn in one call, as node:crypto's
 * randomUUID does: a sign-in asks for a few short values (the SRP secret, the challenge ID, an IV,
 * a refresh token) and one OpenSSL call each costs more than the copy. Every byte is handed out
 * once, copied into a buffer of its own.
 */
export function pooledCryptoRandom(): Random {
  const pool = Buffer.allocUnsafeSlow(POOL_BYTES);
  let used = POOL_BYTES;
  return {
    bytes(n) {
      if (n > POOLED_MAX) return randomBytes(n);
      if (used + n > POOL_BYTES) {
        randomFillSync(pool);
        used = 0;
      }
      const out = Buffer.allocUnsafe(n);
      pool.copy(out, 0, used, used + n);
      pool.fill(0, used, used + n);
      used += n;
      return out;
    },
    uuid: () => randomUUID(),
  };
}

export const cryptoRandom: Random = pooledCryptoRandom();

/**
 * `length` characters drawn uniformly from `alphabet` (rejection sampling, so no modulo bias:
 * a 6-digit code must not favour low digits).
 */
export function randomString(random: Random, alphabet: string, length: number): string {
  if (alphabet.length < 2 || alphabet.length > 256) throw new Error("alphabet must have 2..256 characters");
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const byte of random.bytes(length * 2)) {
      if (byte >= limit) continue;
      out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

export const DIGITS = "0123456789";
export const LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
export const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

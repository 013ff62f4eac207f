import { randomBytes, randomUUID } from "node:crypto";

/** Randomness source. Injected so tests can make IDs and codes predictable where they need to. */
export interface Random {
  bytes(n: number): Buffer;
  uuid(): string;
}

export const cryptoRandom: Random = { bytes: (n) => randomBytes(n), uuid: () => randomUUID() };

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

/**
 * RFC 6238 TOTP (on RFC 4226 HOTP) with the parameters Cognito's authenticator-app MFA uses: HMAC-SHA-1,
 * 30-second steps from the Unix epoch, 6 digits, a 160-bit secret handed out as 32 base32 characters
 * (developer guide, "TOTP software token MFA").
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const TOTP_PERIOD_S = 30;
export const TOTP_DIGITS = 6;
/** 20 bytes: exactly 32 base32 characters, no padding, as AssociateSoftwareToken's SecretCode. */
export const TOTP_SECRET_BYTES = 20;
/**
 * Steps either side of now that are accepted. Cognito does not document its tolerance; RFC 6238 §5.2
 * recommends at most one step of network delay, so ±1 (ADR 0012).
 */
export const TOTP_SKEW_STEPS = 1;

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 without padding. */
export function base32Encode(bytes: Buffer): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** RFC 4648 base32 (case-insensitive, padding and spaces ignored); throws on other characters. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[=\s]/g, "").toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const v = BASE32.indexOf(ch);
    if (v < 0) throw new Error("not base32");
    value = ((value << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** HOTP (RFC 4226 §5.3) of `counter` with `digits` digits, HMAC-SHA-1 unless told otherwise. */
export function hotp(
  secret: Buffer,
  counter: number,
  digits = TOTP_DIGITS,
  hash: "sha1" | "sha256" | "sha512" = "sha1",
) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(hash, secret).update(msg).digest();
  // Dynamic truncation: the low nibble of the last byte picks four bytes, top bit cleared.
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 10 ** digits).padStart(digits, "0");
}

/** The time step containing `ms` (milliseconds since the epoch). */
export function totpStep(ms: number): number {
  return Math.floor(ms / 1000 / TOTP_PERIOD_S);
}

/** The code for the step containing `ms`. */
export function totpAt(secret: Buffer, ms: number): string {
  return hotp(secret, totpStep(ms));
}

/**
 * The step `code` belongs to, within ±TOTP_SKEW_STEPS of `ms`, or undefined. Every candidate is
 * compared (in constant time), so timing does not tell which step matched.
 */
export function matchTotp(secret: Buffer, code: string, ms: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const now = totpStep(ms);
  const given = Buffer.from(code);
  let found: number | undefined;
  for (let s = now - TOTP_SKEW_STEPS; s <= now + TOTP_SKEW_STEPS; s++) {
    if (timingSafeEqual(Buffer.from(hotp(secret, s)), given) && found === undefined) found = s;
  }
  return found;
}

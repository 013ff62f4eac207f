/**
 * RFC 6238 TOTP with Cognito's parameters (HMAC-SHA-1, 30-second steps from the Unix epoch, 6 digits), written
 * here from the RFCs so the browser tests compute codes the way an authenticator app does, independently of
 * the server's implementation. RFC 4226 §5.3 gives the dynamic truncation.
 */
import { createHmac } from "node:crypto";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 (what authenticator apps accept); spaces and padding are ignored, case too. */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, "").toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${JSON.stringify(char)} in the secret`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** The 6-digit code for the 30-second step that contains `atMs`. */
export function totp(secretBase32: string, atMs: number, digits = 6): string {
  return hotp(base32Decode(secretBase32), Math.floor(atMs / 1000 / 30), digits);
}

/** RFC 4226 HOTP over an 8-byte big-endian counter. */
export function hotp(key: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  timingSafeEqual,
} from "node:crypto";
import type { Random } from "../random.js";

const VERSION = "v1";

/**
 * Everything the server protects with the data key. The data key itself never enters the
 * database; separate subkeys are derived with HKDF so a MAC key is never also a cipher key.
 */
export interface DataCrypto {
  /** AES-256-GCM. `aad` binds the ciphertext to its row (e.g. pool + user), so rows can't be swapped. */
  encrypt(plaintext: Buffer | string, aad: string): string;
  decrypt(envelope: string, aad: string): Buffer;
  /** As `encrypt`/`decrypt`, as raw bytes (IV, ciphertext, tag), for sealed values a client carries. */
  seal(plaintext: Buffer, aad: string): Buffer;
  open(sealed: Buffer, aad: string): Buffer;
  /** Keyed MAC for low-entropy secrets (6-digit codes): without the key, a DB dump can't be brute-forced. */
  mac(purpose: string, ...parts: string[]): string;
}

export class DataKeyMismatchError extends Error {
  override name = "DataKeyMismatchError";
}

/**
 * Builds the data-key services from 32 secret bytes. `previousKeys` (during a key rotation,
 * docs/userpool/backup-and-keys.md) still open values sealed before it; everything new is sealed and
 * MACed under `dataKey` only.
 */
export function createDataCrypto(dataKey: Buffer, random: Random, previousKeys: readonly Buffer[] = []): DataCrypto {
  if (dataKey.length !== 32) throw new Error("the data key must be exactly 32 bytes");
  if (previousKeys.some((k) => k.length !== 32)) throw new Error("a previous data key must be exactly 32 bytes");
  // Key objects, made once: given raw bytes, every cipher and HMAC would import the key again.
  const encKey = envelopeKey(dataKey);
  const readKeys = [encKey, ...previousKeys.filter((k) => !k.equals(dataKey)).map(envelopeKey)];
  const macKey = createSecretKey(
    Buffer.from(hkdfSync("sha256", dataKey, Buffer.alloc(0), "authhub-userpool mac v1", 32)),
  );
  const seal = (plaintext: Buffer | string, aad: string): Buffer => {
    const iv = random.bytes(12);
    const cipher = createCipheriv("aes-256-gcm", encKey, iv);
    cipher.setAAD(Buffer.from(aad, "utf8"));
    const body = Buffer.concat([
      cipher.update(typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext),
      cipher.final(),
    ]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]);
  };
  const open = (raw: Buffer, aad: string): Buffer => {
    if (raw.length < 28) throw new DataKeyMismatchError("truncated envelope");
    for (const key of readKeys) {
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(aad, "utf8"));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      try {
        return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
      } catch {
        // The next key, if any: GCM's tag tells a wrong key apart from the right one.
      }
    }
    throw new DataKeyMismatchError("envelope does not decrypt under this data key (wrong key, or the row was moved)");
  };
  return {
    encrypt: (plaintext, aad) => `${VERSION}.${seal(plaintext, aad).toString("base64url")}`,
    decrypt(envelope, aad) {
      const [version, payload] = envelope.split(".", 2);
      if (version !== VERSION || !payload) throw new DataKeyMismatchError("unknown envelope format");
      return open(Buffer.from(payload, "base64url"), aad);
    },
    seal,
    open,
    mac(purpose, ...parts) {
      const h = createHmac("sha256", macKey).update(purpose);
      // Length-prefix each part so ("ab","c") and ("a","bc") never collide.
      for (const p of parts) h.update(`\u0000${Buffer.byteLength(p)}:${p}`);
      return h.digest("base64url");
    },
  };
}

function envelopeKey(dataKey: Buffer): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync("sha256", dataKey, Buffer.alloc(0), "authhub-userpool envelope v1", 32)));
}

/** SHA-256 for high-entropy secrets (refresh tokens, session handles): no key needed to be safe. */
export function sha256(value: string | Buffer): string {
  return createHash("sha256").update(value).digest("base64url");
}

/** Constant-time string comparison (for SECRET_HASH, client secrets, verifiers). */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const x = typeof a === "string" ? Buffer.from(a) : a;
  const y = typeof b === "string" ? Buffer.from(b) : b;
  if (x.length !== y.length) {
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}

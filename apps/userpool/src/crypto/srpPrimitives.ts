// Low-level building blocks of Cognito's SRP-6a: the group, the byte encodings Cognito's clients hash,
// and modular exponentiation (native through OpenSSL, plus a pure-BigInt reference for cross-checks and
// the benchmark). The protocol itself lives in srp.ts; the test client in test/support/srpClient.ts.
import { createDiffieHellman, createHash, createHmac, hkdfSync, type DiffieHellman } from "node:crypto";

/** RFC 5054 appendix A, 3072-bit group (the same prime as RFC 3526 group 15), as in Cognito's clients. */
const N_HEX =
  "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
  "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
  "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
  "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
  "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
  "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
  "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
  "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

/** Length of N in bytes; verifiers and B are stored/returned left-padded to this length. */
export const N_BYTES = 384;
export const N = BigInt(`0x${N_HEX}`);
export const G = 2n;

/** Big-endian unsigned bytes → bigint (empty buffer is 0). */
export function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
}

/** Non-negative bigint → big-endian unsigned bytes, left-padded with zeros to `length` when given. */
export function toBytes(n: bigint, length = 0): Buffer {
  if (n < 0n) throw new RangeError("toBytes: negative value");
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const minimal = Buffer.from(hex, "hex");
  if (minimal.length >= length) {
    if (length > 0 && minimal.length > length) throw new RangeError(`toBytes: value needs more than ${length} bytes`);
    return minimal;
  }
  const out = Buffer.alloc(length);
  minimal.copy(out, length - minimal.length);
  return out;
}

/**
 * The bytes Cognito's clients hash for a non-negative integer: their `padHex` is Java's
 * BigInteger.toByteArray() — no leading zero bytes, plus one 0x00 when the top bit is set, and a
 * single 0x00 for zero. The server must hash exactly this, or salts/A/B/S/u that start with 0x00 or
 * with a byte >= 0x80 fail to verify (amazon-cognito-identity-js AuthenticationHelper.padHex).
 */
export function javaBytes(value: Uint8Array | bigint): Buffer {
  const bytes = typeof value === "bigint" ? toBytes(value) : value;
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  const body = Buffer.from(bytes.subarray(start));
  if (body.length === 0) return Buffer.alloc(1);
  return (body[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.alloc(1), body]) : body;
}

export function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
}

export function hmacSha256(key: Uint8Array, ...parts: Uint8Array[]): Buffer {
  const h = createHmac("sha256", key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** k = H(padHex(N) | padHex(g)), computed once, exactly as AuthenticationHelper's constructor does. */
export const K = toBigInt(sha256(javaBytes(N), javaBytes(G)));

/**
 * x = H(padHex(salt) | H(poolName | userId | ":" | password)), the client's private key
 * (AuthenticationHelper.getPasswordAuthenticationKey). Strings are hashed as UTF-8, as the clients do.
 */
export function passwordExponent(i: { poolName: string; userId: string; password: string; salt: Uint8Array }): Buffer {
  const inner = sha256(Buffer.from(`${i.poolName}${i.userId}:${i.password}`, "utf8"));
  return sha256(javaBytes(i.salt), inner);
}

/** u = H(padHex(A) | padHex(B)). */
export function scramblingParameter(A: bigint, B: bigint): Buffer {
  return sha256(javaBytes(A), javaBytes(B));
}

const HKDF_INFO = Buffer.from("Caldera Derived Key", "utf8");

/**
 * The 16-byte session key: HKDF-SHA256(ikm = padHex(S), salt = padHex(u), info = "Caldera Derived Key").
 * The clients hand-roll one HKDF block (HMAC(HMAC(salt, ikm), info | 0x01)); that is standard HKDF with
 * L = 16, so node's hkdfSync gives the same bytes.
 */
export function sessionKey(S: bigint, u: Uint8Array): Buffer {
  return Buffer.from(hkdfSync("sha256", javaBytes(S), javaBytes(u), HKDF_INFO, 16));
}

/** base^exponent mod N. Implementations: OpenSSL (production) and pure BigInt (reference/benchmark). */
export type ModPowN = (base: bigint, exponent: Uint8Array) => bigint;

// createDiffieHellman(N, 2) is cheap only because OpenSSL recognises the named group; with any other
// generator node runs DH_check's primality tests (~2 s). One instance is reused: its calls are synchronous,
// so setPrivateKey + computeSecret can never interleave with another caller on this thread.
let dh: DiffieHellman | undefined;
function group(): DiffieHellman {
  dh ??= createDiffieHellman(toBytes(N, N_BYTES), Buffer.from([2]));
  return dh;
}

// Some runtimes validate the "public key" fully before computeSecret: with the group's q known, OpenSSL's
// DH_check_pub_key also requires y^q = 1 (mod N), so it refuses every quadratic non-residue, half of all
// bases (Node 22.23 does, Node 24.22 does not; both ship OpenSSL 3.5). Probed once with 5, a non-residue.
let refusesNonResidues: boolean | undefined;
function groupRefusesNonResidues(): boolean {
  if (refusesNonResidues === undefined) {
    const d = group();
    d.setPrivateKey(Buffer.from([1]));
    try {
      d.computeSecret(Buffer.from([5]));
      refusesNonResidues = false;
    } catch {
      refusesNonResidues = true;
    }
  }
  return refusesNonResidues;
}

/**
 * Jacobi symbol (a/n) for odd n > 0, by the binary algorithm (quadratic reciprocity). For the prime N it
 * is the Legendre symbol: 1 for a quadratic residue, -1 for a non-residue, 0 for a multiple of N.
 */
export function jacobi(a: bigint, n: bigint): -1 | 0 | 1 {
  let x = ((a % n) + n) % n;
  let m = n;
  let sign: -1 | 1 = 1;
  while (x !== 0n) {
    while ((x & 1n) === 0n) {
      x >>= 1n;
      const r = m & 7n;
      if (r === 3n || r === 5n) sign = sign === 1 ? -1 : 1;
    }
    [x, m] = [m, x];
    if ((x & 3n) === 3n && (m & 3n) === 3n) sign = sign === 1 ? -1 : 1;
    x %= m;
  }
  return m === 1n ? sign : 0;
}

/**
 * base^exponent mod N through OpenSSL, for a base in 2..N-2. With `residuesOnly`, a non-residue base b is
 * replaced by N - b, which is a residue because N = 3 (mod 4) makes -1 a non-residue; then
 * b^e = (-1)^e (N - b)^e, so an odd exponent negates the result.
 */
export function dhModPowN(b: bigint, exponent: Uint8Array, residuesOnly: boolean): bigint {
  const flip = residuesOnly && jacobi(b, N) === -1;
  const d = group();
  d.setPrivateKey(Buffer.from(exponent));
  const r = toBigInt(d.computeSecret(toBytes(flip ? N - b : b)));
  return flip && (exponent[exponent.length - 1]! & 1) === 1 ? N - r : r;
}

/**
 * Native modular exponentiation: with the exponent installed as the DH private key, computeSecret(base)
 * is base^exponent mod N (constant-time in OpenSSL, result zero-padded to 384 bytes). OpenSSL refuses
 * "public keys" outside 2..N-2, so those bases, and the zero exponent, are answered here exactly.
 */
export const nativeModPowN: ModPowN = (base, exponent) => {
  const b = ((base % N) + N) % N;
  if (toBigInt(exponent) === 0n) return 1n;
  if (b === 0n || b === 1n) return b;
  if (b === N - 1n) return (exponent[exponent.length - 1]! & 1) === 1 ? b : 1n;
  return dhModPowN(b, exponent, groupRefusesNonResidues());
};

/** Pure-BigInt square-and-multiply: the slow reference the benchmark compares against. */
export const bigIntModPowN: ModPowN = (base, exponent) => {
  let result = 1n;
  let b = ((base % N) + N) % N;
  let e = toBigInt(exponent);
  while (e > 0n) {
    if ((e & 1n) === 1n) result = (result * b) % N;
    b = (b * b) % N;
    e >>= 1n;
  }
  return result;
};

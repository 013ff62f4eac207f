// Server side of SRP-6a exactly as Amazon Cognito's clients compute it (USER_SRP_AUTH / PASSWORD_VERIFIER):
// RFC 5054 3072-bit group, g = 2, SHA-256, k = H(N | g), HKDF "Caldera Derived Key", and the claim
// signature HMAC-SHA256(K, poolName | userId | secretBlock | timestamp). Reference: amazon-cognito-identity-js
// src/AuthenticationHelper.js and CognitoUser.authenticateUserDefaultAuth; @aws-amplify/auth srp/*.
//
// All big numbers cross this API as big-endian unsigned Buffers. Exponentiation is native (OpenSSL via
// node:crypto, see srpPrimitives.ts); only cheap multiplications and reductions use BigInt.
import { randomBytes, timingSafeEqual } from "node:crypto";
import {
  G,
  K,
  N,
  N_BYTES,
  hmacSha256,
  nativeModPowN,
  passwordExponent,
  scramblingParameter,
  sessionKey,
  toBigInt,
  toBytes,
  type ModPowN,
} from "./srpPrimitives.js";

export { formatSrpTimestamp, parseSrpTimestamp } from "./srpTimestamp.js";

export type Random = (n: number) => Buffer;

/** The group as Cognito's clients use it. Read-only by convention: the math below never reads these buffers. */
export const SRP_GROUP: { readonly N: Buffer; readonly g: Buffer; readonly k: Buffer } = Object.freeze({
  N: toBytes(N, N_BYTES),
  g: toBytes(G),
  k: toBytes(K, 32),
});

const SALT_BYTES = 16;
// 256-bit secret exponent: 3072-bit groups give ~128-bit security, and short exponents need twice that.
// Larger exponents cost linearly more CPU per sign-in for no gain in strength.
const SERVER_SECRET_BYTES = 32;

/** Thrown by fromHex for input that is not a hex number; callers map it to InvalidParameterException. */
export class SrpEncodingError extends Error {
  override readonly name = "SrpEncodingError";
  readonly code = "SRP_BAD_HEX" as const;
}

/** A new 16-byte random salt. */
export function newSalt(random: Random = randomBytes): Buffer {
  const salt = Buffer.from(random(SALT_BYTES));
  if (salt.length !== SALT_BYTES)
    throw new RangeError(`newSalt: random source returned ${salt.length} bytes, expected ${SALT_BYTES}`);
  return salt;
}

/** One SRP implementation over a given modPow; the exported functions use the native one. */
export function createSrp(modPow: ModPowN) {
  /** v = g^x mod N, 384 bytes. Deterministic in (poolName, userId, password, salt). */
  function computeVerifier(i: { poolName: string; userId: string; password: string; salt: Buffer }): Buffer {
    return toBytes(modPow(G, passwordExponent(i)), N_BYTES);
  }

  /** b (32 bytes, top bit set) and B = (k*v + g^b) mod N (384 bytes), B never 0 mod N. */
  function createServerEphemeral(verifier: Buffer, random: Random = randomBytes): { b: Buffer; B: Buffer } {
    const { b, B } = ephemeral(toBigInt(verifier), random);
    return { b, B: toBytes(B, N_BYTES) };
  }

  function ephemeral(v: bigint, random: Random): { b: Buffer; B: bigint } {
    if (!inRange(v)) throw new RangeError("createServerEphemeral: verifier is not in 1..N-1");
    // B = 0 would let anyone compute S; it takes g^b = -k*v, so a retry is reached only by constructed input.
    for (let attempt = 0; attempt < 8; attempt++) {
      const b = Buffer.from(random(SERVER_SECRET_BYTES));
      if (b.length !== SERVER_SECRET_BYTES) {
        throw new RangeError(
          `createServerEphemeral: random source returned ${b.length} bytes, expected ${SERVER_SECRET_BYTES}`,
        );
      }
      // A fixed bit length keeps the exponent at least 256 bits and its exponentiation time independent of b.
      b[0]! |= 0x80;
      const B = (K * v + modPow(G, b)) % N;
      if (B !== 0n) return { b, B };
    }
    throw new Error("createServerEphemeral: random source keeps producing B = 0 mod N");
  }

  /**
   * K = HKDF(S, u) with S = (A * v^u)^b mod N, the same value the client gets as (B - k*g^x)^(a + u*x);
   * null for a bad A, B or u (a bad A or u makes S independent of the password: the classic bypass).
   */
  function keyFrom(A: bigint, B: bigint, v: bigint, b: Buffer): Buffer | null {
    if (!inRange(A) || B % N === 0n || !inRange(v) || b.length === 0) return null;
    const u = scramblingParameter(A, B);
    if (toBigInt(u) === 0n) return null; // as the clients refuse u = 0: it removes v from S
    return sessionKey(modPow((A * modPow(v, u)) % N, b), u);
  }

  /**
   * Everything the server computes for one PASSWORD_VERIFIER challenge, at InitiateAuth: b, B and the
   * session key K. A arrives with InitiateAuth, so u = H(A | B) and K are known before the client
   * answers; the answer is then one HMAC check (verifyClaimSignature), and only K has to travel in the
   * SECRET_BLOCK, not b or the verifier. `key` is null for an A no honest client sends.
   */
  function startServerSession(
    verifier: Buffer,
    A: Buffer,
    random: Random = randomBytes,
  ): { b: Buffer; B: Buffer; key: Buffer | null } {
    const v = toBigInt(verifier);
    const { b, B } = ephemeral(v, random);
    return { b, B: toBytes(B, N_BYTES), key: keyFrom(toBigInt(A), B, v, b) };
  }

  /**
   * Checks PASSWORD_CLAIM_SIGNATURE. Returns false, never throws, for a bad A, B or u, a wrong password,
   * or any tampered input; the final comparison is constant-time. `salt` is accepted for the record
   * only: the verifier already binds it. (The server itself uses startServerSession + verifyClaimSignature,
   * the same math split across the two requests.)
   */
  function verifyClientProof(i: {
    poolName: string;
    userId: string;
    salt: Buffer;
    verifier: Buffer;
    A: Buffer;
    B: Buffer;
    b: Buffer;
    secretBlock: Buffer;
    timestamp: string;
    signature: Buffer;
  }): boolean {
    const key = keyFrom(toBigInt(i.A), toBigInt(i.B), toBigInt(i.verifier), i.b);
    return key !== null && verifyClaimSignature({ ...i, key });
  }

  return { computeVerifier, createServerEphemeral, startServerSession, verifyClientProof };
}

const native = createSrp(nativeModPowN);

/** v = g^x mod N (384 bytes) for a user's password, as Cognito's clients derive x. */
export const computeVerifier = native.computeVerifier;
/** The server's secret b and public B for one sign-in attempt. */
export const createServerEphemeral = native.createServerEphemeral;
/** b, B and the session key of a new PASSWORD_VERIFIER challenge. */
export const startServerSession = native.startServerSession;
/** Constant-time check of the client's PASSWORD_CLAIM_SIGNATURE; false on any failure. */
export const verifyClientProof = native.verifyClientProof;

/**
 * PASSWORD_CLAIM_SIGNATURE = HMAC-SHA256(K, poolName | userId | secretBlock | timestamp), compared in
 * constant time; false on any mismatch.
 */
export function verifyClaimSignature(i: {
  key: Buffer;
  poolName: string;
  userId: string;
  secretBlock: Buffer;
  timestamp: string;
  signature: Buffer;
}): boolean {
  const expected = hmacSha256(
    i.key,
    Buffer.from(i.poolName, "utf8"),
    Buffer.from(i.userId, "utf8"),
    i.secretBlock,
    Buffer.from(i.timestamp, "utf8"),
  );
  // Length is public (always 32 from an honest client); timingSafeEqual throws on a mismatch.
  return i.signature.length === expected.length && timingSafeEqual(i.signature, expected);
}

/**
 * SRP_A is acceptable iff 0 < A < N. The protocol requires A mod N != 0; honest clients always send the
 * reduced value g^a mod N, so values >= N are refused too rather than hashed at whatever size they come.
 */
export function isValidSrpA(A: Buffer): boolean {
  return inRange(toBigInt(A));
}

/** 0 < x < N: the range of A, and of a verifier. */
function inRange(x: bigint): boolean {
  return x > 0n && x < N;
}

/** Lower-case hex of the bytes, as sent in SRP_B and SALT (clients parse it as an integer). */
export function toHex(b: Buffer): string {
  return b.toString("hex");
}

/**
 * Hex → bytes. Clients send SRP_A as BigInteger.toString(16): minimal and therefore sometimes of odd
 * length, which Buffer.from(s, "hex") would silently truncate; so odd input is left-padded with one zero.
 */
export function fromHex(s: string): Buffer {
  if (!/^[0-9a-fA-F]+$/.test(s)) throw new SrpEncodingError("expected a non-empty hexadecimal string");
  return Buffer.from(s.length % 2 === 1 ? `0${s}` : s, "hex");
}

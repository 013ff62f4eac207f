// A native (OpenSSL-backed) client side of Cognito's SRP for our own tests and benchmarks. It computes
// what amazon-cognito-identity-js / Amplify compute (srpClient.test.ts proves it on fixed inputs), ~10x
// faster than their JS BigInteger, so a benchmark's CPU goes to the server rather than to the client.
import { randomBytes } from "node:crypto";
import { formatSrpTimestamp } from "../../src/crypto/srpTimestamp.js";
import {
  G,
  K,
  N,
  hmacSha256,
  nativeModPowN,
  passwordExponent,
  scramblingParameter,
  sessionKey,
  toBigInt,
  toBytes,
} from "../../src/crypto/srpPrimitives.js";

export type Random = (n: number) => Buffer;

export interface ClientEphemeral {
  /** secret exponent */
  a: Buffer;
  /** g^a mod N, minimal big-endian bytes */
  A: Buffer;
}

/**
 * a and A = g^a mod N. Cognito's clients use 128 random bytes for a; `aBytes` may be lowered (e.g. 32) when
 * a benchmark wants the client's share of CPU small.
 */
export function createClientEphemeral(opts: { random?: Random; aBytes?: number } = {}): ClientEphemeral {
  const random = opts.random ?? randomBytes;
  for (;;) {
    const a = Buffer.from(random(opts.aBytes ?? 128));
    const A = nativeModPowN(G, a);
    if (A !== 0n) return { a, A: toBytes(A) };
  }
}

/** SRP_A as the clients put it on the wire: BigInteger.toString(16) — lower-case, minimal, maybe odd length. */
export function srpAHex(e: ClientEphemeral): string {
  return toBigInt(e.A).toString(16);
}

/** The 16-byte HKDF key (AuthenticationHelper.getPasswordAuthenticationKey), with the clients' checks. */
export function passwordAuthenticationKey(i: {
  poolName: string;
  userId: string;
  password: string;
  salt: Buffer;
  B: Buffer;
  ephemeral: ClientEphemeral;
}): Buffer {
  const B = toBigInt(i.B);
  if (B % N === 0n) throw new Error("B cannot be zero.");
  const A = toBigInt(i.ephemeral.A);
  const u = scramblingParameter(A, B);
  const uInt = toBigInt(u);
  if (uInt === 0n) throw new Error("U cannot be zero.");
  const x = passwordExponent(i);
  const xInt = toBigInt(x);
  // S = (B - k*g^x)^(a + u*x) mod N; the base is reduced into 0..N-1 first (the clients' BigInteger does
  // the same inside modPow for a negative base).
  const base = (((B - K * nativeModPowN(G, x)) % N) + N) % N;
  const exponent = toBytes(toBigInt(i.ephemeral.a) + uInt * xInt);
  const S = nativeModPowN(base, exponent);
  return sessionKey(S, u);
}

/** PASSWORD_CLAIM_SIGNATURE bytes: HMAC-SHA256(key, poolName | userId | secretBlock | timestamp). */
export function passwordClaimSignature(i: {
  key: Buffer;
  poolName: string;
  userId: string;
  secretBlock: Buffer;
  timestamp: string;
}): Buffer {
  return hmacSha256(
    i.key,
    Buffer.from(i.poolName, "utf8"),
    Buffer.from(i.userId, "utf8"),
    i.secretBlock,
    Buffer.from(i.timestamp, "utf8"),
  );
}

/** InitiateAuth AuthParameters for USER_SRP_AUTH. */
export function srpAuthParameters(username: string, ephemeral: ClientEphemeral): { USERNAME: string; SRP_A: string } {
  return { USERNAME: username, SRP_A: srpAHex(ephemeral) };
}

/**
 * ChallengeResponses for PASSWORD_VERIFIER from the server's ChallengeParameters, as
 * CognitoUser.authenticateUserDefaultAuth builds them (USERNAME is USER_ID_FOR_SRP).
 */
export function passwordVerifierResponses(i: {
  poolName: string;
  password: string;
  ephemeral: ClientEphemeral;
  challengeParameters: Record<string, string | undefined>;
  now?: Date;
}): { USERNAME: string; PASSWORD_CLAIM_SECRET_BLOCK: string; TIMESTAMP: string; PASSWORD_CLAIM_SIGNATURE: string } {
  const p = i.challengeParameters;
  const { USER_ID_FOR_SRP: userId, SRP_B, SALT, SECRET_BLOCK } = p;
  if (!userId || !SRP_B || !SALT || !SECRET_BLOCK) {
    throw new Error(`PASSWORD_VERIFIER challenge is missing parameters: got ${Object.keys(p).join(", ")}`);
  }
  const key = passwordAuthenticationKey({
    poolName: i.poolName,
    userId,
    password: i.password,
    salt: toBytes(BigInt(`0x${SALT}`)),
    B: toBytes(BigInt(`0x${SRP_B}`)),
    ephemeral: i.ephemeral,
  });
  const timestamp = formatSrpTimestamp(i.now ?? new Date());
  const signature = passwordClaimSignature({
    key,
    poolName: i.poolName,
    userId,
    secretBlock: Buffer.from(SECRET_BLOCK, "base64"),
    timestamp,
  });
  return {
    USERNAME: userId,
    PASSWORD_CLAIM_SECRET_BLOCK: SECRET_BLOCK,
    TIMESTAMP: timestamp,
    PASSWORD_CLAIM_SIGNATURE: signature.toString("base64"),
  };
}

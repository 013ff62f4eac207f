/**
 * The PASSWORD_VERIFIER challenge travels in its SECRET_BLOCK, sealed (AES-256-GCM under the data
 * key, bound to the pool and client): the session key K, computed at InitiateAuth (srp.ts
 * startServerSession), and the salt the challenge was made for. Neither b nor the verifier leaves
 * the server, even encrypted. InitiateAuth therefore writes nothing, and RespondToAuthChallenge
 * checks the proof (one HMAC) before it touches the database; single use comes from recording the
 * challenge's random ID when it is answered (SrpAnswerStore), until the challenge would have expired
 * anyway.
 *
 * Every instance sharing the data key can open every block, so two processes behave as one pool.
 * The layout is fixed-size binary padded to a whole number of kilobytes, so a simulated challenge
 * (unknown user) seals to exactly the length of a real one. A block of another layout version (an
 * older instance's, during a rolling upgrade) is refused like an expired one: the client signs in again.
 */
import type { DataCrypto } from "../crypto/envelope.js";
import { CHALLENGE_INVALID, NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { Random } from "../random.js";

/** What a PASSWORD_VERIFIER answer is checked against. Byte fields are raw. */
export interface SrpChallenge {
  /** 16 random bytes, hex: recorded when the challenge is answered, so it is answered once. */
  id: string;
  /** Epoch ms after which the challenge cannot be answered (the client's AuthSessionValidity). */
  expiresAt: number;
  /** USER_ID_FOR_SRP as sent in the challenge. */
  username: string;
  /** The user's ID; null for the simulated challenge of an unknown name. */
  userId: string | null;
  /** The lockout subject of a simulated challenge (a MAC of the typed name); "" for a real one. */
  unknownSubject: string;
  /** K, the 16-byte session key the claim signature is an HMAC under. */
  key: Buffer;
  salt: Buffer;
}

const FORMAT = 2;
const ID_BYTES = 16;
const KEY_BYTES = 16;
const SALT_BYTES = 16;
const PAD_TO = 1024;

/**
 * The flow a block was issued in is part of what it is bound to: a PASSWORD_VERIFIER of the custom
 * flow (CUSTOM_AUTH with SRP_A) must never be answered as a plain USER_SRP_AUTH one, which would skip
 * the challenge triggers.
 */
export type SrpFlow = "USER_SRP_AUTH" | "CUSTOM_AUTH";
const aad = (poolId: string, clientId: string, flow: SrpFlow) =>
  flow === "USER_SRP_AUTH"
    ? `srp-secret-block|${poolId}|${clientId}`
    : `srp-secret-block|${flow}|${poolId}|${clientId}`;

function put(buf: Buffer, at: number, bytes: Buffer, width: number): number {
  if (bytes.length > width)
    throw new RangeError(`sealed challenge field is ${bytes.length} bytes, the layout has ${width}`);
  bytes.copy(buf, at + width - bytes.length); // left-padded: big-endian numbers keep their value
  return at + width;
}

function putString(buf: Buffer, at: number, s: string): number {
  const bytes = Buffer.from(s, "utf8");
  buf.writeUInt16BE(bytes.length, at);
  bytes.copy(buf, at + 2);
  return at + 2 + bytes.length;
}

export class SrpChallengeSealer {
  constructor(private readonly deps: { crypto: DataCrypto; random: Random }) {}

  newId(): string {
    return this.deps.random.bytes(ID_BYTES).toString("hex");
  }

  /** The SECRET_BLOCK for `c`, base64 as Cognito sends it. */
  seal(poolId: string, clientId: string, c: SrpChallenge, flow: SrpFlow = "USER_SRP_AUTH"): string {
    const strings = [c.username, c.userId ?? "", c.unknownSubject]
      .map((s) => Buffer.byteLength(s, "utf8") + 2)
      .reduce((a, b) => a + b, 0);
    const fixed = 2 + 8 + ID_BYTES + KEY_BYTES + SALT_BYTES;
    const size = Math.ceil((fixed + strings) / PAD_TO) * PAD_TO;
    const buf = Buffer.alloc(size);
    buf.writeUInt8(FORMAT, 0);
    buf.writeUInt8(c.userId === null ? 1 : 0, 1);
    buf.writeBigUInt64BE(BigInt(c.expiresAt), 2);
    let at = put(buf, 10, Buffer.from(c.id, "hex"), ID_BYTES);
    at = put(buf, at, c.key, KEY_BYTES);
    at = put(buf, at, c.salt, SALT_BYTES);
    at = putString(buf, at, c.username);
    at = putString(buf, at, c.userId ?? "");
    putString(buf, at, c.unknownSubject);
    return this.deps.crypto.seal(buf, aad(poolId, clientId, flow)).toString("base64");
  }

  /**
   * Opens a SECRET_BLOCK sent back by `clientId` at `now`. A block from another pool or client,
   * a tampered, truncated or expired one all get Cognito's NotAuthorizedException.
   */
  open(
    poolId: string,
    clientId: string,
    secretBlock: string,
    now: number,
    flow: SrpFlow = "USER_SRP_AUTH",
  ): SrpChallenge {
    let buf: Buffer;
    try {
      buf = this.deps.crypto.open(Buffer.from(secretBlock, "base64"), aad(poolId, clientId, flow));
    } catch {
      throw new NotAuthorizedException(CHALLENGE_INVALID);
    }
    // Authenticated, so it is a block this server wrote; the checks below guard against format changes.
    if (buf.length < PAD_TO || buf.readUInt8(0) !== FORMAT) throw new NotAuthorizedException(CHALLENGE_INVALID);
    const expiresAt = Number(buf.readBigUInt64BE(2));
    if (expiresAt <= now) throw new NotAuthorizedException(CHALLENGE_INVALID);
    let at = 10;
    const take = (n: number) => {
      const bytes = Buffer.from(buf.subarray(at, at + n));
      at += n;
      return bytes;
    };
    const takeString = () => {
      const n = buf.readUInt16BE(at);
      at += 2;
      return take(n).toString("utf8");
    };
    const id = take(ID_BYTES).toString("hex");
    const key = take(KEY_BYTES);
    const salt = take(SALT_BYTES);
    const username = takeString();
    const userId = takeString();
    const unknownSubject = takeString();
    return { id, expiresAt, username, userId: buf.readUInt8(1) === 1 ? null : userId, unknownSubject, key, salt };
  }
}

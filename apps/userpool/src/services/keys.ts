import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPair as nodeGenerateKeyPair,
  type KeyObject,
} from "node:crypto";
import { promisify } from "node:util";
import { calculateJwkThumbprint, type JWK } from "jose";
import type { Clock } from "../clock.js";
import type { DataCrypto } from "../crypto/envelope.js";
import type { KeyRow, Store } from "../store/index.js";

export type TokenUse = "id" | "access";

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

/**
 * Produces an RSA key pair; injectable so tests can reuse a pre-generated pair
 * instead of paying for RSA generation.
 */
export type RsaKeyGenerator = () => Promise<{ privateKey: KeyObject; publicKey: KeyObject }>;

export const generateRsa2048: RsaKeyGenerator = () =>
  promisify(nodeGenerateKeyPair)("rsa", { modulusLength: 2048 }) as Promise<{
    privateKey: KeyObject;
    publicKey: KeyObject;
  }>;

const privateAad = (poolId: string, kid: string) => `signing-key|${poolId}|${kid}`;

// Signing keys are cached per process; the TTL bounds how long an instance can keep using a key
// another instance replaced (e.g. a pool deleted and recreated under the same ID).
const CACHE_TTL_MS = 5 * 60 * 1000;

/**
 * Per-pool RS256 key pairs with separate kids for ID and access tokens, as Cognito publishes them.
 * Private keys are stored as PKCS#8 encrypted under the data key. Keys are created on first use;
 * instances racing to create them converge on the first insert (unique index).
 */
export class KeyService {
  private readonly cache = new Map<string, { at: number; keys: Promise<Record<TokenUse, SigningKey>> }>();
  /**
   * Verification keys by pool and kid. A kid names one key for ever (kids are random and never
   * reused), so an entry cannot go stale; a deleted pool's entries are harmless, as its pool and
   * users are gone for every instance, and this instance drops them in `forget`.
   */
  private readonly verifying = new Map<string, KeyObject>();
  private readonly generate: RsaKeyGenerator;

  constructor(
    private readonly deps: { store: Store; crypto: DataCrypto; clock: Clock; generateRsaKeyPair?: RsaKeyGenerator },
  ) {
    this.generate = deps.generateRsaKeyPair ?? generateRsa2048;
  }

  async signingKey(poolId: string, use: TokenUse): Promise<SigningKey> {
    const now = this.deps.clock.now().getTime();
    let entry = this.cache.get(poolId);
    if (!entry || now - entry.at > CACHE_TTL_MS) {
      entry = { at: now, keys: this.loadOrCreate(poolId) };
      this.cache.set(poolId, entry);
      entry.keys.catch(() => this.cache.delete(poolId));
    }
    return (await entry.keys)[use];
  }

  /** The public key for a kid of this pool (verifying our own access tokens). */
  async publicKey(poolId: string, kid: string): Promise<KeyObject | undefined> {
    const cacheKey = `${poolId}|${kid}`;
    const hit = this.verifying.get(cacheKey);
    if (hit) return hit;
    // A kid not on record is not remembered: tokens with made-up kids must not fill the map.
    const row = (await this.deps.store.keys.listForPool(poolId)).find((k) => k.kid === kid);
    if (!row) return undefined;
    const key = createPublicKey({ key: row.publicJwk as JWK & { kty: string }, format: "jwk" });
    this.verifying.set(cacheKey, key);
    return key;
  }

  /** The pool's JWKS as served at /<poolId>/.well-known/jwks.json. */
  async jwks(poolId: string): Promise<{ keys: JWK[] }> {
    await this.signingKey(poolId, "id");
    const rows = await this.deps.store.keys.listForPool(poolId);
    return { keys: rows.map((r) => r.publicJwk as JWK) };
  }

  /** Drops cached keys (after a pool is deleted). */
  forget(poolId: string): void {
    this.cache.delete(poolId);
    for (const k of this.verifying.keys()) if (k.startsWith(`${poolId}|`)) this.verifying.delete(k);
  }

  private async loadOrCreate(poolId: string): Promise<Record<TokenUse, SigningKey>> {
    let rows = await this.deps.store.keys.listForPool(poolId);
    for (const use of ["id", "access"] as const) {
      if (rows.some((r) => r.use === use)) continue;
      await this.deps.store.keys.insertIfAbsent(await this.newKey(poolId, use));
      rows = await this.deps.store.keys.listForPool(poolId);
    }
    const pick = (use: TokenUse): SigningKey => {
      const row = rows.find((r) => r.use === use);
      if (!row) throw new Error(`no ${use} signing key for pool ${poolId}`);
      const der = this.deps.crypto.decrypt(row.privateEnc, privateAad(poolId, row.kid));
      return { kid: row.kid, privateKey: createPrivateKey({ key: der, format: "der", type: "pkcs8" }) };
    };
    return { id: pick("id"), access: pick("access") };
  }

  private async newKey(poolId: string, use: TokenUse): Promise<KeyRow> {
    const { privateKey, publicKey } = await this.generate();
    const jwk = publicKey.export({ format: "jwk" }) as JWK;
    // Base64 like Cognito's kids; bound to pool and use so one key pair can never be confused across them.
    const thumbprint = await calculateJwkThumbprint(jwk, "sha256");
    const kid = createHash("sha256").update(`${poolId}|${use}|${thumbprint}`).digest("base64");
    const publicJwk = { alg: "RS256", e: jwk.e, kid, kty: "RSA", n: jwk.n, use: "sig" };
    const der = privateKey.export({ format: "der", type: "pkcs8" });
    return {
      kid,
      poolId,
      use,
      publicJwk,
      privateEnc: this.deps.crypto.encrypt(der, privateAad(poolId, kid)),
      createdAt: this.deps.clock.now().getTime(),
    };
  }
}

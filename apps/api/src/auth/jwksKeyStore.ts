import { importJWK, type CryptoKey, type JWK } from "jose";
import type { Clock } from "../clock.js";
import { AuthError } from "./errors.js";

export interface JwksKeyStoreOptions {
  /** The one place keys come from. Header-supplied locations (`jku`, `x5u`, `jwk`) are never used. */
  jwksUri: string;
  clock: Clock;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Minimum time between two JWKS fetches, whatever their outcome. Default 10 s. */
  minRefetchIntervalMs?: number;
  /** Give up on a JWKS fetch after this long. Default 5 s. */
  timeoutMs?: number;
}

export interface JwksStats {
  fetches: number;
  failures: number;
  keys: number;
  lastFetchAt: number | undefined;
}

// A JWKS is a few KB; anything this large is not one and is not worth parsing.
const MAX_JWKS_BYTES = 256 * 1024;

/**
 * The issuer's signing keys, imported once and kept in memory.
 *
 * Policy: hydrate at start, then refetch only when a token names a `kid` we do not
 * hold, and at most once per `minRefetchIntervalMs` however many such tokens arrive. Concurrent
 * misses share one in-flight fetch. Keys are imported to CryptoKeys once per fetch, so requests
 * never re-parse key material (the tutorial's second defect).
 */
export class JwksKeyStore {
  private keys = new Map<string, CryptoKey>();
  private lastAttemptAt: number | undefined;
  private lastAttemptFailed = false;
  private inflight: Promise<void> | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly minRefetchIntervalMs: number;
  private readonly timeoutMs: number;
  private counters = { fetches: 0, failures: 0 };

  constructor(private readonly options: JwksKeyStoreOptions) {
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.minRefetchIntervalMs = options.minRefetchIntervalMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  /** Fetches the JWKS now unless a fetch already happened within the interval. Throws `jwks_unavailable` on failure. */
  async hydrate(): Promise<void> {
    await this.refresh();
    if (this.lastAttemptFailed)
      throw new AuthError("jwks_unavailable", "The issuer's signing keys could not be fetched");
  }

  /** True when the key is currently published; lets the token cache drop tokens signed by rotated-out keys. */
  has(kid: string): boolean {
    return this.keys.has(kid);
  }

  /** The key for `kid`, refetching the JWKS only if it is unknown and the refetch gate is open. */
  async getKey(kid: string): Promise<CryptoKey> {
    const known = this.keys.get(kid);
    if (known) return known;
    await this.refresh();
    const key = this.keys.get(kid);
    if (key) return key;
    // We could not ask the issuer: a kid we do not know may be a freshly rotated key, so this is
    // an outage on our side (503), not a verdict on the token (401).
    if (this.lastAttemptFailed)
      throw new AuthError("jwks_unavailable", "The issuer's signing keys could not be fetched; try again shortly");
    throw new AuthError("unknown_kid", "The token was signed with an unknown key");
  }

  stats(): JwksStats {
    return { ...this.counters, keys: this.keys.size, lastFetchAt: this.lastAttemptAt };
  }

  private refresh(): Promise<void> {
    if (this.inflight) return this.inflight;
    const now = this.options.clock.now();
    if (this.lastAttemptAt !== undefined && now - this.lastAttemptAt < this.minRefetchIntervalMs)
      return Promise.resolve();
    this.lastAttemptAt = now;
    this.inflight = this.fetchKeys()
      .then(
        (keys) => {
          // Replace, not merge: a key the issuer stopped publishing must stop verifying tokens.
          this.keys = keys;
          this.lastAttemptFailed = false;
        },
        () => {
          // Keep the keys we had: an outage of the JWKS endpoint must not lock out valid tokens.
          this.counters.failures++;
          this.lastAttemptFailed = true;
        },
      )
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  private async fetchKeys(): Promise<Map<string, CryptoKey>> {
    this.counters.fetches++;
    // redirect: "error" — the JWKS location is configuration; a redirect is a misconfiguration or an attack.
    const res = await this.fetchImpl(this.options.jwksUri, {
      headers: { accept: "application/json" },
      redirect: "error",
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`JWKS endpoint answered ${res.status}`);
    const text = await res.text();
    if (text.length > MAX_JWKS_BYTES) throw new Error("JWKS response too large");
    const body = JSON.parse(text) as unknown;
    const list =
      body && typeof body === "object" && Array.isArray((body as { keys?: unknown }).keys)
        ? (body as { keys: unknown[] }).keys
        : undefined;
    if (!list) throw new Error("JWKS response has no keys array");
    const keys = new Map<string, CryptoKey>();
    for (const entry of list) {
      const jwk = usableRsaSigningKey(entry);
      if (!jwk) continue;
      try {
        keys.set(jwk.kid, (await importJWK({ kty: "RSA", n: jwk.n, e: jwk.e }, "RS256")) as CryptoKey);
      } catch {
        // A malformed key must not take the valid ones down with it.
      }
    }
    if (keys.size === 0) throw new Error("JWKS holds no usable RS256 signing key");
    return keys;
  }
}

// Only RSA public keys meant for signatures with RS256 (or no alg) are candidates; Cognito publishes exactly these.
function usableRsaSigningKey(entry: unknown): (JWK & { kid: string; n: string; e: string }) | undefined {
  if (!entry || typeof entry !== "object") return undefined;
  const jwk = entry as JWK;
  if (jwk.kty !== "RSA" || typeof jwk.kid !== "string" || typeof jwk.n !== "string" || typeof jwk.e !== "string")
    return undefined;
  if (jwk.use !== undefined && jwk.use !== "sig") return undefined;
  if (jwk.alg !== undefined && jwk.alg !== "RS256") return undefined;
  // Private members have no business in a JWKS; refusing them avoids ever holding a leaked private key.
  if ("d" in jwk) return undefined;
  return jwk as JWK & { kid: string; n: string; e: string };
}

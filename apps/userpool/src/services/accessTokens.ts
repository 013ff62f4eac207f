import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import type { Clock } from "../clock.js";
import { NotAuthorizedException, UserNotFoundException } from "../errors/cognitoErrors.js";
import type { UserMfaRow, UserRow } from "../store/index.js";
import type { KeyService } from "./keys.js";
import type { Pool, PoolService } from "./pools.js";
import { assertAccessTokenLive } from "./revocation.js";
import type { PublicUrls } from "./urls.js";
import type { Store } from "../store/index.js";
import { VerifiedTokenCache } from "./verifiedTokens.js";

export interface AuthenticatedAccess {
  pool: Pool;
  user: UserRow;
  /** The user's MFA settings, read with it (GetUser lists them). */
  mfa: UserMfaRow | undefined;
  claims: JWTPayload & { client_id?: string; origin_jti?: string; username?: string };
}

/** The claims of a token that passed `verify`: token_use is "access" and sub a string. */
type VerifiedClaims = AuthenticatedAccess["claims"] & { sub: string };

const INVALID = "Invalid Access Token";
/** Verified tokens kept (ADR 0042): ~1.5 KB each with its claims, so at most a few MB. */
const VERIFIED_TOKENS = 2048;

/**
 * The one place that decides whether an AccessToken presented to the JSON API is still good:
 * signature with the pool's key, issuer, expiry, token_use, and that the user still exists and is
 * enabled. Revocation (GlobalSignOut watermark, RevokeToken by origin_jti) belongs here too.
 * With the pool's settings and verification key cached, the check is one SQL statement
 * (UserStore.getForAccess): every operation authorised by an AccessToken starts here.
 * A token seen before skips the parse and the signature check (VerifiedTokenCache) but nothing else:
 * the pool, the key, the expiry and that read (revocation, user, enabled) are checked on every call.
 */
export class AccessTokenService {
  private readonly verified: VerifiedTokenCache<VerifiedClaims>;

  constructor(
    private readonly deps: {
      keys: KeyService;
      pools: PoolService;
      store: Store;
      urls: PublicUrls;
      clock: Clock;
      /** Verified tokens remembered (0: none). */
      verifiedTokens?: number;
    },
  ) {
    this.verified = new VerifiedTokenCache(deps.verifiedTokens ?? VERIFIED_TOKENS);
  }

  async authenticate(token: string): Promise<AuthenticatedAccess> {
    const now = this.deps.clock.now().getTime();
    const hit = this.verified.get(token, now);
    // The same key object as when verified: a forgotten or replaced key (pool deleted) re-verifies, and fails.
    const pool = hit && (await this.deps.pools.findPool(hit.poolId));
    if (hit && pool && (await this.deps.keys.publicKey(hit.poolId, hit.kid)) === hit.key)
      return this.live(pool, hit.claims);
    return this.verify(token, now);
  }

  /** The full check of a token not cached: header, issuer, pool, key, RS256 signature, claims. */
  private async verify(token: string, now: number): Promise<AuthenticatedAccess> {
    let kid: string | undefined;
    let iss: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
      iss = decodeJwt(token).iss;
    } catch {
      throw new NotAuthorizedException(INVALID);
    }
    const poolId = iss?.split("/").pop();
    if (!kid || !iss || !poolId || iss !== this.deps.urls.issuer(poolId)) throw new NotAuthorizedException(INVALID);
    const pool = await this.deps.pools.findPool(poolId);
    const key = pool && (await this.deps.keys.publicKey(poolId, kid));
    if (!pool || !key) throw new NotAuthorizedException(INVALID);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: ["RS256"],
        issuer: iss,
        currentDate: new Date(now),
      }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw new NotAuthorizedException("Access Token has expired");
      throw new NotAuthorizedException(INVALID);
    }
    if (payload.token_use !== "access" || typeof payload.sub !== "string") throw new NotAuthorizedException(INVALID);
    const claims = payload as VerifiedClaims;
    // Our access tokens always carry exp and never nbf; one that did not would not be cached.
    if (typeof claims.exp === "number" && claims.nbf === undefined)
      this.verified.set(token, { poolId, kid, key, claims: Object.freeze(claims), expMs: claims.exp * 1000 }, now);
    return this.live(pool, claims);
  }

  /** What can change while a token lives, read on every call: the user, enabled, revocation. */
  private async live(pool: Pool, claims: VerifiedClaims): Promise<AuthenticatedAccess> {
    const origin = typeof claims.origin_jti === "string" ? claims.origin_jti : undefined;
    const read = await this.deps.store.users.getForAccess(pool.id, claims.sub, origin);
    if (!read) throw new UserNotFoundException("User does not exist.");
    const { user, mfa } = read;
    if (!user.enabled) throw new NotAuthorizedException("User is disabled.");
    assertAccessTokenLive(read, claims);
    return { pool, user, mfa, claims };
  }
}

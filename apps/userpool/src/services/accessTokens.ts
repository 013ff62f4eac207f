import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import type { Clock } from "../clock.js";
import { NotAuthorizedException, UserNotFoundException } from "../errors/cognitoErrors.js";
import type { UserMfaRow, UserRow } from "../store/index.js";
import type { KeyService } from "./keys.js";
import type { Pool, PoolService } from "./pools.js";
import { assertAccessTokenLive } from "./revocation.js";
import type { PublicUrls } from "./urls.js";
import type { Store } from "../store/index.js";

export interface AuthenticatedAccess {
  pool: Pool;
  user: UserRow;
  /** The user's MFA settings, read with it (GetUser lists them). */
  mfa: UserMfaRow | undefined;
  claims: JWTPayload & { client_id?: string; origin_jti?: string; username?: string };
}

const INVALID = "Invalid Access Token";

/**
 * The one place that decides whether an AccessToken presented to the JSON API is still good:
 * signature with the pool's key, issuer, expiry, token_use, and that the user still exists and is
 * enabled. Revocation (GlobalSignOut watermark, RevokeToken by origin_jti) belongs here too.
 * With the pool's settings and verification key cached, the check is one SQL statement
 * (UserStore.getForAccess): every operation authorised by an AccessToken starts here.
 */
export class AccessTokenService {
  constructor(
    private readonly deps: {
      keys: KeyService;
      pools: PoolService;
      store: Store;
      urls: PublicUrls;
      clock: Clock;
    },
  ) {}

  async authenticate(token: string): Promise<AuthenticatedAccess> {
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
    let claims: AuthenticatedAccess["claims"];
    try {
      ({ payload: claims } = await jwtVerify(token, key, {
        algorithms: ["RS256"],
        issuer: iss,
        currentDate: this.deps.clock.now(),
      }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw new NotAuthorizedException("Access Token has expired");
      throw new NotAuthorizedException(INVALID);
    }
    if (claims.token_use !== "access" || typeof claims.sub !== "string") throw new NotAuthorizedException(INVALID);
    const origin = typeof claims.origin_jti === "string" ? claims.origin_jti : undefined;
    const read = await this.deps.store.users.getForAccess(pool.id, claims.sub, origin);
    if (!read) throw new UserNotFoundException("User does not exist.");
    const { user, mfa } = read;
    if (!user.enabled) throw new NotAuthorizedException("User is disabled.");
    assertAccessTokenLive(read, claims);
    return { pool, user, mfa, claims };
  }
}

/**
 * Sign-out and revocation: the one place that ends sessions and the one place that says whether a
 * session has been ended.
 *
 * A session is everything descended from one authentication: its refresh tokens (rotated or not)
 * and every ID/access token minted from them share one `origin_jti`. RevokeToken ends one session
 * by revoking its origin; GlobalSignOut ends all of a user's sessions by revoking every origin the
 * user holds and moving a per-user watermark (for tokens whose origin is not on record).
 */
import type { Clock } from "../clock.js";
import { sha256 } from "../crypto/envelope.js";
import {
  NotAuthorizedException,
  UnauthorizedException,
  UnsupportedOperationException,
  UnsupportedTokenTypeException,
} from "../errors/cognitoErrors.js";
import type { RefreshTokenRow, Store, UserRow } from "../store/index.js";
import type { Client, Pool } from "./pools.js";

/** Access and ID tokens live at most a day (client validity range), so a revocation record outlives them by that. */
const MAX_ACCESS_TOKEN_MS = 86_400_000;
const REVOKED_ACCESS = "Access Token has been revoked";

/** The claims of a verified access token that revocation looks at. */
export interface SessionClaims {
  origin_jti?: unknown;
  iat?: unknown;
}

export class RevocationService {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  /**
   * RevokeToken: ends the session of a refresh token issued to `client` — the token, its rotated
   * successors and every access/ID token sharing its origin_jti. The user's other sessions survive.
   * An unknown or already revoked token is a no-op (RFC 7009 §2.2: the caller's intent is met).
   * Throws UnsupportedOperationException when the client has EnableTokenRevocation off,
   * UnsupportedTokenTypeException for a JWT (only refresh tokens can be revoked), and
   * UnauthorizedException when the token belongs to another client.
   */
  async revokeRefreshToken(client: Client, token: string): Promise<void> {
    if (!client.settings.EnableTokenRevocation)
      throw new UnsupportedOperationException("Token revocation is not enabled for this app client.");
    // Cognito's refresh tokens are opaque here; a three-part JWT is an access or ID token.
    if (token.split(".").length === 3) throw new UnsupportedTokenTypeException("Only refresh tokens can be revoked.");
    const row = await this.deps.store.refreshTokens.get(sha256(token));
    if (!row) return;
    if (row.clientId !== client.id || row.poolId !== client.poolId)
      throw new UnauthorizedException("The token was not issued to this client.");
    await this.revokeOrigin({
      poolId: row.poolId,
      originJti: row.originJti,
      userId: row.userId,
      tokensExpireAt: row.expiresAt,
    });
  }

  /**
   * Ends one session by its origin_jti (for /oauth2/revoke, and for the tokens of a replayed
   * authorization code). `tokensExpireAt` is the latest expiry of the session's refresh tokens,
   * when known; the record is kept until every token of the session has expired.
   */
  async revokeOrigin(i: {
    poolId: string;
    originJti: string;
    userId?: string | null;
    tokensExpireAt?: number;
  }): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const expiresAt = Math.max(i.tokensExpireAt ?? 0, now) + MAX_ACCESS_TOKEN_MS;
    await this.deps.store.revocations.revokeOrigin({
      poolId: i.poolId,
      originJti: i.originJti,
      userId: i.userId ?? null,
      now,
      expiresAt,
    });
    await this.deps.store.revocations.purgeExpired(now);
  }

  /**
   * Refresh-token reuse (RFC 9700 §4.14.2): a retired refresh token came back, so two parties hold
   * copies of this session; ends it. `latestExpiry` bounds the expiry of every refresh token the
   * session may still get. Returns false when the session had ended already (nothing written).
   */
  async endReusedSession(row: RefreshTokenRow, latestExpiry: number): Promise<boolean> {
    const st = await this.deps.store.revocations.status({
      poolId: row.poolId,
      userId: row.userId,
      originJti: row.originJti,
    });
    if (st.originRevokedAt !== null) return false;
    await this.revokeOrigin({
      poolId: row.poolId,
      originJti: row.originJti,
      userId: row.userId,
      tokensExpireAt: latestExpiry,
    });
    return true;
  }

  /**
   * GlobalSignOut, AdminUserGlobalSignOut: every refresh token of the user dies
   * and the userpool's APIs refuse every access token issued before now.
   */
  async signOutEverywhere(pool: Pool, user: UserRow): Promise<void> {
    await this.endSessions(pool, user, { watermark: true });
  }

  /**
   * AdminDisableUser: "revokes all access tokens for the user" (API reference) — the watermark
   * refuses every access token issued so far; refresh tokens are refused while the user is disabled
   * and mint fresh access tokens again once an administrator enables the user.
   */
  async revokeAccessTokens(pool: Pool, user: UserRow): Promise<void> {
    // `iat` has one-second resolution and these sessions keep their origins, so the watermark goes to
    // the end of the current second: every token issued so far is covered (and, harmlessly, one
    // refreshed within the same second after a re-enable).
    const now = this.deps.clock.now().getTime();
    await this.deps.store.revocations.setWatermark({
      poolId: pool.id,
      userId: user.id,
      now: (Math.floor(now / 1000) + 1) * 1000,
    });
  }

  /**
   * Ends the user's sessions except `keepOrigin` (the caller's own, for ChangePassword), without a
   * watermark so the kept session's tokens stay good. Used when the pool sets
   * RevokeSessionsOnPasswordChange.
   */
  async endOtherSessions(pool: Pool, user: UserRow, keepOrigin?: string): Promise<void> {
    await this.endSessions(pool, user, { watermark: false, ...(keepOrigin ? { keepOrigin } : {}) });
  }

  private async endSessions(pool: Pool, user: UserRow, o: { watermark: boolean; keepOrigin?: string }): Promise<void> {
    const now = this.deps.clock.now().getTime();
    await this.deps.store.revocations.revokeUserSessions({
      poolId: pool.id,
      userId: user.id,
      now,
      retainMs: MAX_ACCESS_TOKEN_MS,
      watermark: o.watermark,
      ...(o.keepOrigin ? { exceptOrigin: o.keepOrigin } : {}),
    });
    await this.deps.store.revocations.purgeExpired(now);
  }
}

/**
 * For AccessTokenService.authenticate: refuses a token whose session was revoked, or that was
 * issued in a whole second before the user's last GlobalSignOut. (`iat` has one-second
 * resolution; a token from the very second of the sign-out is decided by its origin alone.) The
 * facts come from UserStore.getForAccess, read with the user in one statement.
 */
export function assertAccessTokenLive(
  st: { originRevokedAt: number | null; signedOutAt: number | null },
  claims: SessionClaims,
): void {
  if (st.originRevokedAt !== null) throw new NotAuthorizedException(REVOKED_ACCESS);
  if (st.signedOutAt !== null && typeof claims.iat === "number" && (claims.iat + 1) * 1000 <= st.signedOutAt)
    throw new NotAuthorizedException(REVOKED_ACCESS);
}

import type { AuthenticationResultType } from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import { sha256 } from "../crypto/envelope.js";
import { InvalidParameterException, NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { Logger } from "../log.js";
import type { RefreshTokenRow, Store, UserRow } from "../store/index.js";
import { checkSecretHash } from "./secretHash.js";
import { validitySeconds } from "./poolSettings.js";
import type { Client, Pool, PoolService } from "./pools.js";
import type { RevocationService } from "./revocation.js";
import type { DeviceService } from "./devices.js";
import type { TokenService } from "./tokens.js";
import type { UserService } from "./users.js";

/**
 * What presenting a retired refresh token (rotated out, outside the client's RetryGracePeriodSeconds,
 * or replaced by a retry) does. REVOKE_FAMILY (the default) ends the session it belongs to, every
 * refresh token and access token of it, as RFC 9700 §4.14.2 and OWASP ASVS 5.0 ask: one of two
 * holders of a copy presented it, and the server cannot tell which. REFUSE_TOKEN is Cognito's
 * behaviour: that token is refused and its successor stays valid ("Refresh tokens", Amazon Cognito
 * developer guide; API reference, RefreshTokenRotationType). An operator setting of the config
 * file's pool entry, since Cognito's API has no member for it.
 */
export const REFRESH_TOKEN_REUSE = ["REVOKE_FAMILY", "REFUSE_TOKEN"] as const;
export type RefreshTokenReuse = (typeof REFRESH_TOKEN_REUSE)[number];
export const DEFAULT_REFRESH_TOKEN_REUSE: RefreshTokenReuse = "REVOKE_FAMILY";

const REVOKED = "Refresh Token has been revoked";

/** One refresh request, whichever protocol carried it. */
export interface RefreshRequest {
  pool: Pool;
  client: Client;
  refreshToken: string;
  rotate: boolean;
  /** Client-secret check; gets the token's user because SECRET_HASH is computed over the username. */
  checkSecret(user: UserRow): void;
  clientMetadata?: Record<string, string>;
  /** DEVICE_KEY / DeviceKey as sent: required for a session made with a remembered device (devices.ts). */
  deviceKey?: string;
}

/**
 * Refresh: REFRESH_TOKEN_AUTH (no new refresh token) and GetTokensFromRefreshToken (a new one when
 * the client has RefreshTokenRotation enabled); /oauth2/token's refresh_token grant comes here too.
 * Refreshed tokens keep the original origin_jti and auth_time, so a refresh stays tied to the
 * sign-in it came from (the token "family").
 */
export class RefreshService {
  private readonly reuse: (poolId: string) => RefreshTokenReuse;

  constructor(
    private readonly deps: {
      store: Store;
      tokens: TokenService;
      users: UserService;
      clock: Clock;
      revocation: RevocationService;
      devices: DeviceService;
      log: Logger;
      /** The pool's RefreshTokenReuse setting (config file); REVOKE_FAMILY when absent. */
      refreshTokenReuse?: (poolId: string) => RefreshTokenReuse | undefined;
    },
  ) {
    this.reuse = (poolId) => deps.refreshTokenReuse?.(poolId) ?? DEFAULT_REFRESH_TOKEN_REUSE;
  }

  async refresh(i: RefreshRequest): Promise<AuthenticationResultType> {
    const hash = sha256(i.refreshToken);
    // One statement reads the token, its session's revocation and its grant; a second the user and groups.
    const read = await this.deps.store.refreshTokens.getForRefresh(hash);
    const row = read?.row;
    const now = this.deps.clock.now().getTime();
    if (!read || !row || row.clientId !== i.client.id || row.poolId !== i.pool.id)
      throw new NotAuthorizedException("Invalid Refresh Token");
    // Reuse is judged only before expiry: housekeeping deletes expired tokens after a week, and
    // the answer must not depend on whether it has run yet.
    const expired = row.expiresAt <= now;
    if (row.revokedAt !== null) {
      // Either its session has ended already (nothing more to do) or it is the successor a
      // grace-period retry replaced, which only the first requester received: a replay.
      if (!expired) await this.reused(i, row, now);
      throw new NotAuthorizedException(REVOKED);
    }
    if (expired) throw new NotAuthorizedException("Refresh Token has expired");
    const grace = (i.client.settings.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0) * 1000;
    if (row.rotatedAt !== null && !(i.rotate && now < row.rotatedAt + grace)) {
      // Inside the grace period the old token still rotates (a client retry); outside it, it is a replay.
      if (now >= row.rotatedAt + grace) await this.reused(i, row, now);
      throw new NotAuthorizedException(REVOKED);
    }
    // RevokeToken / GlobalSignOut revoke by origin; a successor minted by a racing rotation is caught here
    // (revokeOrigin records the origin before it marks the rows, and the token and record are read together).
    if (read.originRevokedAt !== null) throw new NotAuthorizedException(REVOKED);
    const found = await this.deps.users.getByIdWithGroups(i.pool, row.userId);
    if (!found) throw new NotAuthorizedException("User does not exist.");
    const { user, groups } = found;
    if (!user.enabled) throw new NotAuthorizedException("User is disabled.");
    i.checkSecret(user);
    const deviceKey = await this.deps.devices.checkRefresh(i.pool, row.originJti, user.id, i.deviceKey);

    let nextToken: string | undefined;
    if (i.rotate) {
      // Rotate before minting access tokens: of concurrent refreshes with one token, only the winner gets anything.
      const next = this.deps.tokens.mintRefreshToken({
        pool: i.pool,
        client: i.client,
        userId: user.id,
        originJti: row.originJti,
        authTime: row.authTime,
      });
      const rotated = await this.deps.store.refreshTokens.rotate(hash, next.row, now, grace);
      // Lost a race to another rotation of this token: the same replay, seen one step later.
      if (rotated === "replayed") await this.endFamily(i.pool, i.client, row, now);
      if (rotated !== "rotated") throw new NotAuthorizedException(REVOKED);
      nextToken = next.token;
    }
    // Sessions from the hosted UI keep the scopes they were granted (oauth_grants); API sign-ins have none on record.
    const scopes = read.grantScopes;
    const result = await this.deps.tokens.issueTokenSet({
      pool: i.pool,
      client: i.client,
      user,
      groups,
      source: "TokenGeneration_RefreshTokens",
      ...(scopes ? { scopes } : {}),
      authTime: row.authTime,
      originJti: row.originJti,
      ...(deviceKey !== undefined ? { deviceKey } : {}),
      withRefreshToken: false,
      ...(i.clientMetadata ? { clientMetadata: i.clientMetadata } : {}),
    });
    return nextToken ? { ...result, RefreshToken: nextToken } : result;
  }

  /** A retired token came back. Only a caller that passes the client's secret check may end the session. */
  private async reused(i: RefreshRequest, row: RefreshTokenRow, now: number): Promise<void> {
    if (this.reuse(i.pool.id) !== "REVOKE_FAMILY") return;
    const user = await this.deps.users.getById(i.pool, row.userId);
    if (!user) return;
    i.checkSecret(user);
    await this.endFamily(i.pool, i.client, row, now);
  }

  private async endFamily(pool: Pool, client: Client, row: RefreshTokenRow, now: number): Promise<void> {
    if (this.reuse(pool.id) !== "REVOKE_FAMILY") return;
    // A successor minted by a rotation racing this one expires at most a refresh lifetime from now.
    const latestExpiry =
      now +
      validitySeconds(client.settings.RefreshTokenValidity, client.settings.TokenValidityUnits.RefreshToken) * 1000;
    if (await this.deps.revocation.endReusedSession(row, latestExpiry)) {
      this.deps.log.warn(
        { poolId: pool.id, clientId: client.id, sub: row.userId, originJti: row.originJti },
        "refresh token reused: the session is revoked",
      );
    }
  }
}

/**
 * REFRESH_TOKEN_AUTH / REFRESH_TOKEN as InitiateAuth and AdminInitiateAuth take it. With rotation
 * on, Cognito requires GetTokensFromRefreshToken instead (API reference, RefreshTokenRotationType).
 */
export async function refreshFromAuthParameters(
  deps: { pools: PoolService; refresh: RefreshService },
  pool: Pool,
  client: Client,
  params: Record<string, string> | undefined,
  // (Admin)InitiateAuth's ClientMetadata reaches no PreTokenGeneration trigger (API reference,
  // InitiateAuth ClientMetadata); only GetTokensFromRefreshToken passes it on.
  _clientMetadata?: Record<string, string>,
): Promise<AuthenticationResultType> {
  const refreshToken = params?.REFRESH_TOKEN;
  if (!refreshToken) throw new InvalidParameterException("Missing required parameter REFRESH_TOKEN");
  if (client.settings.RefreshTokenRotation?.Feature === "ENABLED") {
    throw new InvalidParameterException(
      "Refresh token rotation is enabled for this client; refresh with GetTokensFromRefreshToken.",
    );
  }
  return deps.refresh.refresh({
    pool,
    client,
    refreshToken,
    rotate: false,
    // SECRET_HASH may be computed over any name the user is known by.
    checkSecret: (user) =>
      checkSecretHash(
        deps.pools,
        client,
        [params.USERNAME, user.username, user.attributes.email, user.attributes.phone_number].filter(
          (x): x is string => !!x,
        ),
        params.SECRET_HASH,
      ),
    ...(params.DEVICE_KEY ? { deviceKey: params.DEVICE_KEY } : {}),
  });
}

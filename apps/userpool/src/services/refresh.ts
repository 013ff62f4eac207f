import type { AuthenticationResultType } from "@aws-sdk/client-cognito-identity-provider";
import type { Clock } from "../clock.js";
import { sha256 } from "../crypto/envelope.js";
import { InvalidParameterException, NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { Store, UserRow } from "../store/index.js";
import { checkSecretHash } from "./clientAuth.js";
import type { Client, Pool, PoolService } from "./pools.js";
import type { RevocationService } from "./revocation.js";
import type { TokenService } from "./tokens.js";
import type { UserService } from "./users.js";

/**
 * Refresh: REFRESH_TOKEN_AUTH (no new refresh token) and GetTokensFromRefreshToken (a new one when
 * the client has RefreshTokenRotation enabled). Refreshed tokens keep the original origin_jti and
 * auth_time, so a refresh stays tied to the sign-in it came from.
 */
export class RefreshService {
  constructor(private readonly deps: { store: Store; tokens: TokenService; users: UserService; clock: Clock; revocation: RevocationService }) {}

  async refresh(i: {
    pool: Pool;
    client: Client;
    refreshToken: string;
    rotate: boolean;
    /** Client-secret check; gets the token's user because SECRET_HASH is computed over the username. */
    checkSecret(user: UserRow): void;
    clientMetadata?: Record<string, string>;
  }): Promise<AuthenticationResultType> {
    const hash = sha256(i.refreshToken);
    const row = await this.deps.store.refreshTokens.get(hash);
    const now = this.deps.clock.now().getTime();
    if (!row || row.clientId !== i.client.id || row.poolId !== i.pool.id) throw new NotAuthorizedException("Invalid Refresh Token");
    if (row.revokedAt !== null) throw new NotAuthorizedException("Refresh Token has been revoked");
    if (row.expiresAt <= now) throw new NotAuthorizedException("Refresh Token has expired");
    const grace = (i.client.settings.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0) * 1000;
    if (row.rotatedAt !== null && !(i.rotate && now < row.rotatedAt + grace)) throw new NotAuthorizedException("Refresh Token has been revoked");
    // RevokeToken / GlobalSignOut revoke by origin; a successor minted by a racing rotation is caught here.
    await this.deps.revocation.assertRefreshTokenLive(row);
    const found = await this.deps.users.getByIdWithGroups(i.pool, row.userId);
    if (!found) throw new NotAuthorizedException("User does not exist.");
    const { user, groups } = found;
    if (!user.enabled) throw new NotAuthorizedException("User is disabled.");
    i.checkSecret(user);

    let nextToken: string | undefined;
    if (i.rotate) {
      // Rotate before minting access tokens: of concurrent refreshes with one token, only the winner gets anything.
      const next = this.deps.tokens.mintRefreshToken({ pool: i.pool, client: i.client, userId: user.id, originJti: row.originJti, authTime: row.authTime });
      if (!(await this.deps.store.refreshTokens.rotate(hash, next.row, now, grace))) throw new NotAuthorizedException("Refresh Token has been revoked");
      nextToken = next.token;
    }
    // Sessions from the hosted UI keep the scopes they were granted (oauth_grants); API sign-ins have none on record.
    const grant = await this.deps.store.grants.get(row.originJti);
    const result = await this.deps.tokens.issueTokenSet({
      pool: i.pool,
      client: i.client,
      user,
      groups,
      source: "TokenGeneration_RefreshTokens",
      ...(grant ? { scopes: grant.scopes } : {}),
      authTime: row.authTime,
      originJti: row.originJti,
      withRefreshToken: false,
      ...(i.clientMetadata ? { clientMetadata: i.clientMetadata } : {}),
    });
    return nextToken ? { ...result, RefreshToken: nextToken } : result;
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
    throw new InvalidParameterException("Refresh token rotation is enabled for this client; refresh with GetTokensFromRefreshToken.");
  }
  return deps.refresh.refresh({
    pool,
    client,
    refreshToken,
    rotate: false,
    // SECRET_HASH may be computed over any name the user is known by.
    checkSecret: (user) =>
      checkSecretHash(deps.pools, client, [params.USERNAME, user.username, user.attributes.email, user.attributes.phone_number].filter((x): x is string => !!x), params.SECRET_HASH),
  });
}

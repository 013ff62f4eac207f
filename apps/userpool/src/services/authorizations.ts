/**
 * Authorization codes and the tokens the hosted UI hands out. Codes are 256 random bits, stored as
 * SHA-256, single use, valid five minutes, and bound to client, redirect URI, PKCE challenge,
 * scopes and nonce. Redemption is one atomic UPDATE; a code presented again after that revokes
 * every token the first redemption produced (RFC 6749 §4.1.2, RFC 9700 §4.5.3).
 */
import type { AuthenticationResultType } from "@aws-sdk/client-cognito-identity-provider";
import { epochSeconds, type Clock } from "../clock.js";
import { sha256 } from "../crypto/envelope.js";
import type { Random } from "../random.js";
import type { Client, Pool } from "./pools.js";
import type { RevocationService } from "./revocation.js";
import type { TokenService } from "./tokens.js";
import type { Store, UserRow } from "../store/index.js";
import type { AuthorizationRequest } from "../oauth/authorize/request.js";
import { invalidGrant } from "../oauth/errors.js";
import { verifierMatches } from "../oauth/pkce.js";

export const CODE_TTL_MS = 300_000;

export class AuthorizationService {
  constructor(
    private readonly deps: {
      store: Store;
      random: Random;
      clock: Clock;
      tokens: TokenService;
      revocation: RevocationService;
    },
  ) {}

  /**
   * A new code for `user`, answering `req` from the hosted session `sessionHash`. Returned in clear once; only its
   * hash is kept.
   */
  async issueCode(req: AuthorizationRequest, user: UserRow, authTime: number, sessionHash: string): Promise<string> {
    const code = this.deps.random.bytes(32).toString("base64url");
    const now = this.deps.clock.now().getTime();
    await this.deps.store.authCodes.insert({
      codeHash: sha256(code),
      poolId: req.pool.id,
      clientId: req.client.id,
      userId: user.id,
      redirectUri: req.redirectUri,
      scopes: req.scopes,
      codeChallenge: req.codeChallenge ?? null,
      nonce: req.nonce ?? null,
      authTime,
      createdAt: now,
      expiresAt: now + CODE_TTL_MS,
      usedAt: null,
      originJti: null,
      hostedSessionHash: sessionHash,
    });
    return code;
  }

  /**
   * The token endpoint's authorization_code grant. Checks run in this order on purpose: binding
   * checks (client, redirect URI, PKCE) before the code is used up, so a stolen code presented
   * without the verifier cannot burn the legitimate client's code; then the atomic redemption.
   */
  async redeemCode(
    pool: Pool,
    client: Client,
    i: { code: string; redirectUri: string | undefined; codeVerifier: string | undefined },
    userOf: (row: { userId: string }) => Promise<UserRow | undefined>,
  ): Promise<AuthenticationResultType> {
    const hash = sha256(i.code);
    const now = this.deps.clock.now().getTime();
    const row = await this.deps.store.authCodes.get(hash);
    if (!row || row.poolId !== pool.id) throw invalidGrant("The authorization code is invalid.");
    if (row.usedAt !== null) return this.replayed(row);
    if (row.expiresAt <= now) throw invalidGrant("The authorization code has expired.");
    if (row.clientId !== client.id) throw invalidGrant("The authorization code was issued to another client.");
    if (i.redirectUri !== row.redirectUri) throw invalidGrant("redirect_uri does not match the authorization request.");
    if (row.codeChallenge !== null) {
      if (!i.codeVerifier)
        throw invalidGrant("code_verifier is required (the authorization request had a code_challenge).");
      if (!verifierMatches(i.codeVerifier, row.codeChallenge))
        throw invalidGrant("code_verifier does not match the code_challenge.");
    } else if (i.codeVerifier !== undefined) {
      // PKCE downgrade: a verifier for a code issued without a challenge
      // means the request was tampered with (RFC 9700 §2.1.1).
      throw invalidGrant("code_verifier was sent, but the authorization request had no code_challenge.");
    }
    const originJti = this.deps.random.uuid();
    const redeemed = await this.deps.store.authCodes.redeem(hash, originJti, now);
    if (redeemed.status === "replayed") return this.replayed(redeemed.row);
    if (redeemed.status !== "redeemed") throw invalidGrant("The authorization code has expired.");
    const user = await userOf(row);
    if (!user?.enabled) throw invalidGrant("The user is not allowed to sign in.");
    return this.issueTokens({
      pool,
      client,
      user,
      scopes: row.scopes,
      ...(row.nonce ? { nonce: row.nonce } : {}),
      authTime: row.authTime,
      originJti,
      withRefreshToken: true,
      ...(row.hostedSessionHash !== undefined ? { hostedSessionHash: row.hostedSessionHash } : {}),
    });
  }

  /** Implicit grant: access (and ID) token in the fragment; never a refresh token (RFC 9700 §2.1.2). */
  issueImplicit(
    req: AuthorizationRequest,
    user: UserRow,
    authTime: number,
    sessionHash: string,
  ): Promise<AuthenticationResultType> {
    return this.issueTokens({
      pool: req.pool,
      client: req.client,
      user,
      scopes: req.scopes,
      ...(req.nonce ? { nonce: req.nonce } : {}),
      authTime,
      originJti: this.deps.random.uuid(),
      withRefreshToken: false,
      hostedSessionHash: sessionHash,
    });
  }

  /**
   * Tokens from the hosted UI: the API's format, trigger source TokenGeneration_HostedAuth,
   * scopes remembered for refreshes.
   */
  async issueTokens(i: {
    pool: Pool;
    client: Client;
    user: UserRow;
    scopes: string[];
    nonce?: string;
    authTime: number;
    originJti: string;
    withRefreshToken: boolean;
    /** The hosted session the sign-in came through: single logout of it revokes these tokens (ADR 0055). */
    hostedSessionHash?: string;
  }): Promise<AuthenticationResultType> {
    await this.deps.store.grants.insert({
      originJti: i.originJti,
      poolId: i.pool.id,
      clientId: i.client.id,
      userId: i.user.id,
      scopes: i.scopes,
      createdAt: this.deps.clock.now().getTime(),
      ...(i.hostedSessionHash !== undefined ? { hostedSessionHash: i.hostedSessionHash } : {}),
    });
    return this.deps.tokens.issueTokenSet({
      pool: i.pool,
      client: i.client,
      user: i.user,
      source: "TokenGeneration_HostedAuth",
      authTime: i.authTime,
      originJti: i.originJti,
      withRefreshToken: i.withRefreshToken,
      scopes: i.scopes,
      ...(i.nonce ? { nonce: i.nonce } : {}),
    });
  }

  private async replayed(row: { poolId: string; userId: string; originJti: string | null }): Promise<never> {
    if (row.originJti)
      await this.deps.revocation.revokeOrigin({ poolId: row.poolId, originJti: row.originJti, userId: row.userId });
    throw invalidGrant("The authorization code has already been used; the tokens issued for it are revoked.");
  }

  /** Seconds since the epoch, for auth_time. */
  nowSeconds(): number {
    return epochSeconds(this.deps.clock.now());
  }
}

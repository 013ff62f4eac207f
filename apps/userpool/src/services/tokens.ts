import type { AuthenticationResultType } from "@aws-sdk/client-cognito-identity-provider";
import { createHash } from "node:crypto";
import { threadPoolRs256, type Rs256Signer } from "../crypto/rs256.js";
import { epochSeconds, type Clock } from "../clock.js";
import { sha256 } from "../crypto/envelope.js";
import type { Random } from "../random.js";
import type { GroupRow, RefreshTokenRow, Store, UserRow } from "../store/index.js";
import { groupClaims } from "./groups.js";
import type { KeyService } from "./keys.js";
import { validitySeconds } from "./poolSettings.js";
import type { Client, Pool } from "./pools.js";
import type { TokenGenerationSource, Triggers } from "./triggers.js";
import type { LogDeliveryService } from "./logDelivery.js";
import type { SessionConfigurationService } from "./sessionConfiguration.js";
import type { PublicUrls } from "./urls.js";

const b64url = (s: string) => Buffer.from(s, "utf8").toString("base64url");

/** The scope Cognito puts in access tokens from its user-pools API (as opposed to the hosted UI). */
export const API_SCOPE = "aws.cognito.signin.user.admin";

const BOOLEAN_CLAIMS = new Set(["email_verified", "phone_number_verified"]);
// Claims a PreTokenGeneration trigger may not change (Cognito developer guide, "Pre token generation").
const PROTECTED_ID = [
  "iss",
  "sub",
  "aud",
  "token_use",
  "auth_time",
  "exp",
  "iat",
  "jti",
  "origin_jti",
  "event_id",
  "cognito:username",
  "nonce",
  "at_hash",
];
const PROTECTED_ACCESS = [
  "iss",
  "sub",
  "client_id",
  "token_use",
  "auth_time",
  "exp",
  "iat",
  "jti",
  "origin_jti",
  "event_id",
  "username",
  "scope",
  "device_key",
  "version",
];

export interface TokenSetInput {
  pool: Pool;
  client: Client;
  user: UserRow;
  /** The user's groups when the caller read them with the user (UserService.getByIdWithGroups); else read here. */
  groups?: readonly GroupRow[];
  source: TokenGenerationSource;
  /** Seconds since the epoch of the original authentication (kept across refreshes). */
  authTime: number;
  /** Same value for every token descended from one authentication; new when omitted. */
  originJti?: string;
  /** Also mint and store a refresh token. */
  withRefreshToken: boolean;
  /** A refresh token the caller minted (mintRefreshToken, with this originJti) and has already stored. */
  storedRefreshToken?: string;
  clientMetadata?: Record<string, string>;
  /**
   * Hosted UI / OAuth: the granted scopes (the access token's `scope`; no ID token without openid).
   * Default: the user-pools API scope.
   */
  scopes?: string[];
  /** OIDC nonce of the authorization request, echoed in the ID token. */
  nonce?: string;
  /** The remembered device the session is bound to: the access token's device_key claim. */
  deviceKey?: string;
}

/** Attribute values as Cognito puts them in the ID token (verified flags as booleans, updated_at as a number). */
export function attributeClaims(
  attributes: Record<string, string>,
  readable?: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "sub") continue;
    if (readable?.length && !readable.includes(name)) continue;
    if (BOOLEAN_CLAIMS.has(name)) out[name] = value === "true";
    else if (name === "updated_at" && /^\d+$/.test(value)) out[name] = Number(value);
    else if (name === "identities") {
      try {
        out[name] = JSON.parse(value);
      } catch {
        out[name] = value;
      }
    } else out[name] = value;
  }
  return out;
}

/**
 * Issues ID, access and refresh tokens. `issueTokenSet` is the single place tokens are minted, so
 * the PreTokenGeneration trigger runs for every flow (sign-in, challenge, refresh).
 */
export class TokenService {
  constructor(
    private readonly deps: {
      store: Store;
      keys: KeyService;
      clock: Clock;
      random: Random;
      urls: PublicUrls;
      triggers: Triggers;
      /** Where RS256 signatures are computed; default the libuv thread pool (crypto/rs256.ts). */
      rs256?: Rs256Signer;
      /** Told of every new token session, for the pool's per-user session limit. */
      sessionLimit?: Pick<SessionConfigurationService, "afterSignIn">;
      /** userAuthEvents logs of successful sign-ins (SetLogDeliveryConfiguration). */
      logDelivery?: Pick<LogDeliveryService, "record">;
    },
  ) {}

  async issueTokenSet(i: TokenSetInput): Promise<AuthenticationResultType> {
    const { pool, client, user } = i;
    const s = client.settings;
    const now = epochSeconds(this.deps.clock.now());
    const originJti = i.originJti ?? this.deps.random.uuid();
    const eventId = this.deps.random.uuid();
    const iss = this.deps.urls.issuer(pool.id);
    const idTtl = validitySeconds(s.IdTokenValidity, s.TokenValidityUnits.IdToken);
    const accessTtl = validitySeconds(s.AccessTokenValidity, s.TokenValidityUnits.AccessToken);

    const idClaims: Record<string, unknown> = {
      sub: user.id,
      ...attributeClaims(user.attributes, s.ReadAttributes),
      iss,
      "cognito:username": user.username,
      origin_jti: originJti,
      aud: client.id,
      event_id: eventId,
      token_use: "id",
      auth_time: i.authTime,
      exp: now + idTtl,
      iat: now,
      jti: this.deps.random.uuid(),
    };
    // OIDC Core §3.1.3.6: the nonce of the authorization request comes back in the ID token.
    if (i.nonce !== undefined) idClaims.nonce = i.nonce;
    const accessClaims: Record<string, unknown> = {
      sub: user.id,
      iss,
      client_id: client.id,
      origin_jti: originJti,
      event_id: eventId,
      token_use: "access",
      scope: (i.scopes ?? [API_SCOPE]).join(" "),
      auth_time: i.authTime,
      exp: now + accessTtl,
      iat: now,
      jti: this.deps.random.uuid(),
      username: user.username,
      // The token format's version: 2 in every user access token Cognito issues
      // (developer guide, "Understanding the access token"); a trigger cannot change it.
      version: 2,
    };
    // Cognito's access tokens name the device of a device-tracking sign-in ("Understanding the access token").
    if (i.deviceKey !== undefined) accessClaims.device_key = i.deviceKey;

    // Group claims go in before the trigger, which may override them (groupOverrideDetails).
    const groups = groupClaims(i.groups ?? (await this.deps.store.groups.groupsOf(pool.id, user.id)));
    Object.assign(idClaims, groups.id);
    Object.assign(accessClaims, groups.access);

    const changed = await this.deps.triggers.preTokenGeneration({
      pool,
      client,
      ...(i.clientMetadata ? { clientMetadata: i.clientMetadata } : {}),
      source: i.source,
      user,
      claims: { idClaims: { ...idClaims }, accessClaims: { ...accessClaims } },
      scopes: i.scopes ?? [API_SCOPE],
    });
    const finalId = { ...changed.idClaims };
    const finalAccess: Record<string, unknown> = { ...changed.accessClaims, scope: changed.scopes.join(" ") };
    for (const k of PROTECTED_ID) if (k in idClaims) finalId[k] = idClaims[k];
    for (const k of PROTECTED_ACCESS) if (k in accessClaims && k !== "scope") finalAccess[k] = accessClaims[k];

    // Access token first: a hosted-UI ID token carries its at_hash (OIDC Core §3.3.2.11).
    const accessToken = await this.sign(pool.id, "access", finalAccess);
    const withId = !i.scopes || i.scopes.includes("openid");
    if (withId && i.scopes)
      finalId.at_hash = createHash("sha256").update(accessToken).digest().subarray(0, 16).toString("base64url");
    const idToken = withId ? await this.sign(pool.id, "id", finalId) : undefined;
    const result: AuthenticationResultType = {
      AccessToken: accessToken,
      ExpiresIn: accessTtl,
      TokenType: "Bearer",
      ...(idToken ? { IdToken: idToken } : {}),
    };
    if (i.storedRefreshToken !== undefined) {
      result.RefreshToken = i.storedRefreshToken;
    } else if (i.withRefreshToken) {
      const { token, row } = this.mintRefreshToken({ pool, client, userId: user.id, originJti, authTime: i.authTime });
      await this.deps.store.refreshTokens.insert(row);
      result.RefreshToken = token;
    }
    if (result.RefreshToken !== undefined && i.source !== "TokenGeneration_RefreshTokens")
      await this.deps.sessionLimit?.afterSignIn(pool, user.id, originJti);
    if (i.source !== "TokenGeneration_RefreshTokens")
      await this.deps.logDelivery?.record(pool, "userAuthEvents", "INFO", {
        eventType: "SignIn",
        eventResponse: "Pass",
        userSub: user.id,
        username: user.username,
        clientId: client.id,
        source: i.source,
      });
    return result;
  }

  /** A new opaque refresh token (256 random bits) and the row that stores only its hash. */
  mintRefreshToken(i: { pool: Pool; client: Client; userId: string; originJti: string; authTime: number }): {
    token: string;
    row: RefreshTokenRow;
  } {
    const token = this.deps.random.bytes(32).toString("base64url");
    const now = this.deps.clock.now().getTime();
    const ttl =
      validitySeconds(i.client.settings.RefreshTokenValidity, i.client.settings.TokenValidityUnits.RefreshToken) * 1000;
    return {
      token,
      row: {
        tokenHash: sha256(token),
        poolId: i.pool.id,
        clientId: i.client.id,
        userId: i.userId,
        originJti: i.originJti,
        authTime: i.authTime,
        createdAt: now,
        expiresAt: now + ttl,
        revokedAt: null,
        rotatedAt: null,
        parentHash: null,
      },
    };
  }

  /**
   * JWS compact serialisation, RS256 (RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3), header
   * {kid, alg} as Cognito writes it. Signed with node:crypto directly: jose's general-purpose
   * signer costs ~30% more per token, and signing is on every sign-in and refresh. Verification,
   * where generality and strictness matter, stays with jose (accessTokens.ts, and the tests).
   */
  private async sign(poolId: string, use: "id" | "access", claims: Record<string, unknown>): Promise<string> {
    const key = await this.deps.keys.signingKey(poolId, use);
    const input = `${b64url(JSON.stringify({ kid: key.kid, alg: "RS256" }))}.${b64url(JSON.stringify(claims))}`;
    const signature = await (this.deps.rs256 ?? threadPoolRs256).sign(Buffer.from(input), key.privateKey);
    return `${input}.${signature.toString("base64url")}`;
  }
}

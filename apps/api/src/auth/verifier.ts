import { jwtVerify, errors as jose, type JWTPayload } from "jose";
import { systemClock, type Clock } from "../clock.js";
import { AuthError } from "./errors.js";
import { JwksKeyStore, type JwksStats } from "./jwksKeyStore.js";
import { VerifiedTokenCache } from "./tokenCache.js";

export type TokenUse = "id" | "access";
/** Which Cognito tokens a route accepts. */
export type AcceptedTokenUse = TokenUse | "any";

/** The caller, as `requireAuth()` puts it on `req.user`. Frozen: it is shared through the token cache. */
export interface AuthUser {
  readonly sub: string;
  /** `cognito:username` in ID tokens, `username` in access tokens. */
  readonly username: string;
  readonly tokenUse: TokenUse;
  /** `aud` in ID tokens, `client_id` in access tokens. */
  readonly clientId: string;
  /** From the access token's `scope`; always empty for ID tokens, which carry none. */
  readonly scopes: readonly string[];
  /** `cognito:groups`, or empty. */
  readonly groups: readonly string[];
  /** Only ID tokens carry the email. */
  readonly email: string | null;
  /**
   * `db_user_id`, added to the ID token by the user-sync trigger (a string on the wire, as Cognito sends every
   * added claim).
   */
  readonly dbUserId: number | null;
}

/** Per-call rules, checked on every request (also on cache hits). */
export interface VerifyPolicy {
  /** Overrides the verifier's default token use for this route. */
  tokenUse?: AcceptedTokenUse;
  /** Every one of these must be in the token's `scope`. ID tokens have no scopes, so they never pass a scoped route. */
  scopes?: readonly string[];
}

/** Anything that turns a bearer token into a user, or throws `AuthError`. */
export interface TokenVerifier {
  verify(token: string, policy?: VerifyPolicy): Promise<AuthUser>;
}

export interface CognitoVerifierOptions {
  /** Exact `iss`: `https://cognito-idp.<region>.amazonaws.com/<poolId>` or the local userpool's issuer. */
  issuer: string;
  /** Defaults to `<issuer>/.well-known/jwks.json`, where Cognito publishes its keys. */
  jwksUri?: string;
  /** App client IDs whose tokens are accepted (`aud` of ID tokens, `client_id` of access tokens). */
  clientIds: readonly string[];
  /** Default token use for routes that do not say. */
  tokenUse: AcceptedTokenUse;
  /** Allowed clock skew for `exp`/`nbf`, at most 60 s. Default 30 s. */
  clockToleranceSec?: number;
  /** Verified tokens kept in memory. Default 10,000; 0 turns the cache off. */
  cacheMaxEntries?: number;
  /** Default 10 s. */
  jwksMinRefetchIntervalMs?: number;
  jwksTimeoutMs?: number;
  /** Longest token accepted before any parsing. Default 8 KiB (Cognito tokens are 1–4 KiB). */
  maxTokenLength?: number;
  clock?: Clock;
  fetch?: typeof fetch;
}

/**
 * The issuer real Cognito uses for a pool:
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 */
export function cognitoIssuer(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Verifies Cognito ID and access tokens: RS256 only, `iss`, `exp`/`nbf` with bounded skew,
 * `token_use`, `aud`/`client_id`, optional scopes. Keys come from the issuer's JWKS only.
 */
export class CognitoTokenVerifier implements TokenVerifier {
  private readonly keys: JwksKeyStore;
  private readonly cache: VerifiedTokenCache<AuthUser>;
  private readonly clock: Clock;
  private readonly clientIds: ReadonlySet<string>;
  private readonly tolerance: number;
  private readonly maxTokenLength: number;
  private readonly pending = new Map<string, Promise<AuthUser>>();

  constructor(private readonly options: CognitoVerifierOptions) {
    const issuer = new URL(options.issuer);
    if (issuer.protocol !== "https:" && issuer.protocol !== "http:")
      throw new TypeError("issuer must be an http(s) URL");
    if (options.clientIds.length === 0) throw new TypeError("clientIds must name at least one app client");
    if (!["id", "access", "any"].includes(options.tokenUse))
      throw new TypeError('tokenUse must be "id", "access" or "any"');
    this.tolerance = options.clockToleranceSec ?? 30;
    if (!(this.tolerance >= 0 && this.tolerance <= 60))
      throw new TypeError("clockToleranceSec must be between 0 and 60");
    this.clock = options.clock ?? systemClock;
    this.clientIds = new Set(options.clientIds);
    this.maxTokenLength = options.maxTokenLength ?? 8192;
    this.cache = new VerifiedTokenCache(options.cacheMaxEntries ?? 10_000);
    this.keys = new JwksKeyStore({
      jwksUri: options.jwksUri ?? `${options.issuer}/.well-known/jwks.json`,
      clock: this.clock,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.jwksMinRefetchIntervalMs !== undefined
        ? { minRefetchIntervalMs: options.jwksMinRefetchIntervalMs }
        : {}),
      ...(options.jwksTimeoutMs !== undefined ? { timeoutMs: options.jwksTimeoutMs } : {}),
    });
  }

  /** Loads the JWKS ahead of the first request. Throws `AuthError("jwks_unavailable")` if it cannot. */
  hydrate(): Promise<void> {
    return this.keys.hydrate();
  }

  jwksStats(): JwksStats {
    return this.keys.stats();
  }

  /** The caller behind `token`, or an `AuthError` saying why not. */
  async verify(token: string, policy: VerifyPolicy = {}): Promise<AuthUser> {
    const now = this.clock.now();
    const hit = this.cache.get(token, now);
    // A cached token is only good while the key that signed it is still published.
    const user = hit && this.keys.has(hit.kid) ? hit.value : await this.verifyOnce(token, now);
    this.checkPolicy(user, policy);
    return user;
  }

  // A page load often fires several API calls with one fresh token; they share one verification.
  private verifyOnce(token: string, now: number): Promise<AuthUser> {
    let pending = this.pending.get(token);
    if (!pending) {
      pending = this.verifyFresh(token, now).finally(() => this.pending.delete(token));
      this.pending.set(token, pending);
    }
    return pending;
  }

  private async verifyFresh(token: string, now: number): Promise<AuthUser> {
    // Cheap shape checks first, so garbage never reaches a parser or the JWKS.
    if (token.length > this.maxTokenLength || !COMPACT_JWS.test(token))
      throw new AuthError("malformed_token", "The token is not a well-formed JWT");
    let kid = "";
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        (header) => {
          // Keys named by the token itself would let the attacker choose the key (CVE-2018-0114 class);
          // refuse them before any lookup, so such tokens cannot even trigger a JWKS refetch.
          if ("jku" in header || "x5u" in header || "jwk" in header || "x5c" in header) {
            throw new AuthError("header_key_refused", "The token names its own key; only the issuer's JWKS is trusted");
          }
          if (typeof header.kid !== "string" || header.kid === "")
            throw new AuthError("malformed_token", "The token header has no kid");
          kid = header.kid;
          return this.keys.getKey(header.kid);
        },
        {
          // Pinning the algorithm stops alg:none and HS256-with-the-public-key before any key is used.
          algorithms: ["RS256"],
          issuer: this.options.issuer,
          clockTolerance: this.tolerance,
          currentDate: new Date(now),
          requiredClaims: ["sub", "exp", "iat", "token_use"],
        },
      ));
    } catch (err) {
      throw toAuthError(err);
    }
    const user = toAuthUser(payload);
    this.cache.set(token, user, kid, (payload.exp as number) * 1000, now);
    return user;
  }

  private checkPolicy(user: AuthUser, policy: VerifyPolicy): void {
    const accepted = policy.tokenUse ?? this.options.tokenUse;
    if (accepted !== "any" && user.tokenUse !== accepted) {
      throw new AuthError(
        "wrong_token_use",
        `This resource accepts ${accepted === "id" ? "ID" : "access"} tokens only`,
      );
    }
    if (!this.clientIds.has(user.clientId))
      throw new AuthError("wrong_client", "The token was issued to an app client this API does not accept");
    const missing = (policy.scopes ?? []).filter((s) => !user.scopes.includes(s));
    if (missing.length > 0)
      throw new AuthError("insufficient_scope", "The token lacks a required scope", policy.scopes);
  }
}

function toAuthError(err: unknown): unknown {
  if (err instanceof AuthError) return err;
  if (err instanceof jose.JWTExpired) return new AuthError("expired", "The token has expired");
  if (err instanceof jose.JWTClaimValidationFailed) {
    if (err.claim === "nbf") return new AuthError("not_yet_valid", "The token is not valid yet");
    if (err.claim === "iss") return new AuthError("wrong_issuer", "The token was not issued by the expected issuer");
    return new AuthError("invalid_claims", `The token's "${err.claim}" claim is missing or invalid`);
  }
  if (err instanceof jose.JOSEAlgNotAllowed)
    return new AuthError("alg_not_allowed", "Only RS256-signed tokens are accepted");
  if (err instanceof jose.JWSSignatureVerificationFailed)
    return new AuthError("bad_signature", "The token signature is invalid");
  if (err instanceof jose.JWSInvalid || err instanceof jose.JWTInvalid || err instanceof jose.JOSENotSupported) {
    return new AuthError("malformed_token", "The token is not a well-formed JWT");
  }
  // Anything else is our bug or the platform's; let the app's error handler log it and answer 500.
  return err;
}

/** Maps verified Cognito claims to `AuthUser`, refusing tokens whose claims do not have Cognito's shape. */
function toAuthUser(claims: JWTPayload): AuthUser {
  const str = (name: string): string | undefined =>
    typeof claims[name] === "string" && claims[name] !== "" ? (claims[name] as string) : undefined;
  const sub = str("sub");
  if (!sub) throw new AuthError("invalid_claims", 'The token\'s "sub" claim is missing or invalid');
  const tokenUse = claims.token_use;
  if (tokenUse !== "id" && tokenUse !== "access")
    throw new AuthError("invalid_claims", 'The token\'s "token_use" claim is missing or invalid');

  // Cognito ID tokens carry one audience string, the app client ID; access tokens carry client_id and no aud.
  const clientId = tokenUse === "id" ? str("aud") : str("client_id");
  const username = tokenUse === "id" ? str("cognito:username") : str("username");
  if (!clientId)
    throw new AuthError(
      "invalid_claims",
      `The token's "${tokenUse === "id" ? "aud" : "client_id"}" claim is missing or invalid`,
    );
  if (!username)
    throw new AuthError(
      "invalid_claims",
      `The token's "${tokenUse === "id" ? "cognito:username" : "username"}" claim is missing or invalid`,
    );

  const scope = tokenUse === "access" ? str("scope") : undefined;
  const groupsClaim = claims["cognito:groups"];
  const groups = Array.isArray(groupsClaim) ? groupsClaim.filter((g): g is string => typeof g === "string") : [];
  return Object.freeze({
    sub,
    username,
    tokenUse,
    clientId,
    scopes: Object.freeze(scope ? scope.split(" ").filter(Boolean) : []),
    groups: Object.freeze(groups),
    email: tokenUse === "id" ? (str("email") ?? null) : null,
    dbUserId: parseDbUserId(claims.db_user_id),
  });
}

function parseDbUserId(value: unknown): number | null {
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^[1-9]\d{0,15}$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

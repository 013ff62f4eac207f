/**
 * GetDerivedToken: OAuth 2.0 Token Exchange (RFC 8693) on the JSON API (API reference, GetDerivedToken;
 * developer guide, "Exchanging tokens for downstream services"). A subject token of this pool, an access or ID
 * token, becomes a new access or ID token for the requesting app client, narrowed in scope and bound to an
 * audience, without a refresh token. With an actor token (delegation) the issued token carries an `act` claim
 * naming the actor (RFC 8693 §4.1), the subject token's own `act` nested inside. Choices the reference leaves
 * open are ADR 0033's.
 */
import type { GetDerivedTokenResponse } from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { epochSeconds, type Clock } from "../clock.js";
import { InvalidParameterException, NotAuthorizedException, UserNotFoundException } from "../errors/cognitoErrors.js";
import type { Random } from "../random.js";
import type { UserRow } from "../store/index.js";
import type { AccessTokenService } from "./accessTokens.js";
import type { KeyService } from "./keys.js";
import { validitySeconds } from "./poolSettings.js";
import type { Client, Pool } from "./pools.js";
import type { ResourceServerService } from "./resourceServers.js";
import { attributeClaims } from "./tokens.js";
import type { PublicUrls } from "./urls.js";
import type { UserService } from "./users.js";

export type TokenKind = "ACCESS_TOKEN" | "ID_TOKEN";
const USE: Record<TokenKind, "access" | "id"> = { ACCESS_TOKEN: "access", ID_TOKEN: "id" };

export interface DerivedTokenInput {
  pool: Pool;
  client: Client;
  subjectToken: string;
  subjectTokenType: TokenKind;
  actorToken?: string;
  actorTokenType?: TokenKind;
  scopes?: string[];
  audiences?: string[];
  resources?: string[];
  requestedTokenType?: TokenKind;
}

const words = (s: unknown) => (typeof s === "string" ? s.split(" ").filter(Boolean) : []);

export class TokenExchangeService {
  constructor(
    private readonly deps: {
      keys: KeyService;
      accessTokens: AccessTokenService;
      users: UserService;
      resourceServers: ResourceServerService;
      urls: PublicUrls;
      clock: Clock;
      random: Random;
    },
  ) {}

  async exchange(i: DerivedTokenInput): Promise<GetDerivedTokenResponse> {
    const { pool, client } = i;
    if (i.audiences?.length && i.resources?.length)
      throw new InvalidParameterException("You can't request both Audiences and Resources.");
    for (const identifier of i.resources ?? []) await this.deps.resourceServers.get(pool.id, identifier);

    const subject = await this.subject(pool, i.subjectToken, i.subjectTokenType);
    const actor = i.actorToken ? await this.verify(pool, i.actorToken, USE[i.actorTokenType!]) : undefined;

    // "Amazon Cognito issues a token with the intersection of these requested scopes, the scopes of your
    // SubjectToken, and the scopes that are allowed for the requesting app client. If you don't specify any
    // scopes, Amazon Cognito issues a token with the same scopes as your SubjectToken." An ID token carries no
    // scopes; the client's allowed scopes stand for its own (ADR 0033).
    const subjectScopes =
      i.subjectTokenType === "ACCESS_TOKEN" ? words(subject.claims.scope) : (client.settings.AllowedOAuthScopes ?? []);
    const allowed = new Set(client.settings.AllowedOAuthScopes ?? []);
    const scopes = i.scopes ? i.scopes.filter((s) => subjectScopes.includes(s) && allowed.has(s)) : subjectScopes;
    if (i.scopes && !scopes.length)
      throw new InvalidParameterException(
        "None of the requested Scopes is both in the SubjectToken and allowed for this app client.",
      );

    const kind = i.requestedTokenType ?? "ACCESS_TOKEN";
    const now = epochSeconds(this.deps.clock.now());
    const s = client.settings;
    const validity =
      kind === "ACCESS_TOKEN"
        ? validitySeconds(s.AccessTokenValidity, s.TokenValidityUnits.AccessToken)
        : validitySeconds(s.IdTokenValidity, s.TokenValidityUnits.IdToken);
    // A derived token never outlives the token it was derived from.
    const exp = Math.min(now + validity, Number(subject.claims.exp));
    const audience = i.audiences?.length ? i.audiences : i.resources?.length ? i.resources : undefined;
    const act = actor ? actClaim(actor, subject.claims) : subject.claims.act;
    const common = {
      sub: subject.user.id,
      iss: this.deps.urls.issuer(pool.id),
      event_id: this.deps.random.uuid(),
      origin_jti: this.deps.random.uuid(),
      auth_time: subject.claims.auth_time,
      iat: now,
      exp,
      jti: this.deps.random.uuid(),
      ...(act !== undefined ? { act } : {}),
    };
    const claims: Record<string, unknown> =
      kind === "ACCESS_TOKEN"
        ? {
            ...common,
            client_id: client.id,
            token_use: "access",
            scope: scopes.join(" "),
            username: subject.user.username,
            version: 2,
            ...(audience ? { aud: audience.length === 1 ? audience[0] : audience } : {}),
          }
        : {
            ...attributeClaims(subject.user.attributes, s.ReadAttributes),
            ...common,
            "cognito:username": subject.user.username,
            aud: audience ? (audience.length === 1 ? audience[0] : audience) : client.id,
            token_use: "id",
          };
    const key = await this.deps.keys.signingKey(pool.id, USE[kind]);
    const token = await new SignJWT(claims).setProtectedHeader({ kid: key.kid, alg: "RS256" }).sign(key.privateKey);
    return {
      IssuedToken: token,
      IssuedTokenType: kind,
      TokenType: "Bearer",
      ExpiresIn: exp - now,
      Scopes: scopes,
    };
  }

  /** The subject token's claims and its user, who must still exist and be enabled. */
  private async subject(pool: Pool, token: string, kind: TokenKind): Promise<{ claims: JWTPayload; user: UserRow }> {
    if (kind === "ACCESS_TOKEN") {
      // The one place access tokens are judged: signature, expiry, user, revocation.
      const a = await this.deps.accessTokens.authenticate(token);
      if (a.pool.id !== pool.id) throw new NotAuthorizedException("Invalid SubjectToken.");
      if (typeof a.claims.username !== "string") throw new NotAuthorizedException("Invalid SubjectToken.");
      return { claims: a.claims, user: a.user };
    }
    const claims = await this.verify(pool, token, "id");
    const user = typeof claims.sub === "string" ? await this.deps.users.getById(pool, claims.sub) : undefined;
    if (!user) throw new UserNotFoundException("User does not exist.");
    if (!user.enabled) throw new NotAuthorizedException("User is disabled.");
    return { claims, user };
  }

  /** Signature with this pool's key, issuer, expiry and token_use. */
  private async verify(pool: Pool, token: string, use: "access" | "id"): Promise<JWTPayload> {
    const invalid = new NotAuthorizedException(`Invalid ${use === "id" ? "ID" : "Access"} Token`);
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
      decodeJwt(token);
    } catch {
      throw invalid;
    }
    const key = kid ? await this.deps.keys.publicKey(pool.id, kid) : undefined;
    if (!key) throw invalid;
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ["RS256"],
        issuer: this.deps.urls.issuer(pool.id),
        currentDate: this.deps.clock.now(),
      });
      if (payload.token_use !== use) throw invalid;
      return payload;
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired)
        throw new NotAuthorizedException(`${use === "id" ? "ID" : "Access"} Token has expired`);
      throw invalid;
    }
  }
}

/** RFC 8693 §4.1: the current actor outermost, earlier actors nested. */
function actClaim(actor: JWTPayload, subject: JWTPayload): Record<string, unknown> {
  return {
    sub: actor.sub,
    ...(typeof actor.client_id === "string" ? { client_id: actor.client_id } : {}),
    ...(subject.act !== undefined ? { act: subject.act } : {}),
  };
}

/**
 * The userpool as OAuth 2.0 client of the social providers that are not OpenID providers for Cognito:
 * Facebook (code → access token at the Graph API's token_url by GET, then /me?fields=… for the attributes),
 * Login with Amazon (code → token by POST, then the profile), and Sign in with Apple (response_mode=form_post,
 * code → token with a client_secret JWT signed ES256 by the configured private key, then the ID token verified
 * against Apple's JWKS: iss, aud = client_id, exp and our nonce). Apple sends the user's name only on the first
 * sign-in, in the `user` form field, beside the code; its `firstName`, `lastName` and `email` become claims.
 *
 * Endpoints come from ProviderDetails (socialProviderDetails.ts); no state is kept here: `state` and the
 * nonce are the federation service's.
 */
import { createPrivateKey } from "node:crypto";
import { createRemoteJWKSet, jwtVerify, SignJWT, customFetch, type JWTPayload } from "jose";
import type { IdentityProvider } from "../services/identityProviders.js";
import { appleJwksUri, APPLE_ISSUER, scopeList, type SocialType } from "../services/socialProviderDetails.js";
import type { Fetch } from "../tls/fetch.js";

const TIMEOUT_MS = 10_000;
/** Apple accepts a client_secret JWT valid for up to six months; ours lives for one exchange. */
const CLIENT_SECRET_TTL_S = 300;

export class SocialProviderError extends Error {
  override name = "SocialProviderError";
}

export class SocialClient {
  private readonly jwks = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  constructor(private readonly deps: { fetch: Fetch; now: () => number }) {}

  /** The provider's authorization URL for one sign-in. */
  authorizationUrl(p: IdentityProvider, i: { redirectUri: string; state: string; nonce: string }): string {
    const d = p.details;
    const type = p.type as SocialType;
    const u = new URL(d.authorize_url!);
    u.searchParams.set("client_id", d.client_id!);
    u.searchParams.set("redirect_uri", i.redirectUri);
    u.searchParams.set("response_type", "code");
    u.searchParams.set("state", i.state);
    // Facebook separates scopes with commas; Amazon and Apple with spaces.
    u.searchParams.set("scope", scopeList(d.authorize_scopes!).join(type === "Facebook" ? "," : " "));
    if (type === "SignInWithApple") {
      // Apple posts the answer back when name or email is asked for (and refuses response_mode=query then).
      u.searchParams.set("response_mode", "form_post");
      u.searchParams.set("nonce", i.nonce);
    }
    return u.toString();
  }

  /** Exchanges the code and returns the user's claims. Throws on any failure (the caller logs and refuses). */
  async complete(
    p: IdentityProvider,
    i: { code: string; redirectUri: string; nonce: string; user?: string | undefined },
  ): Promise<Record<string, unknown>> {
    if (p.type === "SignInWithApple") return this.completeApple(p, i);
    const d = p.details;
    const tokenParams = new URLSearchParams({
      client_id: d.client_id!,
      client_secret: d.client_secret!,
      code: i.code,
      redirect_uri: i.redirectUri,
    });
    let tokenRes: Response;
    if (d.token_request_method === "GET") {
      tokenRes = await this.call(`${d.token_url}${d.token_url!.includes("?") ? "&" : "?"}${tokenParams}`, {});
    } else {
      tokenParams.set("grant_type", "authorization_code");
      tokenRes = await this.call(d.token_url!, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: tokenParams.toString(),
      });
    }
    const token = await json(tokenRes, "token");
    if (typeof token.access_token !== "string") throw new SocialProviderError("the token response has no access_token");
    let attributesUrl = d.attributes_url!;
    if (d.attributes_url_add_attributes === "true") {
      // Cognito adds the attributes the mapping reads to the URL (Graph API: fields=id,email,…).
      const fields = new Set(["id", ...Object.values(p.attributeMapping)]);
      attributesUrl += [...fields].filter((f) => /^[\w.]+$/.test(f)).join(",");
    }
    const attrs = await json(
      await this.call(attributesUrl, { headers: { authorization: `Bearer ${token.access_token}` } }),
      "attributes",
    );
    const idClaim = p.type === "Facebook" ? "id" : "user_id";
    if (typeof attrs[idClaim] !== "string" || !attrs[idClaim])
      throw new SocialProviderError(`the attributes have no ${idClaim}`);
    return attrs;
  }

  private async completeApple(
    p: IdentityProvider,
    i: { code: string; redirectUri: string; nonce: string; user?: string | undefined },
  ): Promise<Record<string, unknown>> {
    const d = p.details;
    const issuer = d.oidc_issuer ?? APPLE_ISSUER;
    const now = Math.floor(this.deps.now() / 1000);
    // Apple's client authentication: a JWT from the team, about the client, for Apple, signed with the key.
    const clientSecret = await new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: d.key_id! })
      .setIssuer(d.team_id!)
      .setSubject(d.client_id!)
      .setAudience(issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + CLIENT_SECRET_TTL_S)
      .sign(createPrivateKey({ key: d.private_key!, format: "pem" }));
    const tokenRes = await this.call(d.token_url!, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: i.code,
        redirect_uri: i.redirectUri,
        client_id: d.client_id!,
        client_secret: clientSecret,
      }).toString(),
    });
    const token = await json(tokenRes, "token");
    if (typeof token.id_token !== "string") throw new SocialProviderError("the token response has no id_token");
    const { payload } = await jwtVerify(token.id_token, this.keySet(appleJwksUri(d)), {
      issuer,
      audience: d.client_id!,
      algorithms: ["RS256", "ES256"],
      currentDate: new Date(this.deps.now()),
      requiredClaims: ["sub", "exp", "iat"],
    });
    if (payload.nonce !== i.nonce) throw new SocialProviderError("the ID token's nonce does not match");
    return { ...claimsOf(payload), ...appleUser(i.user) };
  }

  private keySet(uri: string): ReturnType<typeof createRemoteJWKSet> {
    let set = this.jwks.get(uri);
    if (!set) {
      set = createRemoteJWKSet(new URL(uri), {
        [customFetch]: this.deps.fetch as unknown as typeof fetch,
        timeoutDuration: TIMEOUT_MS,
      });
      this.jwks.set(uri, set);
    }
    return set;
  }

  private call(url: string, init: Parameters<Fetch>[1]): Promise<Response> {
    return this.deps.fetch(url, { ...init, redirect: "error", signal: AbortSignal.timeout(TIMEOUT_MS) });
  }
}

async function json(res: Response, what: string): Promise<Record<string, unknown>> {
  const text = await res.text();
  if (!res.ok) throw new SocialProviderError(`the ${what} endpoint answered HTTP ${res.status}`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new SocialProviderError(`the ${what} endpoint answered no JSON`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new SocialProviderError(`the ${what} endpoint answered no JSON object`);
  return v as Record<string, unknown>;
}

/** The ID token's claims, less the ones that only describe the token. */
function claimsOf(p: JWTPayload): Record<string, unknown> {
  const { iss: _i, aud: _a, exp: _e, iat: _t, nonce: _n, nonce_supported: _s, auth_time: _at, ...rest } = p;
  return rest;
}

/**
 * Apple's `user` form field, sent on the first sign-in only: {"name":{"firstName","lastName"},"email"}. Not
 * signed, so it never overrides the ID token's email; only the name is taken from it.
 */
function appleUser(user: string | undefined): Record<string, string> {
  if (!user || user.length > 4096) return {};
  try {
    const u = JSON.parse(user) as { name?: { firstName?: unknown; lastName?: unknown } };
    const out: Record<string, string> = {};
    const first = u.name?.firstName;
    const last = u.name?.lastName;
    if (typeof first === "string" && first) out.firstName = first;
    if (typeof last === "string" && last) out.lastName = last;
    if (out.firstName || out.lastName) out.name = [out.firstName, out.lastName].filter(Boolean).join(" ");
    return out;
  } catch {
    return {};
  }
}

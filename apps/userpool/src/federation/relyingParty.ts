/**
 * The userpool as an OpenID Connect relying party of its identity providers, through openid-client
 * (OpenID Certified). openid-client validates the provider's ID token: signature against the
 * provider's JWKS, `iss`, `aud`, `exp`/`iat`, and the `nonce` we sent; PKCE (S256) and `state`
 * bind the response to the request. Provider metadata comes from discovery (cached per provider)
 * unless ProviderDetails names the endpoints.
 */
import type * as Oidc from "openid-client";
import type { Fetch } from "../tls/fetch.js";
import type { IdentityProvider } from "../services/identityProviders.js";

const DISCOVERY_TTL_MS = 10 * 60_000;

/** openid-client loads with the first federated sign-in: a pool without identity providers never needs it. */
const openidClient = (): Promise<typeof Oidc> => import("openid-client");

export class RelyingParty {
  private readonly cache = new Map<string, { at: number; config: Promise<Oidc.Configuration> }>();

  constructor(private readonly deps: { fetch: Fetch; now: () => number }) {}

  async configuration(p: IdentityProvider): Promise<Oidc.Configuration> {
    const d = p.details;
    const key = JSON.stringify([p.poolId, p.name, p.updatedAt.getTime()]);
    const hit = this.cache.get(key);
    if (hit && this.deps.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
    const config = (async () => {
      const oidc = await openidClient();
      const auth = d.client_secret ? oidc.ClientSecretPost(d.client_secret) : oidc.None();
      const options = { [oidc.customFetch]: this.deps.fetch as unknown as Oidc.CustomFetch };
      let c: Oidc.Configuration;
      if (d.authorize_url && d.token_url && d.jwks_uri && p.type === "OIDC") {
        c = new oidc.Configuration(
          {
            issuer: d.oidc_issuer!,
            authorization_endpoint: d.authorize_url,
            token_endpoint: d.token_url,
            jwks_uri: d.jwks_uri,
            ...(d.attributes_url ? { userinfo_endpoint: d.attributes_url } : {}),
          },
          d.client_id!,
          d.client_secret ? { client_secret: d.client_secret } : {},
          auth,
        );
        c[oidc.customFetch] = options[oidc.customFetch];
      } else {
        c = await oidc.discovery(
          new URL(d.oidc_issuer!),
          d.client_id!,
          d.client_secret ? { client_secret: d.client_secret } : undefined,
          auth,
          options,
        );
      }
      return c;
    })();
    this.cache.set(key, { at: this.deps.now(), config });
    config.catch(() => this.cache.delete(key));
    return config;
  }

  /** The provider's authorization URL for one sign-in. */
  async authorizationUrl(
    p: IdentityProvider,
    i: { redirectUri: string; state: string; nonce: string; codeVerifier: string },
  ): Promise<string> {
    const config = await this.configuration(p);
    const oidc = await openidClient();
    const scope = p.details
      .authorize_scopes!.split(/[\s,]+/)
      .filter(Boolean)
      .join(" ");
    return oidc
      .buildAuthorizationUrl(config, {
        redirect_uri: i.redirectUri,
        scope,
        state: i.state,
        nonce: i.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(i.codeVerifier),
        code_challenge_method: "S256",
      })
      .toString();
  }

  /** Exchanges the code and returns the validated ID token claims. Throws on any validation failure. */
  async complete(
    p: IdentityProvider,
    currentUrl: URL,
    i: { state: string; nonce: string; codeVerifier: string },
  ): Promise<Record<string, unknown>> {
    const config = await this.configuration(p);
    const oidc = await openidClient();
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      expectedState: i.state,
      expectedNonce: i.nonce,
      pkceCodeVerifier: i.codeVerifier,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error("the identity provider returned no ID token");
    return { ...claims };
  }
}

/**
 * openid-client (OpenID Certified) as the relying party, driving the hosted
 * login form over HTTPS — discovery → authorize → login → token → userInfo → refresh → revoke →
 * logout — then the client-credentials grant and a silent second authorize with the session cookie.
 */
import { GetUserCommand, InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import * as oidc from "openid-client";
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/engines.js";
import {
  API,
  Browser,
  CALLBACK,
  CONF,
  CONF_SECRET,
  createUser,
  LOGOUT,
  M2M,
  M2M_SECRET,
  POOL,
  startOAuthUserpool,
  submitLogin,
  WEB,
  type OAuthUserpool,
} from "./support.js";

describe.each(testEngines())("openid-client against the hosted UI on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  let config: oidc.Configuration;
  beforeAll(async () => {
    up = await startOAuthUserpool(engine);
    config = await oidc.discovery(new URL(up.issuer(POOL)), WEB, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests], // the development issuer is http://localhost (docs/conventions.md)
      [oidc.customFetch]: up.tlsFetch as unknown as oidc.CustomFetch,
    });
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  it("discovery lists the hosted endpoints, S256 and RFC 9207 iss", () => {
    const m = config.serverMetadata();
    expect(m.authorization_endpoint).toBe(`${up.hosted}/oauth2/authorize`);
    expect(m.token_endpoint).toBe(`${up.hosted}/oauth2/token`);
    expect(m.userinfo_endpoint).toBe(`${up.hosted}/oauth2/userInfo`);
    expect(m.revocation_endpoint).toBe(`${up.hosted}/oauth2/revoke`);
    expect(m.end_session_endpoint).toBe(`${up.hosted}/logout`);
    expect(m.code_challenge_methods_supported).toEqual(["S256"]);
    expect(m.authorization_response_iss_parameter_supported).toBe(true);
  });

  it(
    "authorize → hosted login → code → tokens → userInfo " + "→ refresh → revoke → logout; then a silent authorize",
    async () => {
      const email = await createUser(up);
      const browser = new Browser(up.tlsFetch);
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const authUrl = oidc.buildAuthorizationUrl(config, {
        redirect_uri: CALLBACK,
        scope: "openid email profile aws.cognito.signin.user.admin",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state,
        nonce,
      });

      // No session yet: the authorize endpoint sends the browser to the login page, with no CORS.
      const authorizeRes = await browser.request(authUrl.toString(), { headers: { origin: "http://localhost:3000" } });
      expect(authorizeRes.status).toBe(302);
      expect(authorizeRes.headers.get("access-control-allow-origin")).toBeNull();
      const login = await browser.navigate(authUrl.toString(), [up.hosted]);
      expect(login.status).toBe(200);
      expect(login.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(login.headers.get("referrer-policy")).toBe("no-referrer");
      expect(login.body).toContain('<label for="username">Email address</label>');
      expect(login.body).toContain("Continue with Google");
      expect(login.body).toContain("border-color:#c0ffee"); // pool branding

      // A wrong password re-renders the form with a sentence for a person (ADR 0046); the right one 303s to the app.
      const wrong = await submitLogin(browser, login, email, "Wrong-Passw0rd!");
      expect(wrong.status).toBe(400);
      expect(wrong.body).toContain('role="alert">The email address or password is not right.<');
      const ok = await submitLogin(browser, wrong, email, "Hosted-Passw0rd!");
      expect(ok.status).toBe(303);
      const callback = new URL(ok.headers.get("location")!);
      expect(callback.origin + callback.pathname).toBe(CALLBACK);
      expect(callback.searchParams.get("state")).toBe(state);
      expect(callback.searchParams.get("iss")).toBe(up.issuer(POOL));

      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      expect(tokens.refresh_token).toBeTruthy();
      const claims = tokens.claims()!;
      expect(claims).toMatchObject({ iss: up.issuer(POOL), aud: WEB, email, token_use: "id", nonce });
      expect(typeof claims.at_hash).toBe("string");
      // Same token format as the JSON API: RS256 under the pool's JWKS, the pool's issuer.
      const jwks = createLocalJWKSet(
        (await (await fetch(`${up.issuer(POOL)}/.well-known/jwks.json`)).json()) as JSONWebKeySet,
      );
      const { payload: access } = await jwtVerify(tokens.access_token, jwks, {
        issuer: up.issuer(POOL),
        algorithms: ["RS256"],
      });
      await jwtVerify(tokens.id_token!, jwks, { issuer: up.issuer(POOL), audience: WEB, algorithms: ["RS256"] });
      expect(access).toMatchObject({
        client_id: WEB,
        token_use: "access",
        scope: "openid email profile aws.cognito.signin.user.admin",
      });

      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      expect(info).toMatchObject({ sub: claims.sub, email, email_verified: "true" });
      // The hosted-UI access token carries aws.cognito.signin.user.admin, so the JSON API takes it too.
      const me = await up.anon.send(new GetUserCommand({ AccessToken: tokens.access_token }));
      expect(me.Username).toBe(claims["cognito:username"]);

      // Refresh at the token endpoint keeps the granted scopes;
      // the hosted-UI refresh token also works with InitiateAuth.
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      expect(refreshed.claims()?.sub).toBe(claims.sub);
      const viaApi = await up.anon.send(
        new InitiateAuthCommand({
          ClientId: WEB,
          AuthFlow: "REFRESH_TOKEN_AUTH",
          AuthParameters: { REFRESH_TOKEN: tokens.refresh_token! },
        }),
      );
      expect(viaApi.AuthenticationResult?.AccessToken).toBeTruthy();

      // Silent second authorize: the session cookie answers without the login page.
      const verifier2 = oidc.randomPKCECodeVerifier();
      const silent = await browser.request(
        oidc
          .buildAuthorizationUrl(config, {
            redirect_uri: CALLBACK,
            scope: "openid email",
            code_challenge: await oidc.calculatePKCECodeChallenge(verifier2),
            code_challenge_method: "S256",
            state: "s2",
          })
          .toString(),
      );
      expect(silent.status).toBe(302);
      const silentCb = new URL(silent.headers.get("location")!);
      expect(silentCb.searchParams.get("code")).toBeTruthy();
      const second = await oidc.authorizationCodeGrant(config, silentCb, {
        pkceCodeVerifier: verifier2,
        expectedState: "s2",
      });
      expect(second.claims()?.sub).toBe(claims.sub);
      // Granted only `openid email`: the JSON API's self-service operations refuse it, as Cognito does.
      await expect(up.anon.send(new GetUserCommand({ AccessToken: second.access_token }))).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "Access Token does not have required scopes",
      });

      // Revoke ends that session: its refresh token and its access tokens stop working.
      await oidc.tokenRevocation(config, tokens.refresh_token!);
      await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
        error: "invalid_grant",
      });
      await expect(oidc.fetchUserInfo(config, refreshed.access_token, claims.sub)).rejects.toThrow();
      // The other session (the silent one) is unaffected.
      expect((await oidc.fetchUserInfo(config, second.access_token, claims.sub)).sub).toBe(claims.sub);

      // Logout clears the hosted session: the next authorize shows the login page again.
      const logoutUrl = oidc.buildEndSessionUrl(config, { logout_uri: LOGOUT });
      const out = await browser.request(logoutUrl.toString());
      expect(out.status).toBe(302);
      expect(out.headers.get("location")).toBe(LOGOUT);
      const again = await browser.request(authUrl.toString());
      expect(again.status).toBe(302);
      expect(new URL(again.headers.get("location")!, up.hosted).pathname).toBe("/login");
    },
  );

  it(
    "a confidential client authenticates with HTTP Basic or the form, " +
      "never both, and a wrong secret is invalid_client",
    async () => {
      const conf = await oidc.discovery(
        new URL(up.issuer(POOL)),
        CONF,
        { client_secret: CONF_SECRET },
        oidc.ClientSecretBasic(CONF_SECRET),
        {
          execute: [oidc.allowInsecureRequests],
          [oidc.customFetch]: up.tlsFetch as unknown as oidc.CustomFetch,
        },
      );
      const email = await createUser(up);
      const browser = new Browser(up.tlsFetch);
      const url = oidc.buildAuthorizationUrl(conf, {
        redirect_uri: "https://app.example.com/cb",
        scope: "openid email",
        state: "st",
      });
      const login = await browser.navigate(url.toString(), [up.hosted]);
      const cb = new URL((await submitLogin(browser, login, email, "Hosted-Passw0rd!")).headers.get("location")!);
      const t = await oidc.authorizationCodeGrant(conf, cb, { expectedState: "st" });
      expect(t.claims()?.email).toBe(email);

      const form = (extra: Record<string, string>) => ({
        grant_type: "refresh_token",
        refresh_token: t.refresh_token!,
        ...extra,
      });
      const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
        up.tlsFetch(`${up.hosted}/oauth2/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
          body: new URLSearchParams(body).toString(),
        });
      const viaForm = await post(form({ client_id: CONF, client_secret: CONF_SECRET }));
      expect(viaForm.status).toBe(200);
      expect(viaForm.headers.get("cache-control")).toBe("no-store");
      const basic = `Basic ${Buffer.from(`${CONF}:wrong-secret`).toString("base64")}`;
      const bad = await post(form({}), { authorization: basic });
      expect(bad.status).toBe(401);
      expect(await bad.json()).toMatchObject({ error: "invalid_client" });
      expect(bad.headers.get("www-authenticate")).toContain("Basic");
      const both = await post(form({ client_secret: CONF_SECRET }), {
        authorization: `Basic ${Buffer.from(`${CONF}:${CONF_SECRET}`).toString("base64")}`,
      });
      expect(await both.json()).toMatchObject({ error: "invalid_request" });
      const noSecret = await post(form({ client_id: CONF }));
      expect(await noSecret.json()).toMatchObject({ error: "invalid_client" });
    },
  );

  it("client credentials: custom scopes of a resource server, only for the M2M client", async () => {
    const m2m = await oidc.discovery(
      new URL(up.issuer(POOL)),
      M2M,
      { client_secret: M2M_SECRET },
      oidc.ClientSecretBasic(M2M_SECRET),
      {
        execute: [oidc.allowInsecureRequests],
        [oidc.customFetch]: up.tlsFetch as unknown as oidc.CustomFetch,
      },
    );
    const t = await oidc.clientCredentialsGrant(m2m, { scope: `${API}/read` });
    expect(decodeJwt(t.access_token)).toMatchObject({
      sub: M2M,
      client_id: M2M,
      token_use: "access",
      scope: `${API}/read`,
      iss: up.issuer(POOL),
    });
    expect(t.refresh_token).toBeUndefined();
    const all = await oidc.clientCredentialsGrant(m2m);
    expect(decodeJwt(all.access_token).scope).toBe(`${API}/read ${API}/write`);
    await expect(oidc.clientCredentialsGrant(m2m, { scope: "openid" })).rejects.toMatchObject({
      error: "invalid_scope",
    });
    await expect(oidc.clientCredentialsGrant(m2m, { scope: `${API}/delete` })).rejects.toMatchObject({
      error: "invalid_scope",
    });
    // A client token has no user: userInfo refuses it.
    await expect(oidc.fetchUserInfo(m2m, t.access_token, oidc.skipSubjectCheck)).rejects.toThrow();
    // The token endpoint is callable from a browser app (CORS), the authorize endpoint is not.
    const pre = await up.tlsFetch(`${up.hosted}/oauth2/token`, {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:3000",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-amz-user-agent",
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-headers")).toContain("x-amz-user-agent");
  });
});

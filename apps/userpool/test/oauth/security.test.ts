/**
 * The OAuth security list (RFC 9700 / OWASP ASVS over Cognito's looser defaults): exact redirect URIs
 * (a corpus of bypasses, zero redirects), PKCE S256 only and required for public clients, no PKCE
 * downgrade, single-use 5-minute codes bound to client and redirect URI whose replay revokes the
 * tokens, implicit only where allowed and without refresh tokens, state/iss/nonce, CSRF and headers.
 */
import { readFileSync } from "node:fs";
import { GlobalSignOutCommand } from "@aws-sdk/client-cognito-identity-provider";
import * as oidc from "openid-client";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { testEngines } from "../support/engines.js";
import {
  APP_CALLBACK,
  Browser,
  CALLBACK,
  CONF,
  CONF_SECRET,
  createUser,
  IMPLICIT,
  NO_OAUTH,
  parseForm,
  PASSWORD,
  POOL,
  startOAuthUserpool,
  submitLogin,
  WEB,
  type OAuthUserpool,
} from "./support.js";

const corpus = JSON.parse(readFileSync(new URL("./redirectUriBypasses.json", import.meta.url), "utf8")) as {
  registered: string[];
  payloads: { class: string; redirect_uri: string }[];
};

describe.each(testEngines())("OAuth security on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  let email: string;
  const clock = new ManualClock(Date.now());
  beforeAll(async () => {
    up = await startOAuthUserpool(engine, { clock });
    email = await createUser(up);
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  const authorizeUrl = (params: Record<string, string>) =>
    `${up.hosted}/oauth2/authorize?${new URLSearchParams(params)}`;
  const challenge = async (v: string) => oidc.calculatePKCECodeChallenge(v);
  const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    up.tlsFetch(`${up.hosted}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(body).toString(),
    });
  const basic = (id: string, secret: string) => ({
    authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`,
  });

  /** Signs in through the hosted page and returns the callback URL the browser is sent to. */
  async function codeFor(params: Record<string, string>, browser = new Browser(up.tlsFetch)): Promise<URL> {
    const login = await browser.navigate(authorizeUrl(params), [up.hosted]);
    if (login.location) return new URL(login.location);
    const res = await submitLogin(browser, login, email, PASSWORD);
    expect(res.status).toBe(303);
    return new URL(res.headers.get("location")!);
  }

  it("the login page locks an unknown name out exactly as it locks a real user out (no existence oracle)", async () => {
    const messages = async (username: string) => {
      const browser = new Browser(up.tlsFetch);
      const login = await browser.navigate(
        authorizeUrl({
          client_id: WEB,
          response_type: "code",
          redirect_uri: CALLBACK,
          scope: "openid",
          code_challenge: await challenge(oidc.randomPKCECodeVerifier()),
          code_challenge_method: "S256",
        }),
        [up.hosted],
      );
      const out: string[] = [];
      let page = login;
      for (let i = 0; i < 6; i++) {
        page = await submitLogin(browser, page, username, "Wrong-Passw0rd!");
        expect(page.status).toBe(400);
        out.push(/role="alert">([^<]*)</.exec(page.body)?.[1] ?? "");
      }
      return out;
    };
    const real = await messages(await createUser(up));
    expect(real.at(-1)).toBe("Too many wrong passwords. Wait a few minutes, then try again.");
    expect(await messages(`nobody.${Date.now()}@example.com`)).toEqual(real);
  });

  it(
    `refuses every one of ${corpus.payloads.length} redirect_uri bypass payloads ` +
      "with an error page and no redirect",
    async () => {
      expect(corpus.payloads.length).toBeGreaterThanOrEqual(50);
      const v = oidc.randomPKCECodeVerifier();
      const c = await challenge(v);
      const redirects: string[] = [];
      for (const p of corpus.payloads) {
        const res = await up.tlsFetch(
          authorizeUrl({
            client_id: WEB,
            response_type: "code",
            redirect_uri: p.redirect_uri,
            scope: "openid",
            code_challenge: c,
            code_challenge_method: "S256",
            state: "x",
          }),
        );
        if (res.status >= 300 && res.status < 400)
          redirects.push(`${p.class}: ${p.redirect_uri} → ${res.headers.get("location")}`);
        expect(res.status, `${p.class}: ${JSON.stringify(p.redirect_uri)}`).toBe(400);
        expect(res.headers.get("location")).toBeNull();
        expect(res.headers.get("content-type")).toContain("text/html");
        // And the same payloads as logout_uri.
        const out = await up.tlsFetch(
          `${up.hosted}/logout?${new URLSearchParams({ client_id: WEB, logout_uri: p.redirect_uri })}`,
        );
        if (out.status >= 300 && out.status < 400) redirects.push(`logout ${p.class}: ${p.redirect_uri}`);
        expect(out.headers.get("location")).toBeNull();
        // And as RP-Initiated Logout's post_logout_redirect_uri.
        const rp = await up.tlsFetch(
          `${up.hosted}/logout?${new URLSearchParams({ client_id: WEB, post_logout_redirect_uri: p.redirect_uri })}`,
        );
        if (rp.status >= 300 && rp.status < 400) redirects.push(`post_logout ${p.class}: ${p.redirect_uri}`);
        expect(rp.headers.get("location")).toBeNull();
      }
      expect(redirects).toEqual([]);
      // Both registered URIs, byte for byte, do redirect (to the login page first).
      for (const ok of corpus.registered) {
        const res = await up.tlsFetch(
          authorizeUrl({
            client_id: WEB,
            response_type: "code",
            redirect_uri: ok,
            scope: "openid",
            code_challenge: c,
            code_challenge_method: "S256",
          }),
        );
        expect(res.status).toBe(302);
      }
    },
  );

  it("unknown or missing client_id gets a page, never a redirect", async () => {
    const queries: Record<string, string>[] = [
      { client_id: "nosuchclient00000000000001", redirect_uri: CALLBACK, response_type: "code" },
      { redirect_uri: CALLBACK, response_type: "code" },
    ];
    for (const q of queries) {
      const res = await up.tlsFetch(authorizeUrl(q));
      expect(res.status).toBe(400);
      expect(res.headers.get("location")).toBeNull();
    }
  });

  it(
    "PKCE: plain refused, challenge without S256 refused, public clients must send one " +
      "— as errors to the registered redirect URI with state and iss",
    async () => {
      const c = await challenge(oidc.randomPKCECodeVerifier());
      const cases: [Record<string, string>, string][] = [
        [{ code_challenge: c, code_challenge_method: "plain" }, "invalid_request"],
        [{ code_challenge: c }, "invalid_request"],
        [{ code_challenge_method: "S256" }, "invalid_request"],
        [{}, "invalid_request"],
        [{ code_challenge: "short", code_challenge_method: "S256" }, "invalid_request"],
      ];
      for (const [extra, error] of cases) {
        const res = await up.tlsFetch(
          authorizeUrl({
            client_id: WEB,
            response_type: "code",
            redirect_uri: CALLBACK,
            scope: "openid",
            state: "st&=ü",
            ...extra,
          }),
        );
        expect(res.status).toBe(302);
        const loc = new URL(res.headers.get("location")!);
        expect(`${loc.origin}${loc.pathname}`).toBe(CALLBACK);
        expect(loc.searchParams.get("error")).toBe(error);
        expect(loc.searchParams.get("state")).toBe("st&=ü");
        expect(loc.searchParams.get("iss")).toBe(up.issuer(POOL));
      }
    },
  );

  it(
    "PKCE: a wrong or missing verifier is refused; " +
      "a verifier for a code issued without a challenge is refused (downgrade)",
    async () => {
      const v = oidc.randomPKCECodeVerifier();
      const cb = await codeFor({
        client_id: WEB,
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "openid",
        code_challenge: await challenge(v),
        code_challenge_method: "S256",
      });
      const code = cb.searchParams.get("code")!;
      for (const bad of [oidc.randomPKCECodeVerifier(), "", v.slice(0, 42)]) {
        const res = await token({
          grant_type: "authorization_code",
          client_id: WEB,
          code,
          redirect_uri: CALLBACK,
          ...(bad ? { code_verifier: bad } : {}),
        });
        expect(res.status).toBe(400);
        expect(await res.json()).toMatchObject({ error: "invalid_grant" });
      }
      // The failed attempts did not use the code up: the right verifier still works.
      expect(
        (
          await token({
            grant_type: "authorization_code",
            client_id: WEB,
            code,
            redirect_uri: CALLBACK,
            code_verifier: v,
          })
        ).status,
      ).toBe(200);

      // Confidential client without PKCE; a verifier at the token endpoint means someone stripped the challenge.
      const conf = await codeFor({
        client_id: CONF,
        response_type: "code",
        redirect_uri: APP_CALLBACK,
        scope: "openid",
      });
      const res = await token(
        {
          grant_type: "authorization_code",
          code: conf.searchParams.get("code")!,
          redirect_uri: APP_CALLBACK,
          code_verifier: oidc.randomPKCECodeVerifier(),
        },
        basic(CONF, CONF_SECRET),
      );
      expect(await res.json()).toMatchObject({ error: "invalid_grant" });
    },
  );

  it("codes are bound to the client and the exact redirect_uri", async () => {
    const cb = await codeFor({ client_id: CONF, response_type: "code", redirect_uri: APP_CALLBACK, scope: "openid" });
    const code = cb.searchParams.get("code")!;
    expect(
      await (
        await token(
          { grant_type: "authorization_code", code, redirect_uri: `${APP_CALLBACK}/` },
          basic(CONF, CONF_SECRET),
        )
      ).json(),
    ).toMatchObject({ error: "invalid_grant" });
    expect(
      await (
        await token({ grant_type: "authorization_code", code, client_id: WEB, redirect_uri: APP_CALLBACK })
      ).json(),
    ).toMatchObject({ error: "invalid_grant" });
    expect(
      (await token({ grant_type: "authorization_code", code, redirect_uri: APP_CALLBACK }, basic(CONF, CONF_SECRET)))
        .status,
    ).toBe(200);
  });

  it("codes expire after 5 minutes", async () => {
    const v = oidc.randomPKCECodeVerifier();
    const params = {
      client_id: WEB,
      response_type: "code",
      redirect_uri: CALLBACK,
      scope: "openid",
      code_challenge: await challenge(v),
      code_challenge_method: "S256",
    };
    const late = (await codeFor(params)).searchParams.get("code")!;
    const inTime = (await codeFor(params)).searchParams.get("code")!;
    clock.advance(5 * 60_000 - 1000);
    expect(
      (
        await token({
          grant_type: "authorization_code",
          client_id: WEB,
          code: inTime,
          redirect_uri: CALLBACK,
          code_verifier: v,
        })
      ).status,
    ).toBe(200);
    clock.advance(2000);
    expect(
      await (
        await token({
          grant_type: "authorization_code",
          client_id: WEB,
          code: late,
          redirect_uri: CALLBACK,
          code_verifier: v,
        })
      ).json(),
    ).toMatchObject({ error: "invalid_grant" });
  });

  it(
    "10 concurrent redemptions of one code: exactly one succeeds, " + "and its access token then fails at userInfo",
    async () => {
      const v = oidc.randomPKCECodeVerifier();
      const cb = await codeFor({
        client_id: WEB,
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "openid email",
        code_challenge: await challenge(v),
        code_challenge_method: "S256",
      });
      const body = {
        grant_type: "authorization_code",
        client_id: WEB,
        code: cb.searchParams.get("code")!,
        redirect_uri: CALLBACK,
        code_verifier: v,
      };
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          token(body).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, string> })),
        ),
      );
      const wins = results.filter((r) => r.status === 200);
      expect(wins).toHaveLength(1);
      for (const r of results.filter((x) => x.status !== 200))
        expect(r).toMatchObject({ status: 400, json: { error: "invalid_grant" } });
      const accessToken = wins[0]!.json.access_token!;
      const info = await up.tlsFetch(`${up.hosted}/oauth2/userInfo`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(info.status).toBe(401);
      expect(info.headers.get("www-authenticate")).toContain('error="invalid_token"');
      const refresh = await token({
        grant_type: "refresh_token",
        client_id: WEB,
        refresh_token: wins[0]!.json.refresh_token!,
      });
      expect(await refresh.json()).toMatchObject({ error: "invalid_grant" });
    },
  );

  it("replaying a redeemed code later revokes the tokens it produced", async () => {
    const v = oidc.randomPKCECodeVerifier();
    const cb = await codeFor({
      client_id: WEB,
      response_type: "code",
      redirect_uri: CALLBACK,
      scope: "openid",
      code_challenge: await challenge(v),
      code_challenge_method: "S256",
    });
    const body = {
      grant_type: "authorization_code",
      client_id: WEB,
      code: cb.searchParams.get("code")!,
      redirect_uri: CALLBACK,
      code_verifier: v,
    };
    const first = (await (await token(body)).json()) as Record<string, string>;
    const ok = await up.tlsFetch(`${up.hosted}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${first.access_token}` },
    });
    expect(ok.status).toBe(200);
    expect(await (await token(body)).json()).toMatchObject({ error: "invalid_grant" });
    const after = await up.tlsFetch(`${up.hosted}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${first.access_token}` },
    });
    expect(after.status).toBe(401);
  });

  it("implicit grant only where allowed, never with a refresh token; the ID token carries the nonce", async () => {
    const cb = await codeFor({
      client_id: IMPLICIT,
      response_type: "token",
      redirect_uri: APP_CALLBACK,
      scope: "openid email",
      nonce: "n-123",
      state: "imp",
    });
    expect(cb.search).toBe("");
    const frag = new URLSearchParams(cb.hash.slice(1));
    expect(frag.get("access_token")).toBeTruthy();
    expect(frag.get("refresh_token")).toBeNull();
    expect(frag.get("state")).toBe("imp");
    expect(frag.get("iss")).toBe(up.issuer(POOL));
    expect(decodeJwt(frag.get("id_token")!)).toMatchObject({ nonce: "n-123", aud: IMPLICIT });
    const refused = await up.tlsFetch(
      authorizeUrl({ client_id: WEB, response_type: "token", redirect_uri: CALLBACK, scope: "openid", state: "s" }),
    );
    // response_type=token answers in the fragment, errors included (RFC 6749 §4.2.2.1).
    expect(new URLSearchParams(new URL(refused.headers.get("location")!).hash.slice(1)).get("error")).toBe(
      "unauthorized_client",
    );
    const noOauth = await up.tlsFetch(
      authorizeUrl({ client_id: NO_OAUTH, response_type: "code", redirect_uri: APP_CALLBACK, scope: "openid" }),
    );
    expect(new URL(noOauth.headers.get("location")!).searchParams.get("error")).toBe("unauthorized_client");
  });

  it("scopes must be allowed for the client; prompt=none without a session answers login_required", async () => {
    const c = await challenge(oidc.randomPKCECodeVerifier());
    const base = {
      client_id: WEB,
      response_type: "code",
      redirect_uri: CALLBACK,
      code_challenge: c,
      code_challenge_method: "S256",
    };
    const bad = await up.tlsFetch(authorizeUrl({ ...base, scope: "openid phone" }));
    expect(new URL(bad.headers.get("location")!).searchParams.get("error")).toBe("invalid_scope");
    const none = await up.tlsFetch(authorizeUrl({ ...base, scope: "openid", prompt: "none", state: "pn" }));
    const loc = new URL(none.headers.get("location")!);
    expect(loc.searchParams.get("error")).toBe("login_required");
    expect(loc.searchParams.get("state")).toBe("pn");
    const dup = await up.tlsFetch(`${authorizeUrl({ ...base, scope: "openid" })}&client_id=${WEB}`);
    expect(dup.status).toBe(400);
  });

  it("login POSTs need the CSRF token and our origin; all hosted responses forbid framing and referrers", async () => {
    const browser = new Browser(up.tlsFetch);
    const c = await challenge(oidc.randomPKCECodeVerifier());
    const login = await browser.navigate(
      authorizeUrl({
        client_id: WEB,
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "openid",
        code_challenge: c,
        code_challenge_method: "S256",
      }),
      [up.hosted],
    );
    const { action, fields } = parseForm(login);
    const noToken = await browser.request(action, { form: { username: email, password: PASSWORD } });
    expect(noToken.status).toBe(403);
    const forged = await browser.request(action, {
      form: { ...fields, username: email, password: PASSWORD },
      headers: { origin: "https://evil.example" },
    });
    expect(forged.status).toBe(403);
    const stranger = new Browser(up.tlsFetch); // no CSRF cookie: a token lifted from another browser is useless
    expect((await stranger.request(action, { form: { ...fields, username: email, password: PASSWORD } })).status).toBe(
      403,
    );
    for (const res of [
      login,
      noToken,
      await browser.request(`${up.hosted}/oauth2/token`, { form: { grant_type: "x" } }),
    ]) {
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    expect(login.body).not.toMatch(/<script/i);
    const cookie = (await browser.request(action, { form: { ...fields, username: email, password: PASSWORD } })).headers
      .getSetCookie()
      .join("\n");
    expect(cookie).toMatch(/__Host-authhub-session-[^;]+; Path=\/; Secure; HttpOnly; SameSite=Lax/);
  });

  it("a global sign-out also ends the hosted-UI session (no more silent authorize)", async () => {
    const b = new Browser(up.tlsFetch);
    const v = oidc.randomPKCECodeVerifier();
    const params = {
      client_id: WEB,
      response_type: "code",
      redirect_uri: CALLBACK,
      scope: "openid aws.cognito.signin.user.admin",
      code_challenge: await challenge(v),
      code_challenge_method: "S256",
    };
    const cb = await codeFor(params, b);
    const t = (await (
      await token({
        grant_type: "authorization_code",
        client_id: WEB,
        code: cb.searchParams.get("code")!,
        redirect_uri: CALLBACK,
        code_verifier: v,
      })
    ).json()) as Record<string, string>;
    expect((await b.request(authorizeUrl(params))).headers.get("location")).toContain("code=");
    clock.advance(1000);
    await up.anon.send(new GlobalSignOutCommand({ AccessToken: t.access_token! }));
    clock.advance(1000);
    const after = await b.request(authorizeUrl(params));
    expect(new URL(after.headers.get("location")!, up.hosted).pathname).toBe("/login");
  });

  it("bad input at the token endpoint gets OAuth errors, never a 500", async () => {
    const cases: [Record<string, string>, Record<string, string>, string][] = [
      [{}, {}, "invalid_request"],
      [{ grant_type: "password", client_id: WEB }, {}, "unsupported_grant_type"],
      [{ grant_type: "authorization_code", client_id: WEB }, {}, "invalid_request"],
      [
        { grant_type: "authorization_code", client_id: WEB, code: "x".repeat(5000), redirect_uri: CALLBACK },
        {},
        "invalid_grant",
      ],
      [{ grant_type: "refresh_token", client_id: WEB, refresh_token: "nope" }, {}, "invalid_grant"],
      [{ grant_type: "refresh_token", refresh_token: "nope" }, { authorization: "Bearer abc" }, "invalid_client"],
      [{ grant_type: "client_credentials", client_id: WEB }, {}, "unauthorized_client"],
    ];
    for (const [body, headers, error] of cases) {
      const res = await token(body, headers);
      expect(res.status, JSON.stringify(body)).toBeLessThan(500);
      expect(await res.json()).toMatchObject({ error });
    }
    const json = await up.tlsFetch(`${up.hosted}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(await json.json()).toMatchObject({ error: "invalid_request" });
  });
});

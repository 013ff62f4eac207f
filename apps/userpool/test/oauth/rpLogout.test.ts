/**
 * OpenID Connect RP-Initiated Logout 1.0 at the discovery document's end_session_endpoint (/logout):
 * id_token_hint (this pool's, signature checked, expiry not), client_id, post_logout_redirect_uri
 * (exactly one of the client's LogoutURLs), state echoed, GET and form POST; the hosted session ends in
 * every case where the pool is known, and nothing else ever redirects.
 */
import { generateKeyPairSync } from "node:crypto";
import { SignJWT, decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.js";
import { testEngines } from "../support/engines.js";
import {
  CALLBACK,
  CONF,
  createUser,
  hostedSignIn,
  LOGOUT,
  POOL,
  startOAuthUserpool,
  WEB,
  type Browser,
  type OAuthUserpool,
} from "./support.js";

const SESSION_COOKIE = `__Host-authhub-session-${POOL}`;

describe.each(testEngines())("RP-initiated logout on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  const clock = new ManualClock();
  beforeAll(async () => {
    up = await startOAuthUserpool(engine, { clock });
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  const logoutUrl = (params: Record<string, string>) => `${up.hosted}/logout?${new URLSearchParams(params)}`;

  /** Whether the browser's hosted session still signs it in without the login page. */
  async function stillSignedIn(browser: Browser): Promise<boolean> {
    const res = await browser.request(
      `${up.hosted}/oauth2/authorize?${new URLSearchParams({
        client_id: WEB,
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "openid",
        code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        code_challenge_method: "S256",
      })}`,
    );
    expect(res.status).toBe(302);
    return new URL(res.headers.get("location")!, up.hosted).pathname !== "/login";
  }

  async function signedIn() {
    const email = await createUser(up);
    const s = await hostedSignIn(up, email);
    expect(await stillSignedIn(s.browser)).toBe(true);
    return s;
  }

  it("id_token_hint + post_logout_redirect_uri + state: session ended, back to the LogoutURL with state", async () => {
    const { browser, tokens } = await signedIn();
    const out = await browser.request(
      logoutUrl({ id_token_hint: tokens.id_token, post_logout_redirect_uri: LOGOUT, state: "a b&c=d" }),
    );
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe(`${LOGOUT}?state=a%20b%26c%3Dd`);
    expect(browser.cookieNames(new URL(up.hosted).host)).not.toContain(SESSION_COOKIE);
    expect(await stillSignedIn(browser)).toBe(false);
  });

  it("client_id + post_logout_redirect_uri (no hint) redirects to a registered LogoutURL, without state", async () => {
    const { browser } = await signedIn();
    const out = await browser.request(logoutUrl({ client_id: WEB, post_logout_redirect_uri: LOGOUT }));
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe(LOGOUT);
    expect(await stillSignedIn(browser)).toBe(false);
  });

  it("with a hint but no post_logout_redirect_uri: a signed-out page", async () => {
    const { browser, tokens } = await signedIn();
    const out = await browser.request(logoutUrl({ id_token_hint: tokens.id_token, state: "s" }));
    expect(out.status).toBe(200);
    expect(out.headers.get("location")).toBeNull();
    expect(out.body).toContain("You have been signed out.");
    expect(await stillSignedIn(browser)).toBe(false);
  });

  it("an unregistered post_logout_redirect_uri: signed out all the same, a page and no redirect", async () => {
    const { browser, tokens } = await signedIn();
    for (const target of ["https://evil.example/", `${LOGOUT}x`, LOGOUT.toUpperCase(), CALLBACK + "?a=1"]) {
      const out = await up.tlsFetch(logoutUrl({ id_token_hint: tokens.id_token, post_logout_redirect_uri: target }));
      expect(out.status, target).toBe(400);
      expect(out.headers.get("location")).toBeNull();
      expect(await out.text()).toContain("not registered for this app client");
    }
    const out = await browser.request(
      logoutUrl({ id_token_hint: tokens.id_token, post_logout_redirect_uri: "https://evil.example/" }),
    );
    expect(out.status).toBe(400);
    expect(await stillSignedIn(browser)).toBe(false);
  });

  it("form POST works as GET (§2)", async () => {
    const { browser, tokens } = await signedIn();
    const out = await browser.request(`${up.hosted}/logout`, {
      form: { id_token_hint: tokens.id_token, post_logout_redirect_uri: LOGOUT, state: "posted" },
    });
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe(`${LOGOUT}?state=posted`);
    expect(await stillSignedIn(browser)).toBe(false);
  });

  it("refuses hints this pool did not issue as ID tokens, with a page and no redirect", async () => {
    const { browser, tokens } = await signedIn();
    const [h, p, sig] = tokens.id_token.split(".") as [string, string, string];
    const claims = decodeJwt(tokens.id_token);
    const forgedClaims = Buffer.from(JSON.stringify({ ...claims, sub: "someone-else" })).toString("base64url");
    const tampered = `${h}.${forgedClaims}.${sig}`;
    const none = `${Buffer.from(JSON.stringify({ alg: "none", kid: "x" })).toString("base64url")}.${p}.`;
    // Right header and claims, signed with a key of our own choosing under the pool's kid.
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const foreign = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: JSON.parse(Buffer.from(h, "base64url").toString()).kid })
      .sign(privateKey);
    for (const [what, hint] of Object.entries({
      tampered,
      none,
      foreign,
      access: tokens.access_token,
      garbage: "not-a-jwt",
      huge: "a".repeat(20_000),
    })) {
      const params = { id_token_hint: hint, post_logout_redirect_uri: LOGOUT };
      // The huge one only fits a form body (Node refuses a URL that long with 431 before we see it).
      const requests =
        what === "huge"
          ? [up.tlsFetch(`${up.hosted}/logout`, { method: "POST", body: new URLSearchParams(params) })]
          : [
              up.tlsFetch(logoutUrl(params)),
              up.tlsFetch(`${up.hosted}/logout`, { method: "POST", body: new URLSearchParams(params) }),
            ];
      for (const out of await Promise.all(requests)) {
        expect(out.status, what).toBe(400);
        expect(out.headers.get("location"), what).toBeNull();
        expect(await out.text(), what).toContain("not an ID token issued by this user pool");
      }
    }
    // With a client_id naming the pool, the session ends even though the hint is refused.
    const out = await browser.request(
      logoutUrl({ client_id: WEB, id_token_hint: tampered, post_logout_redirect_uri: LOGOUT }),
    );
    expect(out.status).toBe(400);
    expect(await stillSignedIn(browser)).toBe(false);
  });

  it("a hint and a client_id naming different clients are refused", async () => {
    const { browser, tokens } = await signedIn();
    const out = await browser.request(
      logoutUrl({ client_id: CONF, id_token_hint: tokens.id_token, post_logout_redirect_uri: LOGOUT }),
    );
    expect(out.status).toBe(400);
    expect(out.headers.get("location")).toBeNull();
    expect(out.body).toContain("issued to another app client");
  });

  it("refuses requests that name no client, an unknown client, or mix Cognito's and OIDC's targets", async () => {
    const { tokens } = await signedIn();
    const cases: [Record<string, string>, string][] = [
      [{ post_logout_redirect_uri: LOGOUT }, "needs client_id or id_token_hint"],
      [{ client_id: "nosuchclient00000000000001", post_logout_redirect_uri: LOGOUT }, "does not exist"],
      [{ client_id: WEB, logout_uri: LOGOUT, post_logout_redirect_uri: LOGOUT }, "mixes"],
      [{ client_id: WEB, logout_uri: LOGOUT, id_token_hint: tokens.id_token }, "mixes"],
    ];
    for (const [params, message] of cases) {
      const out = await up.tlsFetch(logoutUrl(params));
      expect(out.status, JSON.stringify(params)).toBe(400);
      expect(out.headers.get("location")).toBeNull();
      expect(await out.text()).toContain(message);
    }
    // A duplicated parameter is ambiguous (which target?): refused.
    const dup = await up.tlsFetch(
      `${up.hosted}/logout?client_id=${WEB}&post_logout_redirect_uri=${encodeURIComponent(LOGOUT)}` +
        `&post_logout_redirect_uri=${encodeURIComponent("https://evil.example/")}`,
    );
    expect(dup.status).toBe(400);
    expect(dup.headers.get("location")).toBeNull();
  });

  it("Cognito's own client_id + logout_uri still works, and only by GET", async () => {
    const { browser } = await signedIn();
    const post = await browser.request(`${up.hosted}/logout`, { form: { client_id: WEB, logout_uri: LOGOUT } });
    expect(post.status).toBe(400);
    const out = await browser.request(logoutUrl({ client_id: WEB, logout_uri: LOGOUT }));
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe(LOGOUT);
    expect(await stillSignedIn(browser)).toBe(false);
  });
  // Last: the clock moves on two hours, past the admin API's SigV4 window.
  it("an expired ID token is still a valid hint, as §2 allows", async () => {
    const { browser, tokens } = await signedIn();
    clock.advance(2 * 60 * 60 * 1000);
    expect(decodeJwt(tokens.id_token).exp! * 1000).toBeLessThan(clock.now().getTime());
    const out = await browser.request(logoutUrl({ id_token_hint: tokens.id_token, post_logout_redirect_uri: LOGOUT }));
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe(LOGOUT);
  });
});

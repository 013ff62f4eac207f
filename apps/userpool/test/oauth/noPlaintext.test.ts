/**
 * No OAuth bearer secret at rest or in the logs: after a hosted login, a code exchange, a refresh,
 * a federated sign-in and client credentials, no table and no log line holds an authorization code,
 * a hosted-UI session cookie, a refresh token, a client secret or the identity provider's secret —
 * in clear, base64, base64url or hex.
 */
import { sql } from "kysely";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/engines.js";
import {
  Browser,
  CALLBACK,
  CONF_SECRET,
  createUser,
  GOOGLE_SECRET,
  M2M,
  M2M_SECRET,
  PASSWORD,
  POOL,
  startOAuthUserpool,
  submitLogin,
  WEB,
  parseForm,
  type OAuthUserpool,
} from "./support.js";

const TABLES = [
  "oauth_codes",
  "oauth_grants",
  "hosted_sessions",
  "federation_states",
  "identity_providers",
  "refresh_tokens",
  "user_pool_clients",
  "userpool_meta",
  "users",
];

describe.each(testEngines())("no plaintext OAuth secrets on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  const logs: string[] = [];
  beforeAll(async () => {
    up = await startOAuthUserpool(engine, {
      logLevel: "debug",
      logDestination: { write: (s: string) => void logs.push(s) },
    });
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  it("codes, cookies, refresh tokens and secrets appear nowhere", async () => {
    const secrets = [CONF_SECRET, M2M_SECRET, GOOGLE_SECRET, PASSWORD];
    const config = await oidc.discovery(new URL(up.issuer(POOL)), WEB, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
      [oidc.customFetch]: up.tlsFetch as unknown as oidc.CustomFetch,
    });
    const email = await createUser(up);
    const browser = new Browser(up.tlsFetch);
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: "openid email",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state: "np",
    });
    const ok = await submitLogin(browser, await browser.navigate(url.toString(), [up.hosted]), email, PASSWORD);
    for (const c of ok.headers.getSetCookie()) secrets.push(c.split(";")[0]!.split("=")[1]!);
    const cb = new URL(ok.headers.get("location")!);
    secrets.push(cb.searchParams.get("code")!, verifier);
    const t = await oidc.authorizationCodeGrant(config, cb, { pkceCodeVerifier: verifier, expectedState: "np" });
    secrets.push(t.refresh_token!);
    await oidc.refreshTokenGrant(config, t.refresh_token!);

    // Federation: the state handle and the provider's code travel through our URLs.
    const fedVerifier = oidc.randomPKCECodeVerifier();
    const fedUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: "openid email",
      identity_provider: "Google",
      code_challenge: await oidc.calculatePKCECodeChallenge(fedVerifier),
      code_challenge_method: "S256",
      state: "f",
    });
    const toGoogle = await browser.request(fedUrl.toString());
    const googleUrl = new URL(toGoogle.headers.get("location")!);
    secrets.push(googleUrl.searchParams.get("state")!);
    const chooser = await browser.request(googleUrl.toString());
    const { action, fields } = parseForm(chooser);
    const chosen = await browser.request(action, { form: { ...fields, sub: "117000000000000000001" } });
    const back = await browser.navigate(new URL(chosen.headers.get("location")!, chosen.url).toString(), [up.hosted]);
    expect(back.location).toBeDefined();

    const m2m = await oidc.discovery(
      new URL(up.issuer(POOL)),
      M2M,
      { client_secret: M2M_SECRET },
      oidc.ClientSecretBasic(M2M_SECRET),
      { execute: [oidc.allowInsecureRequests], [oidc.customFetch]: up.tlsFetch as unknown as oidc.CustomFetch },
    );
    await oidc.clientCredentialsGrant(m2m);

    const dump: string[] = [];
    for (const table of TABLES) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(up.store.db);
      expect(rows.rows.length, table).toBeGreaterThanOrEqual(
        table === "federation_states" || table === "oauth_codes" ? 1 : 0,
      );
      dump.push(JSON.stringify(rows.rows));
    }
    const haystack = dump.join("\n") + logs.join("\n");
    for (const s of secrets.filter((x) => x.length >= 8)) {
      for (const form of [
        s,
        Buffer.from(s).toString("base64"),
        Buffer.from(s).toString("base64url"),
        Buffer.from(s).toString("hex"),
      ]) {
        expect(haystack.includes(form), `secret ${s.slice(0, 6)}… found`).toBe(false);
      }
    }
  });
});

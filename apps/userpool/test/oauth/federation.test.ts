/**
 * Federation: a full authorization-code flow through the development Google
 * (account chooser, code exchange, ID token validated by openid-client) creates a `Google_<sub>`
 * user with status EXTERNAL_PROVIDER whose tokens carry `identities` — and, with the user-sync
 * PreTokenGeneration trigger (the built packages/triggers bundle), a `db_user_id`. Never linked to a
 * local user by e-mail; triggers fire with Cognito's sources; an unverifiable answer is refused.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  AdminGetUserCommand,
  CreateIdentityProviderCommand,
  InitiateAuthCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createAppDb, migrateToLatest, type AppDb } from "@authhub/appdb";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserpoolFileConfig } from "../../src/config/fileSchema.js";
import { testEngines } from "../support/engines.js";
import { noTriggers, type Triggers } from "../../src/services/triggers.js";
import {
  Browser,
  CALLBACK,
  createUser,
  GOOGLE_CLIENT,
  GOOGLE_SECRET,
  OIDC_SCOPES,
  oauthConfig,
  parseForm,
  PASSWORD,
  POOL,
  startOAuthUserpool,
  WEB,
  type OAuthUserpool,
} from "./support.js";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
const BUNDLE = join(REPO, "packages/triggers/dist/index.mjs");

/** oauthConfig() with the tutorial's user-sync function as the pool's PreTokenGeneration trigger (V1_0). */
function withUserSync(): UserpoolFileConfig {
  const cfg = oauthConfig();
  cfg.UserPools[0]!.LambdaConfig = { PreTokenGenerationConfig: { LambdaArn: `file:${BUNDLE}`, LambdaVersion: "V1_0" } };
  return cfg;
}

async function discover(up: OAuthUserpool): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(up.issuer(POOL)), WEB, undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
    [oidc.customFetch]: up.tlsFetch as unknown as oidc.CustomFetch,
  });
}

/**
 * authorize?identity_provider=… → the provider's chooser → pick `sub` → back through idpresponse
 * → the app's callback.
 */
async function federate(up: OAuthUserpool, config: oidc.Configuration, sub: string, provider = "Google") {
  const browser = new Browser(up.tlsFetch);
  const verifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: OIDC_SCOPES.join(" "),
    identity_provider: provider,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: "fed",
    nonce: "fed-nonce",
  });
  const chooser = await browser.navigate(url.toString(), [up.hosted]);
  expect(chooser.status, chooser.body.slice(0, 300)).toBe(200);
  expect(chooser.url).toContain("/_dev/google/authorize");
  const { action, fields } = parseForm(chooser);
  const chosen = await browser.request(action, { form: { ...fields, sub } });
  expect(chosen.status).toBe(303);
  const back = await browser.navigate(new URL(chosen.headers.get("location")!, chosen.url).toString(), [up.hosted]);
  return { browser, verifier, back };
}

let built = false;
async function ensureBundle(): Promise<void> {
  if (built || existsSync(BUNDLE)) return;
  try {
    await promisify(execFile)("npm", ["run", "build", "-w", "packages/triggers"], { cwd: REPO, timeout: 120_000 });
  } catch (err) {
    throw new Error(`npm run build -w packages/triggers failed; run it by hand to see why: ${(err as Error).message}`);
  }
  if (!existsSync(BUNDLE)) throw new Error(`the build did not produce ${BUNDLE}`);
  built = true;
}

describe.each(testEngines())("federation through the development Google on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  let config: oidc.Configuration;
  let appDir: string;
  let appDb: AppDb;
  const saved = {
    DB_ENV: process.env.DB_ENV,
    APP_SQLITE_FILE: process.env.APP_SQLITE_FILE,
    DATABASE_URL: process.env.DATABASE_URL,
  };

  beforeAll(async () => {
    await ensureBundle();
    // The handler reads its app database from the environment, as in Lambda: a migrated SQLite file.
    appDir = mkdtempSync(join(tmpdir(), "appdb-fed-"));
    const file = join(appDir, "app.sqlite");
    appDb = await createAppDb({ engine: "sqlite", file });
    await migrateToLatest(appDb);
    delete process.env.DATABASE_URL;
    Object.assign(process.env, { DB_ENV: "development", APP_SQLITE_FILE: file });
    up = await startOAuthUserpool(engine, { config: withUserSync() });
    config = await discover(up);
  }, 180_000);
  afterAll(async () => {
    await up?.cleanup();
    await appDb?.destroy();
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    if (appDir) rmSync(appDir, { recursive: true, force: true });
  });

  it("creates Google_<sub> (EXTERNAL_PROVIDER) whose tokens carry identities and user-sync's db_user_id", async () => {
    const login = await new Browser(up.tlsFetch).navigate(
      `${up.hosted}/oauth2/authorize?${new URLSearchParams({
        client_id: WEB,
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "openid",
        code_challenge: "a".repeat(43),
        code_challenge_method: "S256",
      })}`,
      [up.hosted],
    );
    expect(login.body).toMatch(
      /<a class="button idp" href="[^"]*identity_provider=Google[^"]*">Continue with Google<\/a>/,
    );

    const { verifier, back } = await federate(up, config, "117000000000000000001");
    expect(back.location).toBeDefined();
    const cb = new URL(back.location!);
    expect(cb.searchParams.get("state")).toBe("fed");
    const tokens = await oidc.authorizationCodeGrant(config, cb, {
      pkceCodeVerifier: verifier,
      expectedState: "fed",
      expectedNonce: "fed-nonce",
      idTokenExpected: true,
    });
    const id = tokens.claims()!;
    expect(id["cognito:username"]).toBe("Google_117000000000000000001");
    expect(id).toMatchObject({
      email: "grace.hopper@example.com",
      email_verified: true,
      name: "Grace Hopper",
      given_name: "Grace",
      family_name: "Hopper",
    });
    expect(id.identities).toEqual([
      expect.objectContaining({
        userId: "117000000000000000001",
        providerName: "Google",
        providerType: "Google",
        primary: true,
      }),
    ]);
    const rows = await appDb.selectFrom("users").select(["id", "sub", "email"]).where("sub", "=", id.sub).execute();
    expect(rows).toEqual([{ id: expect.anything(), sub: id.sub, email: "grace.hopper@example.com" }]);
    expect(id.db_user_id).toBe(String(rows[0]!.id));

    const user = await up.admin.send(
      new AdminGetUserCommand({ UserPoolId: POOL, Username: "Google_117000000000000000001" }),
    );
    expect(user.UserStatus).toBe("EXTERNAL_PROVIDER");
    // Refresh (token endpoint) keeps working for the federated user, and the trigger keeps the claim.
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.claims()?.db_user_id).toBe(id.db_user_id);

    // The second sign-in finds the same user.
    const again = await federate(up, config, "117000000000000000001");
    const t2 = await oidc.authorizationCodeGrant(config, new URL(again.back.location!), {
      pkceCodeVerifier: again.verifier,
      expectedState: "fed",
      expectedNonce: "fed-nonce",
    });
    expect(t2.claims()?.sub).toBe(id.sub);
  });

  it("never links to a local user by e-mail", async () => {
    const local = await createUser(up, "shared@example.com");
    const { verifier, back } = await federate(up, config, "117000000000000000002");
    const t = await oidc.authorizationCodeGrant(config, new URL(back.location!), {
      pkceCodeVerifier: verifier,
      expectedState: "fed",
      expectedNonce: "fed-nonce",
    });
    const fed = t.claims()!;
    expect(fed["cognito:username"]).toBe("Google_117000000000000000002");
    const localUser = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: local }));
    const localSub = localUser.UserAttributes!.find((a) => a.Name === "sub")!.Value;
    expect(fed.sub).not.toBe(localSub);
    // The address still signs in the local user with the local password — and only it.
    const pw = await up.anon.send(
      new InitiateAuthCommand({
        ClientId: WEB,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "shared@example.com", PASSWORD },
      }),
    );
    expect(JSON.parse(Buffer.from(pw.AuthenticationResult!.IdToken!.split(".")[1]!, "base64url").toString()).sub).toBe(
      localSub,
    );
  });

  it(
    "refuses a provider answer that fails validation (wrong issuer) " +
      "and a replayed or unknown state, with a page, never a redirect",
    async () => {
      // Same provider endpoints, but the configured issuer differs from the one the provider signs: iss check fails.
      await up.admin.send(
        new CreateIdentityProviderCommand({
          UserPoolId: POOL,
          ProviderName: "WrongIss",
          ProviderType: "OIDC",
          ProviderDetails: {
            client_id: GOOGLE_CLIENT,
            client_secret: GOOGLE_SECRET,
            attributes_request_method: "GET",
            authorize_scopes: "openid email",
            oidc_issuer: "https://issuer.invalid",
            authorize_url: `${up.hosted}/_dev/google/authorize`,
            token_url: `${up.hosted}/_dev/google/token`,
            jwks_uri: `${up.hosted}/_dev/google/jwks`,
          },
          AttributeMapping: { email: "email" },
        }),
      );
      await up.admin.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: POOL,
          ClientId: WEB,
          ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ["code"],
          AllowedOAuthScopes: OIDC_SCOPES,
          SupportedIdentityProviders: ["COGNITO", "Google", "WrongIss"],
          CallbackURLs: [CALLBACK],
          LogoutURLs: [CALLBACK],
          PreventUserExistenceErrors: "ENABLED",
        }),
      );
      const { back } = await federate(up, config, "117000000000000000001", "WrongIss");
      expect(back.status).toBe(400);
      expect(back.location).toBeUndefined();
      expect(back.body).toContain("could not be verified");
      // No dead end: the state named the client, so the page leads back to its registered callback URL.
      expect(back.body).toContain(`<a href="${CALLBACK}">Back to the app to sign in again</a>`);

      // Replaying the provider's redirect (state already used) and an invented state.
      const first = await federate(up, config, "117000000000000000001");
      expect(first.back.location).toBeDefined();
      const replay = await new Browser(up.tlsFetch).request(`${up.hosted}/oauth2/idpresponse?code=x&state=invented`);
      expect(replay.status).toBe(400);
      expect(replay.headers.get("location")).toBeNull();
      // An invented state names no client: words, and no link anyone could aim elsewhere.
      expect(replay.body).toContain("Go back to the app you came from and sign in again.");
      expect(replay.body).not.toContain("<a href");
    },
  );
});

describe("federated sign-in fires Cognito's trigger sources", () => {
  const seen: string[] = [];
  const recording: Triggers = {
    ...noTriggers,
    preSignUp: async (ctx) => {
      seen.push(ctx.source);
      return noTriggers.preSignUp(ctx);
    },
    postConfirmation: async (ctx) => void seen.push(ctx.source),
    postAuthentication: async () => void seen.push("PostAuthentication_Authentication"),
    preTokenGeneration: async (ctx) => {
      seen.push(ctx.source);
      return noTriggers.preTokenGeneration(ctx);
    },
  };
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  beforeAll(async () => {
    up = await startOAuthUserpool(undefined, { triggers: recording });
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  it(
    "first sign-in: PreSignUp_ExternalProvider, PostConfirmation_ConfirmSignUp, " +
      "PostAuthentication, then TokenGeneration_HostedAuth; later only the last two",
    async () => {
      const config = await discover(up);
      const a = await federate(up, config, "117000000000000000001");
      await oidc.authorizationCodeGrant(config, new URL(a.back.location!), {
        pkceCodeVerifier: a.verifier,
        expectedState: "fed",
        expectedNonce: "fed-nonce",
      });
      expect(seen).toEqual([
        "PreSignUp_ExternalProvider",
        "PostConfirmation_ConfirmSignUp",
        "PostAuthentication_Authentication",
        "TokenGeneration_HostedAuth",
      ]);
      seen.length = 0;
      const b = await federate(up, config, "117000000000000000001");
      await oidc.authorizationCodeGrant(config, new URL(b.back.location!), {
        pkceCodeVerifier: b.verifier,
        expectedState: "fed",
        expectedNonce: "fed-nonce",
      });
      expect(seen).toEqual(["PostAuthentication_Authentication", "TokenGeneration_HostedAuth"]);
    },
  );
});

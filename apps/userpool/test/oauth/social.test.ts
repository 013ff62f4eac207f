/**
 * Facebook, Sign in with Apple and Login with Amazon: CreateIdentityProvider / DescribeIdentityProvider /
 * UpdateIdentityProvider through the AWS SDK (Cognito's ProviderDetails, the endpoints it fills in, Apple's
 * private_key never described, refusals naming the key), and the hosted flow through each development provider,
 * driven by fetch: authorize?identity_provider=… → the provider's chooser → /oauth2/idpresponse (Apple: a form
 * post with the `user` field on the first sign-in only) → the app's callback, creating `<Provider>_<id>` with the
 * mapped attributes and `identities`. Refused: a bad state, a bad code, a wrong client secret (or Apple key), a
 * replayed code.
 */
import { generateKeyPairSync } from "node:crypto";
import {
  AdminGetUserCommand,
  CreateIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEV_AMAZON_CLIENT,
  DEV_APPLE_CLIENT,
  DEV_APPLE_PRIVATE_KEY,
  DEV_FACEBOOK_CLIENT,
} from "../../src/dev/social/config.js";
import { testEngines } from "../support/engines.js";
import {
  Browser,
  CALLBACK,
  OIDC_SCOPES,
  parseForm,
  POOL,
  startOAuthUserpool,
  WEB,
  type OAuthUserpool,
  type Page,
} from "./support.js";

type Social = "Facebook" | "SignInWithApple" | "LoginWithAmazon";
const DEV_PATH: Record<Social, string> = {
  Facebook: "/_dev/facebook/dialog/oauth",
  SignInWithApple: "/_dev/apple/auth/authorize",
  LoginWithAmazon: "/_dev/amazon/ap/oa",
};

describe.each(testEngines())("Facebook, Sign in with Apple and Login with Amazon on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  const details = (): Record<Social, Record<string, string>> => ({
    Facebook: {
      client_id: DEV_FACEBOOK_CLIENT.clientId,
      client_secret: DEV_FACEBOOK_CLIENT.clientSecret,
      authorize_scopes: "public_profile, email",
      api_version: "v17.0",
      authorize_url: `${up.hosted}/_dev/facebook/dialog/oauth`,
      token_url: `${up.hosted}/_dev/facebook/oauth/access_token`,
      attributes_url: `${up.hosted}/_dev/facebook/me?fields=`,
    },
    SignInWithApple: {
      client_id: DEV_APPLE_CLIENT.clientId,
      team_id: DEV_APPLE_CLIENT.teamId,
      key_id: DEV_APPLE_CLIENT.keyId,
      private_key: DEV_APPLE_PRIVATE_KEY,
      authorize_scopes: "email name",
      oidc_issuer: `${up.hosted}/_dev/apple`,
    },
    LoginWithAmazon: {
      client_id: DEV_AMAZON_CLIENT.clientId,
      client_secret: DEV_AMAZON_CLIENT.clientSecret,
      authorize_scopes: "profile postal_code",
      authorize_url: `${up.hosted}/_dev/amazon/ap/oa`,
      token_url: `${up.hosted}/_dev/amazon/auth/o2/token`,
      attributes_url: `${up.hosted}/_dev/amazon/user/profile`,
    },
  });
  const MAPPING: Record<Social, Record<string, string>> = {
    Facebook: { email: "email", name: "name", given_name: "first_name", family_name: "last_name" },
    SignInWithApple: {
      email: "email",
      email_verified: "email_verified",
      given_name: "firstName",
      family_name: "lastName",
    },
    LoginWithAmazon: { email: "email", name: "name", address: "postal_code" },
  };
  const create = (type: string, d: Record<string, string>, name = type) =>
    up.admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: POOL,
        ProviderName: name,
        ProviderType: type as Social,
        ProviderDetails: d,
        ...(type in MAPPING ? { AttributeMapping: MAPPING[type as Social] } : {}),
      }),
    );
  const describeIdp = async (name: string) =>
    (await up.admin.send(new DescribeIdentityProviderCommand({ UserPoolId: POOL, ProviderName: name })))
      .IdentityProvider!;
  const update = (name: string, d: Record<string, string>) =>
    up.admin.send(new UpdateIdentityProviderCommand({ UserPoolId: POOL, ProviderName: name, ProviderDetails: d }));

  beforeAll(async () => {
    up = await startOAuthUserpool(engine);
    for (const [type, d] of Object.entries(details())) await create(type, d);
    await up.admin.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: POOL,
        ClientId: WEB,
        ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: OIDC_SCOPES,
        SupportedIdentityProviders: ["COGNITO", "Google", "Facebook", "SignInWithApple", "LoginWithAmazon"],
        CallbackURLs: [CALLBACK],
        LogoutURLs: [CALLBACK],
        PreventUserExistenceErrors: "ENABLED",
      }),
    );
  }, 180_000);
  afterAll(async () => {
    await up?.cleanup();
  });

  /** authorize?identity_provider=… up to the provider's answer: the idpresponse URL, or Apple's form. */
  async function answer(
    provider: Social,
    account: string,
  ): Promise<{
    browser: Browser;
    chooser: Page;
    url?: string;
    form?: { action: string; fields: Record<string, string> };
  }> {
    const browser = new Browser(up.tlsFetch);
    const chooser = await browser.navigate(
      `${up.hosted}/oauth2/authorize?${new URLSearchParams({
        client_id: WEB,
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "openid email profile",
        identity_provider: provider,
        code_challenge: "c".repeat(43),
        code_challenge_method: "S256",
      })}`,
      [up.hosted],
    );
    expect(chooser.status, chooser.body.slice(0, 300)).toBe(200);
    expect(new URL(chooser.url).pathname).toBe(DEV_PATH[provider]);
    const { action, fields } = parseForm(chooser);
    const chosen = await browser.request(action, { form: { ...fields, account } });
    if (provider === "SignInWithApple") {
      expect(chosen.status, chosen.body.slice(0, 300)).toBe(200);
      return { browser, chooser, form: parseForm(chosen) };
    }
    expect(chosen.status).toBe(303);
    return { browser, chooser, url: new URL(chosen.headers.get("location")!, chosen.url).toString() };
  }

  /** Hands the provider's answer to /oauth2/idpresponse (GET, or Apple's POST) and follows our redirects. */
  async function deliver(
    a: Awaited<ReturnType<typeof answer>>,
    change: Record<string, string> = {},
  ): Promise<Page & { location?: string }> {
    if (a.form) return a.browser.navigate(a.form.action, [up.hosted], { form: { ...a.form.fields, ...change } });
    const u = new URL(a.url!);
    for (const [k, v] of Object.entries(change)) u.searchParams.set(k, v);
    return a.browser.navigate(u.toString(), [up.hosted]);
  }

  const attributes = async (username: string): Promise<Record<string, string | undefined>> => {
    const u = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: username }));
    const attrs: Record<string, string> = Object.fromEntries(u.UserAttributes!.map((x) => [x.Name!, x.Value!]));
    return { status: u.UserStatus, ...attrs };
  };
  const expectSignedIn = (page: Page & { location?: string }) => {
    expect(page.location, page.body.slice(0, 400)).toBeDefined();
    expect(page.location!.startsWith(CALLBACK)).toBe(true);
    expect(new URL(page.location!).searchParams.get("code")).toBeTruthy();
  };
  const expectFailed = (page: Page & { location?: string }, message: RegExp) => {
    expect(page.location).toBeUndefined();
    expect(page.status).toBe(400);
    expect(page.body).toContain("Sign-in failed");
    expect(page.body).toMatch(message);
  };

  describe("ProviderDetails", () => {
    it("Describe shows the endpoints Cognito fills in; Apple's private_key is never returned", async () => {
      const fb = await describeIdp("Facebook");
      expect(fb.ProviderType).toBe("Facebook");
      expect(fb.ProviderDetails).toEqual({
        ...details().Facebook,
        attributes_url_add_attributes: "true",
        token_request_method: "GET",
      });
      expect(fb.AttributeMapping).toEqual({ ...MAPPING.Facebook, username: "id" });
      const apple = await describeIdp("SignInWithApple");
      const { private_key: _k, ...appleShown } = details().SignInWithApple;
      expect(apple.ProviderDetails).toEqual({
        ...appleShown,
        authorize_url: `${up.hosted}/_dev/apple/auth/authorize`,
        token_url: `${up.hosted}/_dev/apple/auth/token`,
        attributes_url_add_attributes: "false",
        token_request_method: "POST",
      });
      expect(apple.AttributeMapping?.username).toBe("sub");
      const amazon = await describeIdp("LoginWithAmazon");
      expect(amazon.ProviderDetails).toEqual({
        ...details().LoginWithAmazon,
        attributes_url_add_attributes: "false",
        token_request_method: "POST",
      });
      expect(amazon.AttributeMapping?.username).toBe("user_id");
    });

    it("a social provider is named after its type (Cognito's rule)", async () => {
      const err = (await create("LoginWithAmazon", details().LoginWithAmazon, "Amazon").catch(
        (e: Error) => e,
      )) as Error;
      expect(err.name).toBe("InvalidParameterException");
      expect(err.message).toBe("A LoginWithAmazon provider must be named LoginWithAmazon.");
    });

    it("Facebook's endpoints at their defaults follow a new api_version; given ones stay", async () => {
      await update("Facebook", {
        authorize_url: "https://www.facebook.com/v17.0/dialog/oauth",
        token_url: "https://graph.facebook.com/v17.0/oauth/access_token",
        attributes_url: "https://graph.facebook.com/v17.0/me?fields=",
      });
      const moved = (await update("Facebook", { api_version: "v19.0" })).IdentityProvider!.ProviderDetails!;
      expect(moved).toMatchObject({
        api_version: "v19.0",
        authorize_url: "https://www.facebook.com/v19.0/dialog/oauth",
        token_url: "https://graph.facebook.com/v19.0/oauth/access_token",
        attributes_url: "https://graph.facebook.com/v19.0/me?fields=",
      });
      await update("Facebook", details().Facebook);
      expect((await describeIdp("Facebook")).ProviderDetails).toMatchObject(details().Facebook);
    });

    it.each([
      ["Facebook", { client_id: "1", authorize_scopes: "email" }, /ProviderDetails\.client_secret is required/],
      ["LoginWithAmazon", { client_id: "1", client_secret: "s" }, /ProviderDetails\.authorize_scopes is required/],
      [
        "SignInWithApple",
        { client_id: "c", team_id: "t", private_key: DEV_APPLE_PRIVATE_KEY, authorize_scopes: "email" },
        /ProviderDetails\.key_id is required/,
      ],
      [
        "Facebook",
        { client_id: "1", client_secret: "s", authorize_scopes: "email", jwks_uri: "https://x.example" },
        /ProviderDetails key jwks_uri is not valid for Facebook/,
      ],
      [
        "SignInWithApple",
        { client_id: "c", team_id: "t", key_id: "k", private_key: "not a key", authorize_scopes: "email" },
        /private_key must be a P-256 private key/,
      ],
      [
        "SignInWithApple",
        { client_id: "c", team_id: "t", key_id: "k", private_key: DEV_APPLE_PRIVATE_KEY, authorize_scopes: "openid" },
        /openid is not a SignInWithApple scope/,
      ],
      [
        "LoginWithAmazon",
        { client_id: "1", client_secret: "s", authorize_scopes: "profile", token_url: "http://amazon.example/t" },
        /ProviderDetails\.token_url must be an https URL/,
      ],
      [
        "Facebook",
        { client_id: "1", client_secret: "s", authorize_scopes: "email", api_version: "17" },
        /api_version must look like v17\.0/,
      ],
      [
        "Facebook",
        { client_id: "1", client_secret: "s", authorize_scopes: "email", token_request_method: "POST" },
        /token_request_method is GET for Facebook/,
      ],
    ])("refuses %s details %j, naming the problem", async (type, d, message) => {
      // Validation comes before the name's uniqueness, so the existing providers' names do not matter here.
      const err = (await create(type, d as Record<string, string>).catch((e: Error) => e)) as Error & {
        __type?: string;
      };
      expect(err.name).toBe("InvalidParameterException");
      expect(err.message).toMatch(message);
    });

    it("a wrong Apple key is refused on update with the same message, and the stored key is kept", async () => {
      const err = (await update("SignInWithApple", { private_key: "-----BEGIN PRIVATE KEY-----" }).catch(
        (e: Error) => e,
      )) as Error;
      expect(err.name).toBe("InvalidParameterException");
      expect(err.message).toMatch(/private_key must be a P-256 private key/);
    });
  });

  describe("hosted sign-in", () => {
    it("Facebook: creates Facebook_<id> with the Graph API's fields mapped and identities", async () => {
      expectSignedIn(await deliver(await answer("Facebook", "10000000000000001")));
      const u = await attributes("Facebook_10000000000000001");
      expect(u).toMatchObject({
        status: "EXTERNAL_PROVIDER",
        email: "margaret.hamilton@example.com",
        name: "Margaret Hamilton",
        given_name: "Margaret",
        family_name: "Hamilton",
      });
      expect(JSON.parse(u.identities!)).toMatchObject([
        { userId: "10000000000000001", providerName: "Facebook", providerType: "Facebook", primary: true },
      ]);
    });

    it("Login with Amazon: creates LoginWithAmazon_<user_id> with the profile mapped", async () => {
      expectSignedIn(await deliver(await answer("LoginWithAmazon", "amzn1.account.DEVDONALDKNUTH000002")));
      const u = await attributes("LoginWithAmazon_amzn1.account.DEVDONALDKNUTH000002");
      expect(u).toMatchObject({
        status: "EXTERNAL_PROVIDER",
        email: "donald.knuth@example.com",
        name: "Donald Knuth",
        address: "98109",
      });
      expect(JSON.parse(u.identities!)[0]).toMatchObject({ providerType: "LoginWithAmazon" });
    });

    it("Sign in with Apple: a form post; the name arrives on the first sign-in only and is kept", async () => {
      const first = await answer("SignInWithApple", "000101.devbarbaraliskov.0001");
      expect(JSON.parse(first.form!.fields.user!)).toEqual({
        name: { firstName: "Barbara", lastName: "Liskov" },
        email: "barbara.liskov@example.com",
      });
      expectSignedIn(await deliver(first));
      const username = "SignInWithApple_000101.devbarbaraliskov.0001";
      expect(await attributes(username)).toMatchObject({
        status: "EXTERNAL_PROVIDER",
        email: "barbara.liskov@example.com",
        email_verified: "true",
        given_name: "Barbara",
        family_name: "Liskov",
      });
      const second = await answer("SignInWithApple", "000101.devbarbaraliskov.0001");
      expect(second.form!.fields.user).toBeUndefined();
      expectSignedIn(await deliver(second));
      expect(await attributes(username)).toMatchObject({ given_name: "Barbara", family_name: "Liskov" });
    });

    it.each(["Facebook", "SignInWithApple", "LoginWithAmazon"] as const)(
      "%s: a bad state, a bad code and a replayed answer are refused",
      async (provider) => {
        const account = {
          Facebook: "10000000000000002",
          SignInWithApple: "000102.devkenthompson000.0002",
          LoginWithAmazon: "amzn1.account.DEVKATHERINEJOHNSON01",
        }[provider];
        const a = await answer(provider, account);
        expectFailed(await deliver(a, { state: "not-a-state" }), /expired or was already used/);
        // The state is single use: it was not consumed by the bad one, so a bad code uses it up…
        expectFailed(await deliver(a, { code: "forged-code" }), /could not be verified/);
        // …and the genuine answer replayed after that finds no state.
        expectFailed(await deliver(a), /expired or was already used/);
        // A fresh sign-in works; replaying its answer fails.
        const b = await answer(provider, account);
        expectSignedIn(await deliver(b));
        expectFailed(await deliver(b), /expired or was already used/);
      },
    );

    it.each([
      ["Facebook", { client_secret: "wrong-secret" }],
      ["LoginWithAmazon", { client_secret: "wrong-secret" }],
      [
        "SignInWithApple",
        {
          private_key: generateKeyPairSync("ec", { namedCurve: "P-256" })
            .privateKey.export({ format: "pem", type: "pkcs8" })
            .toString(),
        },
      ],
    ] as const)(
      "%s: a wrong client secret (Apple: a key the provider does not know) fails the sign-in",
      async (provider, wrong) => {
        await update(provider, wrong);
        try {
          const account = {
            Facebook: "10000000000000001",
            SignInWithApple: "000101.devbarbaraliskov.0001",
            LoginWithAmazon: "amzn1.account.DEVDONALDKNUTH000002",
          }[provider];
          expectFailed(await deliver(await answer(provider, account)), /could not be verified/);
        } finally {
          await update(provider, details()[provider]);
        }
        // Restored: the same account signs in again.
      },
    );
  });

  it("the hosted login page has a button per enabled provider, each to its development provider", async () => {
    const browser = new Browser(up.tlsFetch);
    const login = await browser.navigate(
      `${up.hosted}/oauth2/authorize?${new URLSearchParams({
        client_id: WEB,
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "openid",
        code_challenge: "c".repeat(43),
        code_challenge_method: "S256",
      })}`,
      [up.hosted],
    );
    const buttons = [...login.body.matchAll(/<a class="button idp" href="([^"]+)">Continue with ([^<]+)<\/a>/g)];
    expect(buttons.map((m) => m[2])).toEqual(["Google", "Facebook", "Apple", "Amazon"]);
    for (const [, href, label] of buttons.slice(1)) {
      const page = await new Browser(up.tlsFetch).navigate(
        new URL(href!.replace(/&amp;/g, "&"), login.url).toString(),
        [up.hosted],
      );
      expect(page.status, label).toBe(200);
      expect(new URL(page.url).pathname).toMatch(/^\/_dev\/(facebook|apple|amazon)\//);
    }
  });

  describe("the development providers' token endpoints", () => {
    it("a code works once (Facebook, Amazon, Apple)", async () => {
      const fb = new URL((await answer("Facebook", "10000000000000001")).url!);
      const fbToken = () =>
        up.tlsFetch(
          `${up.hosted}/_dev/facebook/oauth/access_token?${new URLSearchParams({
            client_id: DEV_FACEBOOK_CLIENT.clientId,
            client_secret: DEV_FACEBOOK_CLIENT.clientSecret,
            redirect_uri: `${up.hosted}/oauth2/idpresponse`,
            code: fb.searchParams.get("code")!,
          })}`,
        );
      expect((await fbToken()).status).toBe(200);
      const replay = await fbToken();
      expect(replay.status).toBe(400);
      expect(await replay.json()).toMatchObject({ error: { type: "OAuthException", code: 100 } });

      const amazon = new URL((await answer("LoginWithAmazon", "amzn1.account.DEVDONALDKNUTH000002")).url!);
      const amazonToken = (secret: string) =>
        up.tlsFetch(`${up.hosted}/_dev/amazon/auth/o2/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "authorization_code",
            client_id: DEV_AMAZON_CLIENT.clientId,
            client_secret: secret,
            redirect_uri: `${up.hosted}/oauth2/idpresponse`,
            code: amazon.searchParams.get("code")!,
          }).toString(),
        });
      const wrong = await amazonToken("not-the-secret");
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toMatchObject({ error: "invalid_client" });
      expect((await amazonToken(DEV_AMAZON_CLIENT.clientSecret)).status).toBe(200);
      const again = await amazonToken(DEV_AMAZON_CLIENT.clientSecret);
      expect(again.status).toBe(400);
      expect(await again.json()).toMatchObject({ error: "invalid_grant" });

      const apple = await answer("SignInWithApple", "000102.devkenthompson000.0002");
      const appleToken = (clientSecret: string) =>
        up.tlsFetch(`${up.hosted}/_dev/apple/auth/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "authorization_code",
            client_id: DEV_APPLE_CLIENT.clientId,
            client_secret: clientSecret,
            redirect_uri: `${up.hosted}/oauth2/idpresponse`,
            code: apple.form!.fields.code!,
          }).toString(),
        });
      // A client secret that is not a JWT signed by the registered key is refused.
      const forged = await appleToken("eyJhbGciOiJub25lIn0.e30.");
      expect(forged.status).toBe(400);
      expect(await forged.json()).toEqual({ error: "invalid_client" });
    });
  });
});

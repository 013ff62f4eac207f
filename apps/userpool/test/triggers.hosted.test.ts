/**
 * Trigger sources of the hosted UI through the runtime: a hosted-login sign-in sends
 * TokenGeneration_HostedAuth (here V2_0, with the OAuth scopes) and its answer shapes the tokens the
 * token endpoint returns; a first federated sign-in through the development Google sends
 * PreSignUp_ExternalProvider, whose refusal stops the first sign-in before any user exists. Events are
 * compared with the recorded Cognito fixtures. Both engines.
 */
import {
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CreateIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { compareEventShape, loadFixture } from "@authhub/triggers/fixtures";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import {
  APP_CALLBACK,
  Browser,
  CALLBACK,
  CONF,
  createUser,
  GOOGLE_CLIENT,
  GOOGLE_SECRET,
  OIDC_SCOPES,
  oauthConfig,
  parseForm,
  POOL,
  startOAuthUserpool,
  submitLogin,
  WEB,
  type OAuthUserpool,
} from "./oauth/support.js";
import { RECORDER, allTriggers, eventsOf, recorder, resetRecorder } from "./support/triggerPools.js";

describe.each(testEngines())("hosted UI trigger sources on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  let config: oidc.Configuration;
  beforeAll(async () => {
    resetRecorder();
    const cfg = oauthConfig();
    cfg.UserPools[0]!.LambdaConfig = allTriggers(RECORDER, "V2_0");
    up = await startOAuthUserpool(engine, { config: cfg });
    config = await oidc.discovery(new URL(up.issuer(POOL)), WEB, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
      [oidc.customFetch]: up.tlsFetch as unknown as oidc.CustomFetch,
    });
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  async function authorize(browser: Browser, extra: Record<string, string> = {}) {
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: OIDC_SCOPES.join(" "),
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state: "st",
      ...extra,
    });
    return { verifier, page: await browser.navigate(url.toString(), [up.hosted]) };
  }

  it(
    "hosted login: TokenGeneration_HostedAuth in Cognito's V2 shape, " +
      "with the granted scopes, and its claims reach both tokens",
    async () => {
      const email = await createUser(up);
      recorder().behaviour.TokenGeneration_HostedAuth = (e) => ({
        ...e,
        response: {
          claimsAndScopeOverrideDetails: {
            idTokenGeneration: { claimsToAddOrOverride: { tenant: "acme" } },
            accessTokenGeneration: { claimsToAddOrOverride: { tenant: "acme" } },
          },
        },
      });
      const browser = new Browser(up.tlsFetch);
      const { verifier, page } = await authorize(browser);
      const ok = await submitLogin(browser, page, email, "Hosted-Passw0rd!");
      expect(ok.status).toBe(303);
      const tokens = await oidc.authorizationCodeGrant(config, new URL(ok.headers.get("location")!), {
        pkceCodeVerifier: verifier,
        expectedState: "st",
        idTokenExpected: true,
      });
      expect(tokens.claims()!.tenant).toBe("acme");
      expect(JSON.parse(Buffer.from(tokens.access_token.split(".")[1]!, "base64url").toString()).tenant).toBe("acme");

      const [event] = eventsOf("TokenGeneration_HostedAuth");
      expect(compareEventShape(event, loadFixture("pre-token-generation-v2-authentication"))).toEqual([]);
      expect(event).toMatchObject({ version: "2", userPoolId: POOL, callerContext: { clientId: WEB } });
      expect([...event.request.scopes].sort()).toEqual([...OIDC_SCOPES].sort());
    },
  );

  it(
    "hosted login: PreAuthentication runs for an unknown name with userNotFound (client with " +
      "PreventUserExistenceErrors ENABLED), and the page answers as for a wrong password",
    async () => {
      const email = await createUser(up);
      const ghost = `ghost-${Date.now()}@example.com`;
      const shown: string[] = [];
      for (const [username, password] of [
        [ghost, "Hosted-Passw0rd!"],
        [email, "Wrong-Passw0rd!"],
      ] as const) {
        resetRecorder();
        const browser = new Browser(up.tlsFetch);
        const { page } = await authorize(browser);
        const failed = await submitLogin(browser, page, username, password);
        expect(failed.status).toBe(400);
        shown.push(/<p[^>]*class="[^"]*error[^"]*"[^>]*>([^<]*)</.exec(failed.body)?.[1] ?? failed.body);
        const [event] = eventsOf("PreAuthentication_Authentication");
        expect(compareEventShape(event, loadFixture("pre-authentication-authentication"))).toEqual([]);
        expect([event.request.userNotFound, event.callerContext.clientId]).toEqual([username === ghost, WEB]);
        if (username === ghost) expect([event.userName, event.request.userAttributes]).toEqual([ghost, {}]);
      }
      expect(shown[0]).toBe(shown[1]);
      expect(shown[0]).toContain("The email address or password is not right.");

      // A LEGACY client (CONF): the page still says nothing, but PreAuthentication runs for users only, without
      // userNotFound.
      for (const username of [ghost, email]) {
        resetRecorder();
        const browser = new Browser(up.tlsFetch);
        const login = await browser.navigate(
          `${up.hosted}/oauth2/authorize?${new URLSearchParams({
            client_id: CONF,
            response_type: "code",
            redirect_uri: APP_CALLBACK,
            scope: "openid",
          })}`,
          [up.hosted],
        );
        expect((await submitLogin(browser, login, username, "Wrong-Passw0rd!")).status).toBe(400);
        const events = eventsOf("PreAuthentication_Authentication");
        expect(events.map((e) => [e.userName === ghost, e.request.userNotFound])).toEqual(
          username === ghost ? [] : [[false, undefined]],
        );
      }
    },
  );

  it(
    "first federated sign-in: PreSignUp_ExternalProvider (userName Google_<sub>) " +
      "and the hosted token event, in Cognito's shapes",
    async () => {
      const browser = new Browser(up.tlsFetch);
      const { verifier, page: chooser } = await authorize(browser, { identity_provider: "Google" });
      expect(chooser.url).toContain("/_dev/google/authorize");
      const { action, fields } = parseForm(chooser);
      const chosen = await browser.request(action, { form: { ...fields, sub: "117000000000000000001" } });
      const back = await browser.navigate(new URL(chosen.headers.get("location")!, chosen.url).toString(), [up.hosted]);
      expect(back.location).toMatch(/^http:\/\/localhost:3000\/\?code=/);
      // Tokens are minted when the code is redeemed: that is when PreTokenGeneration runs.
      await oidc.authorizationCodeGrant(config, new URL(back.location!), {
        pkceCodeVerifier: verifier,
        expectedState: "st",
        idTokenExpected: true,
      });

      const [pre] = eventsOf("PreSignUp_ExternalProvider");
      expect(compareEventShape(pre, loadFixture("pre-sign-up-sign-up"))).toEqual([]);
      expect(pre).toMatchObject({ userName: "Google_117000000000000000001", callerContext: { clientId: WEB } });
      expect(pre.request.userAttributes.email).toBe("grace.hopper@example.com");
      const hosted = eventsOf("TokenGeneration_HostedAuth").find((e) => e.userName === "Google_117000000000000000001");
      expect(compareEventShape(hosted, loadFixture("pre-token-generation-v2-authentication"))).toEqual([]);
    },
  );

  it(
    "PreSignUp_ExternalProvider refusing: the first federated sign-in ends on the function's message, " +
      "no user is made; once it allows, the same account signs in",
    async () => {
      const username = "Google_117000000000000000002";
      const chooseAccount = async () => {
        const browser = new Browser(up.tlsFetch);
        const { verifier, page: chooser } = await authorize(browser, { identity_provider: "Google" });
        const { action, fields } = parseForm(chooser);
        const chosen = await browser.request(action, { form: { ...fields, sub: "117000000000000000002" } });
        const back = await browser.navigate(new URL(chosen.headers.get("location")!, chosen.url).toString(), [
          up.hosted,
        ]);
        return { verifier, back };
      };
      recorder().behaviour.PreSignUp_ExternalProvider = () => {
        throw new Error("invitation only");
      };
      const refused = await chooseAccount();
      expect(refused.back.location).toBeUndefined();
      expect(refused.back.status).toBe(400);
      expect(refused.back.body).toContain("PreSignUp failed with error invitation only.");
      await expect(
        up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: username })),
      ).rejects.toMatchObject({ name: "UserNotFoundException" });
      expect(eventsOf("PostConfirmation_ConfirmSignUp").filter((e) => e.userName === username)).toEqual([]);

      delete recorder().behaviour.PreSignUp_ExternalProvider;
      const allowed = await chooseAccount();
      expect(allowed.back.location).toMatch(/^http:\/\/localhost:3000\/\?code=/);
      const user = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: username }));
      expect(user.UserStatus).toBe("EXTERNAL_PROVIDER");
      expect(eventsOf("PreSignUp_ExternalProvider").filter((e) => e.userName === username)).toHaveLength(2);
    },
  );

  it(
    "PreSignUp_ExternalProvider linking: a function that calls AdminLinkProviderForUser makes the first " +
      "federated sign-in land in the existing password user; no federated user is made",
    async () => {
      const email = await createUser(up);
      const native = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: email }));
      const nativeSub = native.UserAttributes!.find((a) => a.Name === "sub")!.Value!;
      // The development Google has two accounts, both signed in above: a second provider on it gives a new identity.
      const sub = "117000000000000000001";
      await up.admin.send(
        new CreateIdentityProviderCommand({
          UserPoolId: POOL,
          ProviderName: "Partner",
          ProviderType: "OIDC",
          ProviderDetails: {
            client_id: GOOGLE_CLIENT,
            client_secret: GOOGLE_SECRET,
            attributes_request_method: "GET",
            authorize_scopes: "openid email",
            oidc_issuer: `${up.hosted}/_dev/google`,
          },
          AttributeMapping: { email: "email" },
        }),
      );
      const { UserPoolClient: c } = await up.admin.send(
        new DescribeUserPoolClientCommand({ UserPoolId: POOL, ClientId: WEB }),
      );
      const { ClientSecret: _s, CreationDate: _c, LastModifiedDate: _l, ...settings } = c!;
      await up.admin.send(
        new UpdateUserPoolClientCommand({
          ...settings,
          UserPoolId: POOL,
          ClientId: WEB,
          SupportedIdentityProviders: [...(settings.SupportedIdentityProviders ?? []), "Partner"],
        }),
      );
      recorder().behaviour.PreSignUp_ExternalProvider = async (e) => {
        const [providerName, providerUserId] = String(e.userName).split("_");
        await up.admin.send(
          new AdminLinkProviderForUserCommand({
            UserPoolId: e.userPoolId,
            DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: email },
            SourceUser: {
              ProviderName: providerName,
              ProviderAttributeName: "Cognito_Subject",
              ProviderAttributeValue: providerUserId,
            },
          }),
        );
        return e;
      };
      try {
        const browser = new Browser(up.tlsFetch);
        const { verifier, page: chooser } = await authorize(browser, { identity_provider: "Partner" });
        const { action, fields } = parseForm(chooser);
        const chosen = await browser.request(action, { form: { ...fields, sub } });
        const back = await browser.navigate(new URL(chosen.headers.get("location")!, chosen.url).toString(), [
          up.hosted,
        ]);
        expect(back.location ?? back.body.replace(/<[^>]*>/g, " ").slice(-600)).toMatch(
          /^http:\/\/localhost:3000\/\?code=/,
        );
        const tokens = await oidc.authorizationCodeGrant(config, new URL(back.location!), {
          pkceCodeVerifier: verifier,
          expectedState: "st",
          idTokenExpected: true,
        });
        expect(tokens.claims()!.sub).toBe(nativeSub);
      } finally {
        delete recorder().behaviour.PreSignUp_ExternalProvider;
      }
      await expect(
        up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: `Partner_${sub}` })),
      ).rejects.toMatchObject({ name: "UserNotFoundException" });
      expect(eventsOf("PreSignUp_ExternalProvider").filter((e) => e.userName === `Partner_${sub}`)).toHaveLength(1);
      expect(eventsOf("PostConfirmation_ConfirmSignUp").filter((e) => e.userName === `Partner_${sub}`)).toEqual([]);
    },
  );
});

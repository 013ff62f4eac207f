/**
 * Session configuration through the AWS SDK v3 on every engine: Get/SetUserPoolSessionConfiguration (tracking
 * ENABLED ends a user's least recently used token session beyond MaxPerUser at the next sign-in; DISABLED keeps the
 * limit dormant) and Get/SetUserPoolClientSessionConfiguration (how long /oauth2/authorize answers a client from the
 * hosted UI's session). ADR 0032.
 */
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminListUserSessionsCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserPoolClientSessionConfigurationCommand,
  GetUserPoolSessionConfigurationCommand,
  InitiateAuthCommand,
  SetUserPoolClientSessionConfigurationCommand,
  SetUserPoolSessionConfigurationCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import {
  CALLBACK,
  createUser,
  hostedSignIn,
  POOL,
  startOAuthUserpool,
  WEB,
  type Browser,
  type OAuthUserpool,
} from "./oauth/support.js";
import { adminAt } from "./support/lifecycle.js";
import { GOOD_PASSWORD, startTestUserpoolOn, uniqueEmail, type EngineUserpool } from "./support/userpool.js";

describe.each(testEngines())("user pool session configuration through the AWS SDK v3 on $name", (engine) => {
  let up: EngineUserpool;
  let admin: CognitoIdentityProviderClient;
  const clock = new ManualClock();
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, { clock });
    admin = adminAt(up.url, clock);
  });
  afterAll(() => up?.stop());

  async function newPool(name: string, tier?: "LITE" | "ESSENTIALS" | "PLUS") {
    const pool = (
      await admin.send(
        new CreateUserPoolCommand({
          PoolName: name,
          UsernameAttributes: ["email"],
          ...(tier ? { UserPoolTier: tier } : {}),
        }),
      )
    ).UserPool!;
    const client = (
      await admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: pool.Id!,
          ClientName: "app",
          ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
      )
    ).UserPoolClient!;
    return { poolId: pool.Id!, clientId: client.ClientId! };
  }

  async function newUser(poolId: string): Promise<string> {
    const email = uniqueEmail("sessions");
    await admin.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: email, MessageAction: "SUPPRESS" }));
    await admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: email,
        Password: GOOD_PASSWORD,
        Permanent: true,
      }),
    );
    return email;
  }

  /** A sign-in one second after the previous one; returns its refresh token. */
  async function signIn(poolId: string, clientId: string, email: string): Promise<string> {
    clock.advance(1000);
    const r = await admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
      }),
    );
    return r.AuthenticationResult!.RefreshToken!;
  }

  const refresh = (clientId: string, token: string) =>
    up.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: token },
      }),
    );

  it("answers Cognito's defaults until set, then the configuration as set", async () => {
    const { poolId } = await newPool("session-defaults");
    expect(await admin.send(new GetUserPoolSessionConfigurationCommand({ UserPoolId: poolId }))).toMatchObject({
      UserPoolId: poolId,
      UserSessionTracking: "DISABLED",
      TokenSession: { MaxPerUser: 20 },
    });
    const set = await admin.send(
      new SetUserPoolSessionConfigurationCommand({
        UserPoolId: poolId,
        UserSessionTracking: "ENABLED",
        TokenSession: { MaxPerUser: 7 },
      }),
    );
    expect(set).toMatchObject({ UserPoolId: poolId, UserSessionTracking: "ENABLED", TokenSession: { MaxPerUser: 7 } });
    expect(await admin.send(new GetUserPoolSessionConfigurationCommand({ UserPoolId: poolId }))).toMatchObject({
      UserSessionTracking: "ENABLED",
      TokenSession: { MaxPerUser: 7 },
    });
  });

  it("with tracking ENABLED, a sign-in beyond MaxPerUser ends the user's least recently used session", async () => {
    const { poolId, clientId } = await newPool("session-limit");
    const email = await newUser(poolId);
    await admin.send(
      new SetUserPoolSessionConfigurationCommand({
        UserPoolId: poolId,
        UserSessionTracking: "ENABLED",
        TokenSession: { MaxPerUser: 2 },
      }),
    );
    const first = await signIn(poolId, clientId, email);
    const second = await signIn(poolId, clientId, email);
    const third = await signIn(poolId, clientId, email);
    const sessions = (await admin.send(new AdminListUserSessionsCommand({ UserPoolId: poolId, Username: email })))
      .Sessions!;
    expect(sessions).toHaveLength(2);
    await expect(refresh(clientId, first)).rejects.toMatchObject({ name: "NotAuthorizedException" });
    expect((await refresh(clientId, second)).AuthenticationResult?.AccessToken).toBeTruthy();
    expect((await refresh(clientId, third)).AuthenticationResult?.AccessToken).toBeTruthy();

    // Lowering the limit evicts nothing by itself; the next sign-in brings the user within it.
    await admin.send(
      new SetUserPoolSessionConfigurationCommand({
        UserPoolId: poolId,
        UserSessionTracking: "ENABLED",
        TokenSession: { MaxPerUser: 1 },
      }),
    );
    expect(
      (await admin.send(new AdminListUserSessionsCommand({ UserPoolId: poolId, Username: email }))).Sessions,
    ).toHaveLength(2);
    const fourth = await signIn(poolId, clientId, email);
    expect(
      (await admin.send(new AdminListUserSessionsCommand({ UserPoolId: poolId, Username: email }))).Sessions,
    ).toHaveLength(1);
    await expect(refresh(clientId, second)).rejects.toMatchObject({ name: "NotAuthorizedException" });
    await expect(refresh(clientId, third)).rejects.toMatchObject({ name: "NotAuthorizedException" });
    expect((await refresh(clientId, fourth)).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("with tracking DISABLED, MaxPerUser is dormant: no session is ended", async () => {
    const { poolId, clientId } = await newPool("session-dormant");
    const email = await newUser(poolId);
    await admin.send(
      new SetUserPoolSessionConfigurationCommand({
        UserPoolId: poolId,
        UserSessionTracking: "DISABLED",
        TokenSession: { MaxPerUser: 1 },
      }),
    );
    const tokens = [
      await signIn(poolId, clientId, email),
      await signIn(poolId, clientId, email),
      await signIn(poolId, clientId, email),
    ];
    expect(
      (await admin.send(new AdminListUserSessionsCommand({ UserPoolId: poolId, Username: email }))).Sessions,
    ).toHaveLength(3);
    for (const t of tokens) expect((await refresh(clientId, t)).AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("refuses bad input by name, a Lite pool, and unknown pools", async () => {
    const { poolId } = await newPool("session-refusals");
    for (const MaxPerUser of [0, 101, 1.5])
      await expect(
        admin.send(
          new SetUserPoolSessionConfigurationCommand({
            UserPoolId: poolId,
            UserSessionTracking: "ENABLED",
            TokenSession: { MaxPerUser },
          }),
        ),
      ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringMatching(/maxPerUser/i) });
    await expect(
      admin.send(
        new SetUserPoolSessionConfigurationCommand({
          UserPoolId: poolId,
          UserSessionTracking: "SOMETIMES" as never,
          TokenSession: { MaxPerUser: 5 },
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringMatching(/userSessionTracking/i),
    });
    const lite = await newPool("session-lite", "LITE");
    await expect(
      admin.send(
        new SetUserPoolSessionConfigurationCommand({
          UserPoolId: lite.poolId,
          UserSessionTracking: "ENABLED",
          TokenSession: { MaxPerUser: 5 },
        }),
      ),
    ).rejects.toMatchObject({ name: "FeatureUnavailableInTierException" });
    await expect(
      admin.send(new GetUserPoolSessionConfigurationCommand({ UserPoolId: "us-east-1_Nope00000" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("client SSO session: 60 minutes until set; 0 to 60 stored; longer refused by name; unknown clients", async () => {
    const { poolId, clientId } = await newPool("client-sessions");
    expect(
      await admin.send(new GetUserPoolClientSessionConfigurationCommand({ UserPoolId: poolId, ClientId: clientId })),
    ).toMatchObject({ UserPoolId: poolId, ClientId: clientId, SSOSession: { MaxValidityMinutes: 60 } });
    expect(
      await admin.send(
        new SetUserPoolClientSessionConfigurationCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          SSOSession: { MaxValidityMinutes: 0 },
        }),
      ),
    ).toMatchObject({ UserPoolId: poolId, ClientId: clientId, SSOSession: { MaxValidityMinutes: 0 } });
    expect(
      await admin.send(new GetUserPoolClientSessionConfigurationCommand({ UserPoolId: poolId, ClientId: clientId })),
    ).toMatchObject({ SSOSession: { MaxValidityMinutes: 0 } });
    await expect(
      admin.send(
        new SetUserPoolClientSessionConfigurationCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          SSOSession: { MaxValidityMinutes: 61 },
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("SSOSession.MaxValidityMinutes 61 is not supported"),
    });
    await expect(
      admin.send(
        new SetUserPoolClientSessionConfigurationCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          SSOSession: { MaxValidityMinutes: 129601 },
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringMatching(/maxValidityMinutes/i),
    });
    expect(
      await admin.send(new GetUserPoolClientSessionConfigurationCommand({ UserPoolId: poolId, ClientId: clientId })),
    ).toMatchObject({ SSOSession: { MaxValidityMinutes: 0 } });
    const other = await newPool("client-sessions-other");
    await expect(
      admin.send(new GetUserPoolClientSessionConfigurationCommand({ UserPoolId: other.poolId, ClientId: clientId })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});

describe.each(testEngines())("client SSO session length at /oauth2/authorize on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  const clock = new ManualClock();
  beforeAll(async () => {
    up = await startOAuthUserpool(engine, { clock });
  });
  afterAll(() => up?.cleanup());

  const authorize = (b: Browser) =>
    b.request(
      `${up.hosted}/oauth2/authorize?${new URLSearchParams({
        client_id: WEB,
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "openid email",
        code_challenge: createHash("sha256").update("verifier-".repeat(6)).digest("base64url"),
        code_challenge_method: "S256",
      })}`,
    );
  const setMinutes = (MaxValidityMinutes: number) =>
    adminAt(up.url, clock).send(
      new SetUserPoolClientSessionConfigurationCommand({
        UserPoolId: POOL,
        ClientId: WEB,
        SSOSession: { MaxValidityMinutes },
      }),
    );
  const landsOn = (page: { headers: Headers }) => new URL(page.headers.get("location")!, up.hosted);

  it("reuses the hosted UI's session only within the client's MaxValidityMinutes of the sign-in", async () => {
    // Users are made first: the admin client signs with the real time, the server's clock moves on below.
    const later = await createUser(up);
    const { browser } = await hostedSignIn(up, await createUser(up));
    // The default, 60 minutes: answered silently.
    const first = await authorize(browser);
    expect(landsOn(first).searchParams.get("code"), first.headers.get("location") ?? first.body).toBeTruthy();
    await setMinutes(10);
    clock.advance(9 * 60_000);
    expect(landsOn(await authorize(browser)).searchParams.get("code")).toBeTruthy();
    clock.advance(2 * 60_000);
    expect(landsOn(await authorize(browser)).pathname).toBe("/login");
    await setMinutes(0);
    const fresh = await hostedSignIn(up, later);
    expect(landsOn(await authorize(fresh.browser)).pathname).toBe("/login");
    await setMinutes(60);
    expect(landsOn(await authorize(fresh.browser)).searchParams.get("code")).toBeTruthy();
  });
});

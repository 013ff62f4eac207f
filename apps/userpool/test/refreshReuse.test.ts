/**
 * Refresh-token reuse, on every engine, through GetTokensFromRefreshToken and /oauth2/token: a
 * refresh token that rotation retired, presented again outside RetryGracePeriodSeconds, ends its
 * whole session (RFC 9700 §4.14.2) — the successor refresh token and the session's access tokens
 * are refused afterwards; inside the grace period the old token still rotates (a client retry).
 * A pool set to RefreshTokenReuse: REFUSE_TOKEN keeps Cognito's behaviour: only the replayed token
 * is refused. Replays racing a legitimate rotation leave nothing of the session alive.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  type AuthenticationResultType,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import type { UserpoolFileConfig } from "../src/config/fileSchema.js";
import { testEngines } from "./support/engines.js";
import { adminAt } from "./support/lifecycle.js";
import { createUser, oauthConfig, PASSWORD, startOAuthUserpool, type OAuthUserpool } from "./oauth/support.js";
import { uniqueEmail } from "./support/userpool.js";

/** Rotation without a grace period. */
const ROT = "reuserotationclient0000001";
/** Rotation with a 10-second grace period. */
const GRACE = "reusegraceclient0000000001";
/** A pool that keeps Cognito's behaviour, and its rotating client. */
const COGNITO_POOL = "us-east-1_CognitoR1";
const COGNITO_ROT = "reusecognitoclient00000001";

const flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] as const;

function reuseConfig(): UserpoolFileConfig {
  const cfg = oauthConfig();
  cfg.UserPools[0]!.Clients!.push(
    {
      ClientId: ROT,
      ClientName: "rotation",
      ExplicitAuthFlows: [...flows],
      RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 0 },
    },
    {
      ClientId: GRACE,
      ClientName: "rotation-grace",
      ExplicitAuthFlows: [...flows],
      RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 10 },
    },
  );
  cfg.UserPools.push({
    Id: COGNITO_POOL,
    PoolName: "cognito-reuse",
    UsernameAttributes: ["email"],
    Domain: "legacy-reuse",
    RefreshTokenReuse: "REFUSE_TOKEN",
    Clients: [
      {
        ClientId: COGNITO_ROT,
        ClientName: "rotation",
        ExplicitAuthFlows: [...flows],
        RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 0 },
      },
    ],
  });
  return cfg;
}

describe.each(testEngines())("refresh-token reuse on $name", (engine) => {
  let up: OAuthUserpool & { cleanup(): Promise<void> };
  // Starts at real time (admin calls are signed with it) and only moves where a test says so.
  const clock = new ManualClock();
  let email: string;
  let cognitoEmail: string;
  beforeAll(async () => {
    up = await startOAuthUserpool(engine, { clock, config: reuseConfig() });
    email = await createUser(up);
    cognitoEmail = uniqueEmail("cognito");
    const admin = adminAt(up.url, clock);
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: COGNITO_POOL,
        Username: cognitoEmail,
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "email", Value: cognitoEmail }],
      }),
    );
    await admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: COGNITO_POOL,
        Username: cognitoEmail,
        Password: PASSWORD,
        Permanent: true,
      }),
    );
  });
  afterAll(async () => {
    await up?.cleanup();
  });

  const signIn = async (clientId: string, username = email): Promise<AuthenticationResultType> =>
    (
      await up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: clientId,
          AuthParameters: { USERNAME: username, PASSWORD: PASSWORD },
        }),
      )
    ).AuthenticationResult!;
  const refresh = async (clientId: string, token: string): Promise<AuthenticationResultType> =>
    (await up.anon.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: token })))
      .AuthenticationResult!;
  const getUser = (accessToken: string) => up.anon.send(new GetUserCommand({ AccessToken: accessToken }));
  const REVOKED = { name: "NotAuthorizedException", message: "Refresh Token has been revoked" };
  const ACCESS_REVOKED = { name: "NotAuthorizedException", message: "Access Token has been revoked" };
  const token = (body: Record<string, string>) =>
    up.tlsFetch(`${up.hosted}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(body).toString(),
    });

  it(
    "GetTokensFromRefreshToken: a replayed rotated-out token is refused and ends the session " +
      "— successor and access tokens refused, other sessions untouched",
    async () => {
      const first = await signIn(ROT);
      const other = await signIn(ROT);
      const second = await refresh(ROT, first.RefreshToken!);
      expect((await getUser(second.AccessToken!)).Username).toBeTruthy();
      clock.advance(1000);

      await expect(refresh(ROT, first.RefreshToken!)).rejects.toMatchObject(REVOKED);
      await expect(refresh(ROT, second.RefreshToken!)).rejects.toMatchObject(REVOKED);
      await expect(getUser(second.AccessToken!)).rejects.toMatchObject(ACCESS_REVOKED);
      await expect(getUser(first.AccessToken!)).rejects.toMatchObject(ACCESS_REVOKED);
      // Another sign-in of the same user is another family.
      expect((await refresh(ROT, other.RefreshToken!)).RefreshToken).toBeTruthy();
    },
  );

  it(
    "inside RetryGracePeriodSeconds the old token still rotates " + "(a retry); after it, its replay ends the session",
    async () => {
      const first = await signIn(GRACE);
      const second = await refresh(GRACE, first.RefreshToken!);
      clock.advance(5000);
      // A client retry within 10 s: works, and replaces the successor it never received.
      const retried = await refresh(GRACE, first.RefreshToken!);
      expect(retried.RefreshToken).toBeTruthy();
      expect(retried.RefreshToken).not.toBe(second.RefreshToken);
      const third = await refresh(GRACE, retried.RefreshToken!);
      expect((await getUser(third.AccessToken!)).Username).toBeTruthy();

      clock.advance(5000);
      // Exactly 10 s after the rotation the grace period is over.
      await expect(refresh(GRACE, first.RefreshToken!)).rejects.toMatchObject(REVOKED);
      await expect(refresh(GRACE, third.RefreshToken!)).rejects.toMatchObject(REVOKED);
      await expect(getUser(third.AccessToken!)).rejects.toMatchObject(ACCESS_REVOKED);
    },
  );

  it(
    "the successor a grace-period retry replaced, presented later, " +
      "ends the session (whoever retried holds the live copy)",
    async () => {
      const first = await signIn(GRACE);
      const legitimate = await refresh(GRACE, first.RefreshToken!);
      clock.advance(1000);
      const stolen = await refresh(GRACE, first.RefreshToken!);
      await expect(refresh(GRACE, legitimate.RefreshToken!)).rejects.toMatchObject(REVOKED);
      await expect(refresh(GRACE, stolen.RefreshToken!)).rejects.toMatchObject(REVOKED);
      await expect(getUser(stolen.AccessToken!)).rejects.toMatchObject(ACCESS_REVOKED);
    },
  );

  it("/oauth2/token grant_type=refresh_token: the same replay gets invalid_grant and ends the session", async () => {
    const first = await signIn(ROT);
    const rotated = await token({ grant_type: "refresh_token", client_id: ROT, refresh_token: first.RefreshToken! });
    expect(rotated.status).toBe(200);
    const second = (await rotated.json()) as { access_token: string; refresh_token: string };
    expect(second.refresh_token).toBeTruthy();
    expect((await getUser(second.access_token)).Username).toBeTruthy();

    const replay = await token({ grant_type: "refresh_token", client_id: ROT, refresh_token: first.RefreshToken! });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: "invalid_grant", error_description: REVOKED.message });
    expect(
      await (await token({ grant_type: "refresh_token", client_id: ROT, refresh_token: second.refresh_token })).json(),
    ).toMatchObject({ error: "invalid_grant" });
    await expect(getUser(second.access_token)).rejects.toMatchObject(ACCESS_REVOKED);
  });

  it(
    "RefreshTokenReuse: REFUSE_TOKEN keeps Cognito's behaviour: " +
      "the replayed token is refused, the successor and the session stay valid",
    async () => {
      const first = await signIn(COGNITO_ROT, cognitoEmail);
      const second = await refresh(COGNITO_ROT, first.RefreshToken!);
      clock.advance(1000);
      await expect(refresh(COGNITO_ROT, first.RefreshToken!)).rejects.toMatchObject(REVOKED);
      expect((await getUser(second.AccessToken!)).Username).toBeTruthy();
      const third = await refresh(COGNITO_ROT, second.RefreshToken!);
      // And through /oauth2/token.
      const replay = await token({
        grant_type: "refresh_token",
        client_id: COGNITO_ROT,
        refresh_token: second.RefreshToken!,
      });
      expect(await replay.json()).toMatchObject({ error: "invalid_grant" });
      const fourth = await token({
        grant_type: "refresh_token",
        client_id: COGNITO_ROT,
        refresh_token: third.RefreshToken!,
      });
      expect(fourth.status).toBe(200);
      expect((await getUser(((await fourth.json()) as { access_token: string }).access_token)).Username).toBeTruthy();
    },
  );

  it(
    "10 parallel refreshes with one token: one rotation wins, " +
      "the others are replays, and afterwards nothing of the session works",
    async () => {
      const first = await signIn(ROT);
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => refresh(ROT, first.RefreshToken!)));
      const ok = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
      expect(ok).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject(REVOKED);
      await expect(refresh(ROT, ok[0]!.RefreshToken!)).rejects.toMatchObject(REVOKED);
      await expect(getUser(ok[0]!.AccessToken!)).rejects.toMatchObject(ACCESS_REVOKED);
    },
  );

  it("replays racing the legitimate rotation of the successor: afterwards no token of the session works", async () => {
    const first = await signIn(ROT);
    const second = await refresh(ROT, first.RefreshToken!);
    const calls = [
      refresh(ROT, second.RefreshToken!),
      ...Array.from({ length: 5 }, () => refresh(ROT, first.RefreshToken!)),
    ];
    const results = await Promise.allSettled(calls);
    for (const r of results)
      if (r.status === "rejected") expect(r.reason).toMatchObject({ name: "NotAuthorizedException" });
    for (const r of results) {
      if (r.status !== "fulfilled") continue;
      await expect(refresh(ROT, r.value.RefreshToken!)).rejects.toMatchObject({ name: "NotAuthorizedException" });
      await expect(getUser(r.value.AccessToken!)).rejects.toMatchObject(ACCESS_REVOKED);
    }
    await expect(refresh(ROT, second.RefreshToken!)).rejects.toMatchObject({ name: "NotAuthorizedException" });
  });
});

/**
 * Database round trips per operation (issue #25): every SQL statement the server sends, BEGIN and
 * COMMIT included, counted through the store's statement hook, on every engine. The hot operations
 * answer in one statement where the engine allows: an operation authorised by an AccessToken reads
 * the user, its MFA settings and its revocation state in one statement; a refresh reads the token,
 * its revocation and its grant in one and the user with groups in a second; a clean password
 * sign-in writes only its refresh token.
 *
 * Reads of pool and app-client settings are counted apart: PoolService caches them for a second
 * (pools.ts), so on a loaded machine a refill may land inside any request.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  UpdateUserAttributesCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import { CLIENT_ID, GOOD_PASSWORD, POOL_ID, startTestUserpoolOn, type EngineUserpool } from "./support/userpool.js";

/** The settings PoolService caches; their refills are not the operation's own round trips. */
const CACHED_SETTINGS =
  /\b(user_pools|user_pool_clients|user_pool_client_secrets|pool_configurations|client_configurations)\b/;

describe.each(testEngines())("round trips per operation on $name", (engine) => {
  let up: EngineUserpool;
  let statements: string[] = [];
  // Stands still, so a lockout lasts as long as the test needs it.
  const clock = new ManualClock();
  const email = "trips@example.com";
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, { clock, onStatement: (sql) => statements.push(sql) });
    await up.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL_ID,
        Username: email,
        UserAttributes: [{ Name: "email", Value: email }],
        MessageAction: "SUPPRESS",
      }),
    );
    await up.admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: POOL_ID,
        Username: email,
        Password: GOOD_PASSWORD,
        Permanent: true,
      }),
    );
  });
  afterAll(async () => {
    await up?.stop();
  });

  /** The statements `op` sent, settings-cache refills left out. */
  async function counted<T>(op: (c: CognitoIdentityProviderClient) => Promise<T>): Promise<{ out: T; sql: string[] }> {
    statements = [];
    const out = await op(up.anon);
    const sql = statements.filter((s) => !CACHED_SETTINGS.test(s));
    statements = [];
    return { out, sql };
  }
  const signIn = (c: CognitoIdentityProviderClient) =>
    c.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
      }),
    );

  it("answers GetUser, the other access-token operations, refresh and a clean sign-in in few statements", async () => {
    // Warm: the signing keys, the settings caches and the first housekeeping pass.
    const first = await signIn(up.anon);
    await up.anon.send(new GetUserCommand({ AccessToken: first.AuthenticationResult!.AccessToken! }));

    const signedIn = await counted(signIn);
    const tokens = signedIn.out.AuthenticationResult!;
    const getUser = await counted((c) => c.send(new GetUserCommand({ AccessToken: tokens.AccessToken! })));
    const refresh = await counted((c) =>
      c.send(
        new InitiateAuthCommand({
          AuthFlow: "REFRESH_TOKEN_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
        }),
      ),
    );
    const listDevices = await counted((c) => c.send(new ListDevicesCommand({ AccessToken: tokens.AccessToken! })));
    const update = await counted((c) =>
      c.send(
        new UpdateUserAttributesCommand({
          AccessToken: tokens.AccessToken!,
          UserAttributes: [{ Name: "custom:tenant", Value: "t1" }],
        }),
      ),
    );
    // A clean password sign-in: the user by its e-mail alias; the user with groups and lockout counter; the token.
    expect(signedIn.sql).toHaveLength(3);
    expect(signedIn.sql.join("\n")).not.toMatch(/insert into sign_in_lockouts|update "?sign_in_lockouts/i);
    expect(signedIn.sql.filter((s) => /^\s*(\/\*.*\*\/)?\s*insert/i.test(s))).toHaveLength(1);
    // GetUser: the user, its MFA settings and its revocation state, in one statement.
    expect(getUser.out.Username).toBe(getUser.out.UserAttributes?.find((a) => a.Name === "sub")?.Value);
    expect(getUser.sql).toHaveLength(1);
    // Every operation authorised by an AccessToken starts with that one statement, then does its own work.
    expect(listDevices.out.Devices).toEqual([]);
    expect(listDevices.sql).toHaveLength(2);
    expect(update.sql[0]).toBe(getUser.sql[0]);
    // REFRESH_TOKEN_AUTH: the token with its revocation and grant, then the user with groups; nothing written.
    expect(refresh.out.AuthenticationResult?.AccessToken).toBeDefined();
    expect(refresh.sql).toHaveLength(2);
    expect(refresh.sql.join("\n")).not.toMatch(/\b(insert|update|delete)\b/i);
  });

  it("still refuses a signed-out session's access token and a locked user's right password", async () => {
    const { AuthenticationResult: t } = await signIn(up.anon);
    await up.anon.send(new GlobalSignOutCommand({ AccessToken: t!.AccessToken! }));
    await expect(up.anon.send(new GetUserCommand({ AccessToken: t!.AccessToken! }))).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Access Token has been revoked",
    });
    await expect(
      up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "REFRESH_TOKEN_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: { REFRESH_TOKEN: t!.RefreshToken! },
        }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Refresh Token has been revoked" });
    // Five wrong passwords lock the user (for 1 s of the standing clock): a right one is refused meanwhile,
    // after the one read, without a write.
    for (let i = 0; i < 5; i++) {
      await expect(
        up.anon.send(
          new InitiateAuthCommand({
            AuthFlow: "USER_PASSWORD_AUTH",
            ClientId: CLIENT_ID,
            AuthParameters: { USERNAME: email, PASSWORD: "Wrong-Passw0rd!" },
          }),
        ),
      ).rejects.toMatchObject({ name: "NotAuthorizedException" });
    }
    const locked = await counted((c) => signIn(c).catch((e: Error) => e));
    expect(locked.out).toMatchObject({ name: "NotAuthorizedException", message: "Password attempts exceeded" });
    expect(locked.sql.join("\n")).not.toMatch(/\b(insert|update|delete)\b/i);
    // Once the lock is over, the right password resets the count (a write, as there is a count to reset).
    clock.advance(1000);
    const after = await counted(signIn);
    expect(after.out.AuthenticationResult?.AccessToken).toBeDefined();
    expect(after.sql.join("\n")).toMatch(/insert into sign_in_lockouts/i);
  });
});

/**
 * No plaintext secrets after the lifecycle flows either (extends noPlaintext.test.ts): forgotten
 * and changed passwords, AdminResetUserPassword and attribute verification codes, wrong passwords
 * and codes that hit the lockout and the quotas, revoked and globally signed-out refresh tokens.
 * Every table is dumped and every log line kept; no secret may appear in clear, base64, base64url
 * or hex, and no code as a standalone digit run.
 */
import {
  AdminResetUserPasswordCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { STRICT_CLIENT_ID, confirmedUser, lifecycleConfig, passwordSignIn } from "./support/lifecycle.js";
import { dumpCells, expectNoSecrets, startRecordingUserpool, type RecordingUserpool } from "./support/noPlaintext.js";
import {
  CLIENT_ID,
  POOL_ID,
  ROTATING_CLIENT_ID,
  latestCode,
  uniqueEmail,
  type TestUserpool,
} from "./support/userpool.js";

describe.each(testEngines())("no plaintext lifecycle secrets on $name", (engine) => {
  let rec: RecordingUserpool;
  let up: TestUserpool;
  let logs: string[];
  const secrets: string[] = [];
  const codes: string[] = [];

  beforeAll(async () => {
    rec = await startRecordingUserpool(engine, { config: lifecycleConfig() });
    ({ up, logs } = rec);
  });
  afterAll(async () => {
    await rec?.close();
  });

  it("runs the lifecycle flows, then finds none of their secrets in the database or the logs", async () => {
    const first = "Lifecycle-Canary-1a!";
    const { email } = await confirmedUser(up, { password: first });
    secrets.push(first);

    // Forgotten password: a wrong code, then the right one.
    await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: email }));
    const forgotCode = await latestCode(up.url, email);
    codes.push(forgotCode);
    const second = "Lifecycle-Canary-2b!";
    secrets.push(second);
    await up.anon
      .send(
        new ConfirmForgotPasswordCommand({
          ClientId: CLIENT_ID,
          Username: email,
          ConfirmationCode: forgotCode === "999999" ? "999998" : "999999",
          Password: second,
        }),
      )
      .catch(() => {});
    await up.anon.send(
      new ConfirmForgotPasswordCommand({
        ClientId: CLIENT_ID,
        Username: email,
        ConfirmationCode: forgotCode,
        Password: second,
      }),
    );

    // Wrong passwords up to a lockout, then the right one after it.
    const wrong = "Lockout-Canary-3c!";
    secrets.push(wrong);
    for (let i = 0; i < 5; i++) await passwordSignIn(up, email, wrong).catch(() => {});
    await new Promise((r) => setTimeout(r, 1100));
    const t = await passwordSignIn(up, email, second);
    secrets.push(t.RefreshToken!);

    // ChangePassword with a wrong and then the right previous password.
    const third = "Lifecycle-Canary-4d!";
    secrets.push(third);
    await up.anon
      .send(
        new ChangePasswordCommand({ AccessToken: t.AccessToken!, PreviousPassword: wrong, ProposedPassword: third }),
      )
      .catch(() => {});
    await up.anon.send(
      new ChangePasswordCommand({ AccessToken: t.AccessToken!, PreviousPassword: second, ProposedPassword: third }),
    );

    // Attribute verification, waiting for its code (strict pool).
    const strict = await confirmedUser(up, { clientId: STRICT_CLIENT_ID, password: "Strict-Canary-5e!" });
    secrets.push("Strict-Canary-5e!");
    const st = await passwordSignIn(up, strict.email, strict.password, STRICT_CLIENT_ID);
    secrets.push(st.RefreshToken!);
    const moved = uniqueEmail("moved");
    await up.anon.send(
      new UpdateUserAttributesCommand({
        AccessToken: st.AccessToken!,
        UserAttributes: [{ Name: "email", Value: moved }],
      }),
    );
    const verifyCode = await latestCode(up.url, moved);
    codes.push(verifyCode);
    await up.anon.send(
      new VerifyUserAttributeCommand({ AccessToken: st.AccessToken!, AttributeName: "email", Code: verifyCode }),
    );

    // AdminResetUserPassword's code.
    await up.admin.send(new AdminResetUserPasswordCommand({ UserPoolId: POOL_ID, Username: email }));
    codes.push(await latestCode(up.url, email));

    // RevokeToken, rotation and GlobalSignOut.
    const other = await confirmedUser(up, { password: "Other-Canary-6f!" });
    secrets.push("Other-Canary-6f!");
    const r1 = await passwordSignIn(up, other.email, other.password, ROTATING_CLIENT_ID);
    const r2 = (
      await up.anon.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: ROTATING_CLIENT_ID, RefreshToken: r1.RefreshToken! }),
      )
    ).AuthenticationResult!;
    secrets.push(r1.RefreshToken!, r2.RefreshToken!);
    await up.anon.send(new RevokeTokenCommand({ ClientId: ROTATING_CLIENT_ID, Token: r2.RefreshToken! }));
    const g = await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: other.email, PASSWORD: other.password },
      }),
    );
    secrets.push(g.AuthenticationResult!.RefreshToken!);
    await up.anon.send(new GlobalSignOutCommand({ AccessToken: g.AuthenticationResult!.AccessToken! }));

    const cells = await dumpCells(up, [
      "revoked_origins",
      "user_signouts",
      "sign_in_lockouts",
      "user_quotas",
      "pending_attributes",
      "refresh_tokens",
      "confirmation_codes",
      "dev_messages",
    ]);
    // Positive controls: the lifecycle tables hold rows, the logs name the operations.
    const count = async (t: "revoked_origins" | "user_quotas" | "user_signouts") =>
      Number(
        (await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t)}`.execute(up.store.db)).rows[0]!.n,
      );
    expect(await count("revoked_origins")).toBeGreaterThan(0);
    expect(await count("user_quotas")).toBeGreaterThan(0);
    expect(await count("user_signouts")).toBeGreaterThan(0);
    expect(logs.some((l) => l.includes('"op":"ConfirmForgotPassword"'))).toBe(true);
    expect(cells.some((c) => c.includes(moved))).toBe(true);

    const haystacks = [...cells, ...logs];
    expectNoSecrets(haystacks, secrets, codes);
  });
});

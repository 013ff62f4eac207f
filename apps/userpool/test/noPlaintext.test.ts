/**
 * No plaintext secrets at rest or in logs: after a run that exercises every secret-bearing path
 * (sign-up, codes, links, SRP, password sign-in, temporary and new passwords, refresh and rotation,
 * client secrets, challenge sessions), dump every table and every log line and look for each secret
 * in clear, base64, base64url and hex.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { srpSignIn } from "./support/signIn.js";
import { dumpCells, expectNoSecrets, startRecordingUserpool, type RecordingUserpool } from "./support/noPlaintext.js";
import {
  CLIENT_ID,
  POOL_ID,
  ROTATING_CLIENT_ID,
  latestCode,
  latestMessage,
  uniqueEmail,
  type TestUserpool,
} from "./support/userpool.js";

describe.each(testEngines())("no plaintext secrets on $name", (engine) => {
  let rec: RecordingUserpool;
  let up: TestUserpool;
  let logs: string[];
  const secrets: string[] = [];
  const codes: string[] = [];

  beforeAll(async () => {
    rec = await startRecordingUserpool(engine);
    ({ up, logs } = rec);
  });
  afterAll(async () => {
    await rec?.close();
  });

  it("runs every secret-bearing flow, then finds none of the secrets in the database or the logs", async () => {
    // Sign-up with a code, confirmation, SRP and password sign-in, refresh.
    const email = uniqueEmail("secret");
    const password = "Plaintext-Canary-7f3a!";
    secrets.push(password);
    await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: password }));
    const code = await latestCode(up.url, email);
    codes.push(code);
    await up.anon.send(new ConfirmSignUpCommand({ ClientId: CLIENT_ID, Username: email, ConfirmationCode: code }));
    const srp = await srpSignIn(up.anon, { poolId: POOL_ID, clientId: CLIENT_ID, username: email, password });
    const pw = await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    for (const r of [srp.AuthenticationResult!, pw.AuthenticationResult!]) secrets.push(r.RefreshToken!);
    await up.anon.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: CLIENT_ID,
        RefreshToken: pw.AuthenticationResult!.RefreshToken!,
      }),
    );

    // A failed sign-in with a wrong password: the attempt must not be logged either.
    const wrong = "Wrong-Canary-91bd!";
    secrets.push(wrong);
    await up.anon
      .send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: { USERNAME: email, PASSWORD: wrong },
        }),
      )
      .catch(() => {});

    // Rotation.
    const rot = await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: ROTATING_CLIENT_ID,
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    const rotated = await up.anon.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: ROTATING_CLIENT_ID,
        RefreshToken: rot.AuthenticationResult!.RefreshToken!,
      }),
    );
    secrets.push(rot.AuthenticationResult!.RefreshToken!, rotated.AuthenticationResult!.RefreshToken!);

    // Temporary password by invitation, NEW_PASSWORD_REQUIRED session, new password, admin-set password.
    const invited = uniqueEmail("invited");
    await up.admin.send(
      new AdminCreateUserCommand({ UserPoolId: POOL_ID, Username: invited, DesiredDeliveryMediums: ["EMAIL"] }),
    );
    const temp = /temporary password is (\S+)\. $/.exec((await latestMessage(up.url, invited)).text)![1]!;
    secrets.push(temp);
    const challenge = await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: invited, PASSWORD: temp },
      }),
    );
    secrets.push(challenge.Session!);
    const newPassword = "Second-Canary-c41e!";
    secrets.push(newPassword);
    await up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: CLIENT_ID,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: invited, NEW_PASSWORD: newPassword },
      }),
    );
    const adminSet = "Third-Canary-0a9d!";
    secrets.push(adminSet);
    await up.admin.send(
      new AdminSetUserPasswordCommand({ UserPoolId: POOL_ID, Username: invited, Password: adminSet, Permanent: true }),
    );

    // Sign-up confirmed by link: the link's token is a secret like a code (only its MAC is stored).
    await up.admin.send(
      new UpdateUserPoolCommand({
        UserPoolId: POOL_ID,
        AutoVerifiedAttributes: ["email"],
        VerificationMessageTemplate: {
          DefaultEmailOption: "CONFIRM_WITH_LINK",
          EmailMessageByLink: "Confirm: {##Click here##} now.",
        },
      }),
    );
    const linked = uniqueEmail("linked");
    await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: linked, Password: password }));
    const link = new URL(/Click here: (\S+) now\./.exec((await latestMessage(up.url, linked)).text)![1]!);
    secrets.push(link.searchParams.get("confirmation_code")!);
    expect(await (await fetch(`${up.url}${link.pathname}${link.search}`)).text()).toContain("has been confirmed");

    // A generated client secret.
    const client = await up.admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: POOL_ID, ClientName: "confidential", GenerateSecret: true }),
    );
    secrets.push(client.UserPoolClient!.ClientSecret!);

    const cells = await dumpCells(up, [
      "users",
      "confirmation_codes",
      "refresh_tokens",
      "auth_sessions",
      "srp_answered_challenges",
      "signing_keys",
      "dev_messages",
      "user_pool_clients",
    ]);
    expect(cells.length).toBeGreaterThan(50);
    expect(logs.length).toBeGreaterThan(10);
    const haystacks = [...cells, ...logs];
    // Positive controls: the dump does contain the non-secret data, and the logs name the operations.
    expect(cells.some((c) => c.includes(email))).toBe(true);
    expect(logs.some((l) => l.includes('"op":"RespondToAuthChallenge"'))).toBe(true);

    expectNoSecrets(haystacks, secrets, codes);
  });
});

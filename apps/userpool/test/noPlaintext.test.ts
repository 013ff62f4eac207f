/**
 * No plaintext secrets at rest or in logs: after a run that exercises every secret-bearing path
 * (sign-up, codes, links, SRP, password sign-in, temporary and new passwords, refresh and rotation,
 * client secrets, challenge sessions), dump every table and every log line and look for each secret
 * in clear, base64, base64url and hex. The second run does the same for MFA and remembered devices:
 * a TOTP secret pending and verified, a device's SRP verifier and random password, and the codes of
 * SMS MFA and phone verification, which the development SMS outbox keeps only sealed (ADR 0013).
 * In production, with a real sender, no text is kept at all.
 */
import {
  AddUserPoolClientSecretCommand,
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AssociateSoftwareTokenCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientSecretCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  GetUserAttributeVerificationCodeCommand,
  UpdateUserPoolCommand,
  VerifySoftwareTokenCommand,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../src/clock.js";
import { startUserpool } from "../src/main.js";
import { base32Decode } from "../src/crypto/totp.js";
import { confirmNewDevice } from "./support/devices.js";
import { form, startFakeAws } from "./support/fakeSns.js";
import { databaseOptions, testEngines } from "./support/engines.js";
import { createMfaPool, mfaUser, totpCode } from "./support/mfa.js";
import { srpSignIn } from "./support/signIn.js";
import { dumpCells, expectNoSecrets, startRecordingUserpool, type RecordingUserpool } from "./support/noPlaintext.js";
import {
  CLIENT_ID,
  GOOD_PASSWORD,
  POOL_ID,
  ROTATING_CLIENT_ID,
  adminClient,
  codeIn,
  latestCode,
  latestMessage,
  latestText,
  productionOptions,
  testConfig,
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
    expect(await (await fetch(`${up.url}${link.pathname}${link.search}`)).text()).toContain(
      "Your account is confirmed",
    );

    // A generated client secret.
    const client = await up.admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: POOL_ID, ClientName: "confidential", GenerateSecret: true }),
    );
    secrets.push(client.UserPoolClient!.ClientSecret!);
    // Rotation: a second secret, generated, and one the caller gives.
    const rotating = { UserPoolId: POOL_ID, ClientId: client.UserPoolClient!.ClientId! };
    const generated = await up.admin.send(new AddUserPoolClientSecretCommand(rotating));
    secrets.push(generated.ClientSecretDescriptor!.ClientSecretValue!);
    const given = "GivenRotationCanary_0a9b8c7d6e5f";
    await up.admin.send(
      new DeleteUserPoolClientSecretCommand({
        ...rotating,
        ClientSecretId: generated.ClientSecretDescriptor!.ClientSecretId!,
      }),
    );
    await up.admin.send(new AddUserPoolClientSecretCommand({ ...rotating, ClientSecret: given }));
    secrets.push(given);

    const cells = await dumpCells(up, [
      "users",
      "confirmation_codes",
      "refresh_tokens",
      "auth_sessions",
      "srp_answered_challenges",
      "signing_keys",
      "dev_messages",
      "user_pool_clients",
      "user_pool_client_secrets",
    ]);
    expect(cells.length).toBeGreaterThan(50);
    expect(logs.length).toBeGreaterThan(10);
    const haystacks = [...cells, ...logs];
    // Positive controls: the dump does contain the non-secret data, and the logs name the operations.
    expect(cells.some((c) => c.includes(email))).toBe(true);
    expect(logs.some((l) => l.includes('"op":"RespondToAuthChallenge"'))).toBe(true);

    expectNoSecrets(haystacks, secrets, codes);
  });

  it("MFA and devices: no TOTP secret, device secret or verifier, or SMS code at rest or in logs", async () => {
    const mfaSecrets: string[] = [];
    const mfaCodes: string[] = [];
    const { poolId, clientId } = await createMfaPool(up.admin, "OPTIONAL", { sms: true, rememberDevices: true });
    const email = await mfaUser(up.admin, poolId, "plain-mfa");
    const phone = `+1555${String(Date.now() % 10_000_000).padStart(7, "0")}`;
    await up.admin.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: email,
        UserAttributes: [{ Name: "phone_number", Value: phone }],
      }),
    );
    const signIn = () =>
      up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: clientId,
          AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
        }),
      );
    const first = (await signIn()).AuthenticationResult!;
    const AccessToken = first.AccessToken!;

    // A remembered device: the server keeps its verifier sealed and never sees its random password.
    const device = await confirmNewDevice(up.anon, first, "plaintext-phone");
    const verifier = Buffer.from(device.verifier, "base64");
    mfaSecrets.push(device.password, device.verifier, verifier.toString("hex"), verifier.toString("base64url"));

    // An authenticator app, looked for while pending and again once verified.
    const { SecretCode } = await up.anon.send(new AssociateSoftwareTokenCommand({ AccessToken }));
    const raw = base32Decode(SecretCode!);
    const totpForms = [SecretCode!, raw.toString("hex"), raw.toString("base64"), raw.toString("base64url")];
    const mfaRow = async () =>
      (
        await sql<{ pending: string | null; verified: string | null }>`select totp_pending_enc as pending,
          totp_secret_enc as verified from user_mfa`.execute(up.store.db)
      ).rows;
    expect((await mfaRow()).some((r) => r.pending !== null)).toBe(true);
    expectNoSecrets([...(await dumpCells(up, ["user_mfa", "user_devices"])), ...logs], totpForms, []);
    const totp = totpCode(SecretCode!, systemClock);
    mfaCodes.push(totp);
    await up.anon.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totp, FriendlyDeviceName: "app" }));
    expect((await mfaRow()).some((r) => r.verified !== null)).toBe(true);
    mfaSecrets.push(...totpForms);

    // A phone verification code, then an SMS MFA code, both texted to the development outbox.
    await up.anon.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: "phone_number" }));
    const phoneCode = codeIn(await latestText(up.url, phone));
    mfaCodes.push(phoneCode);
    await up.anon.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: "phone_number", Code: phoneCode }));
    await up.admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: email,
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const challenge = await signIn();
    expect(challenge.ChallengeName).toBe("SMS_MFA");
    const smsCode = codeIn(await latestText(up.url, phone));
    expect(smsCode).not.toBe(phoneCode);
    mfaCodes.push(smsCode);
    const done = await up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: "SMS_MFA",
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: email, SMS_MFA_CODE: smsCode },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeDefined();

    const cells = await dumpCells(up, ["user_mfa", "user_devices", "device_sessions", "dev_sms"]);
    // Positive controls: the device row (its salt is public, sent in every DEVICE_PASSWORD_VERIFIER
    // challenge) and the outbox rows (the number is kept in clear for /_dev/sms?to=) are in the dump.
    expect(cells).toContain(Buffer.from(device.salt, "base64").toString("hex"));
    expect(cells).toContain(phone);
    expect(logs.some((l) => l.includes('"op":"ConfirmDevice"'))).toBe(true);
    expectNoSecrets([...cells, ...logs], mfaSecrets, mfaCodes);
  });
});

describe.each(testEngines())("no texts kept in production on $name", (engine) => {
  it("a phone verification code goes to the SNS sender and nowhere else: no outbox row, no code at rest", async () => {
    // Stand-ins for STS and SNS: the sender assumes the pool's role, then publishes (wire format and
    // signatures are tested in sms.senders.test.ts).
    const server = { accessKeyId: "AKIDSNSTEST", secretAccessKey: "sns-test-secret-0123456789" };
    const aws = await startFakeAws({ server, clock: systemClock });
    const db = await engine.create();
    const logs: string[] = [];
    const opts = productionOptions();
    const config = testConfig();
    config.UserPools[0]!.SmsConfiguration = { SnsCallerArn: "arn:aws:iam::123456789012:role/sms" };
    const prod = await startUserpool({
      ...opts,
      ...databaseOptions(db),
      config,
      sms: { sender: "sns", snsEndpoint: aws.snsUrl, stsEndpoint: aws.stsUrl },
      env: {
        USERPOOL_HTTPS_PORT: "off",
        TEST_CLIENT_SECRET: "testclientsecret0123456789abcdefghijklmnopqrstuvwxyz",
        AWS_ACCESS_KEY_ID: server.accessKeyId,
        AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
      },
      logLevel: "debug",
      logDestination: { write: (line: string) => void logs.push(line) },
    });
    try {
      const [keyId, secret] = Object.entries(opts.adminCredentials!)[0]!;
      const admin = adminClient(prod.url, { accessKeyId: keyId, secretAccessKey: secret });
      const email = uniqueEmail("prod-sms");
      const phone = "+15555550188";
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: POOL_ID,
          Username: email,
          MessageAction: "SUPPRESS",
          UserAttributes: [
            { Name: "email", Value: email },
            { Name: "email_verified", Value: "true" },
            { Name: "phone_number", Value: phone },
          ],
        }),
      );
      await admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: POOL_ID,
          Username: email,
          Password: GOOD_PASSWORD,
          Permanent: true,
        }),
      );
      const signedIn = await admin.send(
        new AdminInitiateAuthCommand({
          UserPoolId: POOL_ID,
          ClientId: CLIENT_ID,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
        }),
      );
      const AccessToken = signedIn.AuthenticationResult!.AccessToken!;
      const anon = adminClient(prod.url);
      await anon.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: "phone_number" }));
      const published = aws.publishes.map((r) => form(r).get("Message") ?? "");
      expect(published).toHaveLength(1);
      const code = codeIn(published[0]!);
      expect(code).toMatch(/^\d{6}$/);
      await anon.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: "phone_number", Code: code }));

      expect(prod.services.devSmsOutbox).toBeUndefined();
      const outboxRows = await sql<{ n: number | string }>`select count(*) as n from dev_sms`.execute(prod.store.db);
      expect(Number(outboxRows.rows[0]!.n)).toBe(0);
      const cells = await dumpCells(prod, ["dev_sms", "confirmation_codes", "users"]);
      expect(cells.some((c) => c.includes(phone))).toBe(true); // the user's attribute: the dump reached the users
      expectNoSecrets([...cells, ...logs], [published[0]!], [code]);
    } finally {
      await prod.close();
      await db.cleanup();
      await aws.close();
    }
  });
});

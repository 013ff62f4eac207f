/**
 * Custom sender triggers end to end through the AWS SDK v3, on every engine: with CustomEmailSender /
 * CustomSMSSender configured, SignUp, ForgotPassword, AdminCreateUser and an EMAIL_OTP sign-in hand their code
 * (or temporary password) to the trigger, encrypted under the pool's KMSKeyID, and nothing reaches the dev
 * mailbox or SMS outbox. The trigger (support/triggers/customSender.mjs) is written as AWS documents it and
 * decrypts with @aws-crypto/client-node through the development KMS; its decrypted code completes the flow.
 * Every sender source is exercised here (SignUp, ResendCode, ForgotPassword, UpdateUserAttribute,
 * VerifyUserAttribute, AdminCreateUser, Authentication, on both channels), and each event is compared with
 * its channel's recorded Cognito event. The plaintext code is in no event, log line or database cell.
 */
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserMFAPreferenceCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { compareEventShape, loadFixture } from "@authhub/triggers/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserpoolFileConfig } from "../src/config/fileSchema.js";
import { testEngines } from "./support/engines.js";
import { createMfaPool, mfaUser } from "./support/mfa.js";
import { createUserAuthPool } from "./support/userAuth.js";
import { dumpCells, expectNoSecrets, startRecordingUserpool, type RecordingUserpool } from "./support/noPlaintext.js";
import {
  KEY_ARN,
  type KmsForwarder,
  lambdaEnvironment,
  SENDER,
  sentCodes,
  sentTo,
  startKmsForwarder,
} from "./support/senders.js";
import { TRIGGER_MODULES } from "./support/triggerPools.js";
import {
  CLIENT_ID,
  devTexts,
  GOOD_PASSWORD,
  newPhone,
  POOL_ID,
  testConfig,
  uniqueEmail,
  productionOptions,
  startTestUserpoolOn,
  type TestUserpool,
} from "./support/userpool.js";

const PHONE_POOL = "us-east-1_SmsSendr1";
const PHONE_CLIENT = "testsmssenderclient0000001";
const SENDER_CONFIG = { LambdaVersion: "V1_0" as const, LambdaArn: SENDER };

function sendersConfig(): UserpoolFileConfig {
  const base = testConfig();
  const pool = base.UserPools[0]!;
  return {
    UserPools: [
      { ...pool, LambdaConfig: { CustomEmailSender: SENDER_CONFIG, KMSKeyID: KEY_ARN } },
      {
        Id: PHONE_POOL,
        PoolName: "sms-sender-pool",
        UsernameAttributes: ["phone_number"],
        AutoVerifiedAttributes: ["phone_number"],
        LambdaConfig: { CustomSMSSender: SENDER_CONFIG, KMSKeyID: KEY_ARN },
        Clients: [{ ClientId: PHONE_CLIENT, ClientName: "phone", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH"] }],
      },
    ],
  } as UserpoolFileConfig;
}

async function mailbox(url: string, to: string): Promise<unknown[]> {
  const res = await fetch(`${url}/_dev/messages?to=${encodeURIComponent(to)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as unknown[];
}

let kms: KmsForwarder;
let restoreEnv: () => void;
beforeAll(async () => {
  kms = await startKmsForwarder();
  restoreEnv = lambdaEnvironment(kms.url);
});
afterAll(async () => {
  restoreEnv?.();
  await kms?.close();
});

describe.each(testEngines())("custom sender triggers on $name", (engine) => {
  let rec: RecordingUserpool;
  let up: TestUserpool;
  /** Every plaintext code and temporary password the sender decrypted in this engine's tests. */
  const plaintexts: string[] = [];
  beforeAll(async () => {
    rec = await startRecordingUserpool(engine, { config: sendersConfig(), triggerModuleDirs: [TRIGGER_MODULES] });
    up = rec.up;
    kms.target = up.url;
  });
  afterAll(async () => {
    await rec?.close();
  });

  /** The one code the sender got for `source` and `to`, checked for its encrypted form, and decrypted. */
  function onlyCode(source: string, to: string, type = "customEmailSenderRequestV1"): string {
    const sent = sentTo(source, to);
    expect(sent).toHaveLength(1);
    const { event, code } = sent[0]!;
    expect(event.request.type).toBe(type);
    const recorded = type === "customSMSSenderRequestV1" ? "custom-sms-sender-sign-up" : "custom-email-sender-sign-up";
    expect({ source, problems: compareEventShape(event, loadFixture(recorded)) }).toEqual({ source, problems: [] });
    expect(event.response).toBeUndefined();
    expect(typeof code).toBe("string");
    expect(code.length).toBeGreaterThan(5);
    // An AWS Encryption SDK message (version 2: first byte 0x02), not the code, in base64.
    expect(Buffer.from(event.request.code, "base64")[0]).toBe(0x02);
    expect(JSON.stringify(event)).not.toContain(code);
    plaintexts.push(code);
    return code;
  }

  it("SignUp: the encrypted code goes to CustomEmailSender_SignUp, not the mailbox; it confirms", async () => {
    const email = uniqueEmail("sender");
    const r = await up.anon.send(
      new SignUpCommand({
        ClientId: CLIENT_ID,
        Username: email,
        Password: GOOD_PASSWORD,
        ClientMetadata: { from: "test" },
      }),
    );
    expect(r.CodeDeliveryDetails).toEqual({
      Destination: `${email[0]}***@e***`,
      DeliveryMedium: "EMAIL",
      AttributeName: "email",
    });
    const code = onlyCode("CustomEmailSender_SignUp", email);
    const { event } = sentTo("CustomEmailSender_SignUp", email)[0]!;
    expect(event).toMatchObject({
      version: "1",
      region: "us-east-1",
      userPoolId: POOL_ID,
      callerContext: { clientId: CLIENT_ID },
      request: { clientMetadata: { from: "test" }, userAttributes: { email, "cognito:user_status": "UNCONFIRMED" } },
    });
    expect(compareEventShape(event, loadFixture("custom-email-sender-sign-up"))).toEqual([]);
    expect(await mailbox(up.url, email)).toEqual([]);
    await up.anon.send(new ConfirmSignUpCommand({ ClientId: CLIENT_ID, Username: email, ConfirmationCode: code }));
    const auth = await up.anon.send(
      new InitiateAuthCommand({
        ClientId: CLIENT_ID,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
      }),
    );
    expect(auth.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("ForgotPassword: CustomEmailSender_ForgotPassword; the decrypted code sets the new password", async () => {
    const email = await mfaUser(up.admin, POOL_ID, "sender-reset");
    expect(sentTo("CustomEmailSender_AdminCreateUser", email)).toEqual([]);
    await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: email }));
    const code = onlyCode("CustomEmailSender_ForgotPassword", email);
    expect(await mailbox(up.url, email)).toEqual([]);
    const fresh = `${GOOD_PASSWORD}x`;
    await up.anon.send(
      new ConfirmForgotPasswordCommand({
        ClientId: CLIENT_ID,
        Username: email,
        ConfirmationCode: code,
        Password: fresh,
      }),
    );
    const auth = await up.anon.send(
      new InitiateAuthCommand({
        ClientId: CLIENT_ID,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: email, PASSWORD: fresh },
      }),
    );
    expect(auth.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("AdminCreateUser: the temporary password goes to CustomEmailSender_AdminCreateUser and signs in", async () => {
    const email = uniqueEmail("sender-invite");
    await up.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL_ID,
        Username: email,
        UserAttributes: [{ Name: "email", Value: email }],
      }),
    );
    const password = onlyCode("CustomEmailSender_AdminCreateUser", email);
    expect(sentTo("CustomEmailSender_AdminCreateUser", email)[0]!.event.callerContext.clientId).toBe(
      "CLIENT_ID_NOT_APPLICABLE",
    );
    expect(await mailbox(up.url, email)).toEqual([]);
    const auth = await up.admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: POOL_ID,
        ClientId: CLIENT_ID,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    expect(auth.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
  });

  it("EMAIL_OTP: the sign-in code goes to CustomEmailSender_Authentication and answers the challenge", async () => {
    const pool = await createMfaPool(up.admin, "OPTIONAL", {
      lambdaConfig: { CustomEmailSender: SENDER_CONFIG, KMSKeyID: KEY_ARN },
    });
    const email = await mfaUser(up.admin, pool.poolId, "sender-otp");
    await up.admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: pool.poolId,
        Username: email,
        EmailMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const started = await up.anon.send(
      new InitiateAuthCommand({
        ClientId: pool.clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
      }),
    );
    expect(started.ChallengeName).toBe("EMAIL_OTP");
    const code = onlyCode("CustomEmailSender_Authentication", email);
    expect(await mailbox(up.url, email)).toEqual([]);
    const done = await up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: pool.clientId,
        ChallengeName: "EMAIL_OTP",
        Session: started.Session!,
        ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: code },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("USER_AUTH EMAIL_OTP: the first-factor code goes to CustomEmailSender_Authentication too", async () => {
    const pool = await createUserAuthPool(up.admin, {
      lambdaConfig: { CustomEmailSender: SENDER_CONFIG, KMSKeyID: KEY_ARN },
    });
    const email = await mfaUser(up.admin, pool.poolId, "sender-ua");
    const started = await up.anon.send(
      new InitiateAuthCommand({
        ClientId: pool.clientId,
        AuthFlow: "USER_AUTH",
        AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: "EMAIL_OTP" },
      }),
    );
    expect(started.ChallengeName).toBe("EMAIL_OTP");
    const code = onlyCode("CustomEmailSender_Authentication", email);
    expect(await mailbox(up.url, email)).toEqual([]);
    const done = await up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: pool.clientId,
        ChallengeName: "EMAIL_OTP",
        Session: started.Session!,
        ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: code },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("CustomSMSSender: a phone SignUp code goes to CustomSMSSender_SignUp, no text is sent", async () => {
    const phone = newPhone();
    const r = await up.anon.send(
      new SignUpCommand({ ClientId: PHONE_CLIENT, Username: phone, Password: GOOD_PASSWORD }),
    );
    expect(r.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: "SMS", AttributeName: "phone_number" });
    const code = onlyCode("CustomSMSSender_SignUp", phone, "customSMSSenderRequestV1");
    const { event } = sentTo("CustomSMSSender_SignUp", phone)[0]!;
    expect(compareEventShape(event, loadFixture("custom-sms-sender-sign-up"))).toEqual([]);
    expect(await devTexts(up.url, phone)).toEqual([]);
    await up.anon.send(new ConfirmSignUpCommand({ ClientId: PHONE_CLIENT, Username: phone, ConfirmationCode: code }));
    const auth = await up.anon.send(
      new InitiateAuthCommand({
        ClientId: PHONE_CLIENT,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: phone, PASSWORD: GOOD_PASSWORD },
      }),
    );
    expect(auth.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("ResendConfirmationCode: CustomEmailSender_ResendCode; the newest decrypted code confirms", async () => {
    const email = uniqueEmail("sender-resend");
    await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
    plaintexts.push(...sentTo("CustomEmailSender_SignUp", email).map((s) => s.code));
    await up.anon.send(new ResendConfirmationCodeCommand({ ClientId: CLIENT_ID, Username: email }));
    const code = onlyCode("CustomEmailSender_ResendCode", email);
    expect(await mailbox(up.url, email)).toEqual([]);
    await up.anon.send(new ConfirmSignUpCommand({ ClientId: CLIENT_ID, Username: email, ConfirmationCode: code }));
  });

  it("CustomSMSSender: a new number's code goes to that number (_UpdateUserAttribute) and verifies it", async () => {
    const phone = newPhone();
    await up.anon.send(new SignUpCommand({ ClientId: PHONE_CLIENT, Username: phone, Password: GOOD_PASSWORD }));
    const first = sentTo("CustomSMSSender_SignUp", phone)[0]!.code;
    plaintexts.push(first);
    await up.anon.send(new ConfirmSignUpCommand({ ClientId: PHONE_CLIENT, Username: phone, ConfirmationCode: first }));
    const token = (
      await up.anon.send(
        new InitiateAuthCommand({
          ClientId: PHONE_CLIENT,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: phone, PASSWORD: GOOD_PASSWORD },
        }),
      )
    ).AuthenticationResult!.AccessToken!;
    const next = newPhone();
    await up.anon.send(
      new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: "phone_number", Value: next }] }),
    );
    const code = onlyCode("CustomSMSSender_UpdateUserAttribute", next, "customSMSSenderRequestV1");
    expect(await devTexts(up.url, next)).toEqual([]);
    await up.anon.send(
      new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: "phone_number", Code: code }),
    );
    const user = await up.anon.send(new GetUserCommand({ AccessToken: token }));
    expect(Object.fromEntries(user.UserAttributes!.map((a) => [a.Name, a.Value]))).toMatchObject({
      phone_number: next,
      phone_number_verified: "true",
    });
  });

  it("CustomEmailSender: _UpdateUserAttribute, then _VerifyUserAttribute, to the new address", async () => {
    const email = await mfaUser(up.admin, POOL_ID, "sender-attrs");
    const { AccessToken } = (
      await up.anon.send(
        new InitiateAuthCommand({
          ClientId: CLIENT_ID,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
        }),
      )
    ).AuthenticationResult!;
    const next = uniqueEmail("sender-moved");
    await up.anon.send(
      new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: "email", Value: next }] }),
    );
    plaintexts.push(onlyCode("CustomEmailSender_UpdateUserAttribute", next));
    await up.anon.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: "email" }));
    const code = onlyCode("CustomEmailSender_VerifyUserAttribute", next);
    expect(await mailbox(up.url, next)).toEqual([]);
    await up.anon.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: "email", Code: code }));
    const user = await up.anon.send(new GetUserCommand({ AccessToken }));
    expect(Object.fromEntries(user.UserAttributes!.map((a) => [a.Name, a.Value]))).toMatchObject({
      email: next,
      email_verified: "true",
    });
  });

  it(
    "CustomSMSSender: _ResendCode, _ForgotPassword, _VerifyUserAttribute and _AdminCreateUser; " +
      "each decrypted code completes its flow, no text is sent",
    async () => {
      const sms = "customSMSSenderRequestV1";
      const signIn = (phone: string, password: string) =>
        up.anon.send(
          new InitiateAuthCommand({
            ClientId: PHONE_CLIENT,
            AuthFlow: "USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: phone, PASSWORD: password },
          }),
        );
      const phone = newPhone();
      await up.anon.send(new SignUpCommand({ ClientId: PHONE_CLIENT, Username: phone, Password: GOOD_PASSWORD }));
      plaintexts.push(...sentTo("CustomSMSSender_SignUp", phone).map((s) => s.code));
      await up.anon.send(new ResendConfirmationCodeCommand({ ClientId: PHONE_CLIENT, Username: phone }));
      const resent = onlyCode("CustomSMSSender_ResendCode", phone, sms);
      await up.anon.send(
        new ConfirmSignUpCommand({ ClientId: PHONE_CLIENT, Username: phone, ConfirmationCode: resent }),
      );

      await up.anon.send(new ForgotPasswordCommand({ ClientId: PHONE_CLIENT, Username: phone }));
      const reset = onlyCode("CustomSMSSender_ForgotPassword", phone, sms);
      const fresh = `${GOOD_PASSWORD}y`;
      await up.anon.send(
        new ConfirmForgotPasswordCommand({
          ClientId: PHONE_CLIENT,
          Username: phone,
          ConfirmationCode: reset,
          Password: fresh,
        }),
      );
      const { AccessToken } = (await signIn(phone, fresh)).AuthenticationResult!;
      await up.anon.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: "phone_number" }));
      const verify = onlyCode("CustomSMSSender_VerifyUserAttribute", phone, sms);
      await up.anon.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: "phone_number", Code: verify }));

      const invited = newPhone();
      await up.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: PHONE_POOL,
          Username: invited,
          DesiredDeliveryMediums: ["SMS"],
        }),
      );
      const temporary = onlyCode("CustomSMSSender_AdminCreateUser", invited, sms);
      expect((await signIn(invited, temporary)).ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
      expect(await devTexts(up.url, phone)).toEqual([]);
      expect(await devTexts(up.url, invited)).toEqual([]);
    },
  );

  it("SMS_MFA: the sign-in code goes to CustomSMSSender_Authentication and answers the challenge", async () => {
    const pool = await createMfaPool(up.admin, "OPTIONAL", {
      sms: true,
      lambdaConfig: { CustomSMSSender: SENDER_CONFIG, KMSKeyID: KEY_ARN },
    });
    const phone = newPhone();
    const email = await mfaUser(up.admin, pool.poolId, "sender-sms-mfa", [
      { Name: "phone_number", Value: phone },
      { Name: "phone_number_verified", Value: "true" },
    ]);
    await up.admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: pool.poolId,
        Username: email,
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const started = await up.anon.send(
      new InitiateAuthCommand({
        ClientId: pool.clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
      }),
    );
    expect(started.ChallengeName).toBe("SMS_MFA");
    const code = onlyCode("CustomSMSSender_Authentication", phone, "customSMSSenderRequestV1");
    expect(await devTexts(up.url, phone)).toEqual([]);
    const done = await up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: pool.clientId,
        ChallengeName: "SMS_MFA",
        Session: started.Session!,
        ChallengeResponses: { USERNAME: email, SMS_MFA_CODE: code },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("no plaintext code or temporary password in any event, log line or database cell", async () => {
    expect(plaintexts.length).toBeGreaterThanOrEqual(5);
    const events = sentCodes().map((s) => JSON.stringify(s.event));
    const cells = await dumpCells(up, ["users", "confirmation_codes", "dev_messages"]);
    const codes = plaintexts.filter((p) => /^\d{6}$/.test(p));
    const passwords = plaintexts.filter((p) => !codes.includes(p));
    // The e-mail and the SMS invitation's temporary passwords.
    expect(passwords).toHaveLength(2);
    expectNoSecrets([...events, ...rec.logs, ...cells], passwords, codes);
  });

  it("LambdaConfig: a sender needs KMSKeyID (a key ARN) and LambdaVersion V1_0; Describe shows it", async () => {
    const create = (LambdaConfig: object) =>
      up.admin.send(new CreateUserPoolCommand({ PoolName: "senders", LambdaConfig: LambdaConfig as never }));
    const arn = "arn:aws:lambda:us-east-1:111122223333:function:sender";
    await expect(create({ CustomEmailSender: { LambdaVersion: "V1_0", LambdaArn: arn } })).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("KMSKeyID"),
    });
    await expect(
      create({ CustomSMSSender: { LambdaVersion: "V2_0", LambdaArn: arn }, KMSKeyID: KEY_ARN }),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(
      create({
        CustomSMSSender: { LambdaVersion: "V1_0", LambdaArn: arn },
        KMSKeyID: "arn:aws:kms:us-east-1:111122223333:alias/mine",
      }),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("KMSKeyID") });
    const lambdaConfig = {
      CustomEmailSender: { LambdaVersion: "V1_0", LambdaArn: arn },
      CustomSMSSender: { LambdaVersion: "V1_0", LambdaArn: arn },
      KMSKeyID: KEY_ARN,
    };
    const made = await create(lambdaConfig);
    const described = await up.admin.send(new DescribeUserPoolCommand({ UserPoolId: made.UserPool!.Id! }));
    expect(described.UserPool?.LambdaConfig).toEqual(lambdaConfig);
  });

  it("the development KMS speaks KMS's protocol to the AWS SDK, signed with the admin keys only", async () => {
    const kmsAt = (secretAccessKey: string) =>
      new KMSClient({
        endpoint: up.url,
        region: "us-east-1",
        credentials: { accessKeyId: "local", secretAccessKey },
        maxAttempts: 1,
      });
    const client = kmsAt("local");
    const context = { purpose: "test" };
    const sealed = await client.send(
      new EncryptCommand({ KeyId: KEY_ARN, Plaintext: Buffer.from("hello"), EncryptionContext: context }),
    );
    expect(sealed.KeyId).toBe(KEY_ARN);
    const opened = await client.send(
      new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, KeyId: KEY_ARN, EncryptionContext: context }),
    );
    expect(Buffer.from(opened.Plaintext!).toString()).toBe("hello");
    await expect(
      client.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { purpose: "x" } })),
    ).rejects.toMatchObject({ name: "InvalidCiphertextException" });
    await expect(
      kmsAt("wrong").send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: context })),
    ).rejects.toMatchObject({ name: "InvalidSignatureException" });
  });
});

describe.each(testEngines())("custom sender triggers in production on $name", (engine) => {
  it("a CustomSMSSender pool needs no SMS sender; its codes never use the development KMS", async () => {
    // No USERPOOL_SMS_SENDER: production refuses pools that text, but this pool's texts go to its sender.
    const up = await startTestUserpoolOn(engine, {
      ...productionOptions(),
      config: sendersConfig(),
      triggerModuleDirs: [TRIGGER_MODULES],
    });
    try {
      // The KMS endpoint the AWS SDK uses in this process now leads to the production server itself, which
      // serves no KMS: the code cannot be encrypted, so the sign-up fails and nothing is handed over.
      kms.target = up.url;
      const before = sentCodes().length;
      const phone = newPhone();
      await expect(
        up.anon.send(new SignUpCommand({ ClientId: PHONE_CLIENT, Username: phone, Password: GOOD_PASSWORD })),
      ).rejects.toMatchObject({
        name: "CodeDeliveryFailureException",
        message: "CustomSMSSender could not encrypt the code under LambdaConfig.KMSKeyID.",
      });
      expect(sentCodes().length).toBe(before);
    } finally {
      await up.stop();
    }
  });

  it("the development KMS is not served: TrentService operations are unknown", async () => {
    const opts = productionOptions();
    const up = await startTestUserpoolOn(engine, { ...opts, config: testConfig() });
    try {
      const [accessKeyId, secretAccessKey] = Object.entries(opts.adminCredentials!)[0]!;
      const client = new KMSClient({
        endpoint: up.url,
        region: "us-east-1",
        credentials: { accessKeyId, secretAccessKey },
        maxAttempts: 1,
      });
      await expect(
        client.send(new EncryptCommand({ KeyId: KEY_ARN, Plaintext: Buffer.from("hello") })),
      ).rejects.toMatchObject({ name: "UnknownOperationException" });
    } finally {
      await up.stop();
    }
  });
});

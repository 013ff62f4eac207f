/**
 * Multi-factor sign-in through the AWS SDK v3: the pool's MFA configuration, the user's factors, the
 * authenticator app (codes computed from the secret at the injected clock's time), and the MFA
 * challenges after USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH and SRP, with wrong, reused and
 * expired answers.
 */
import {
  AdminDeleteSoftwareTokenCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserSettingsCommand,
  AssociateSoftwareTokenCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  SetUserSettingsCommand,
  UpdateUserPoolCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import { adminAt, rejection, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { createMfaPool, mfaUser, setUpTotp, totpCode } from "./support/mfa.js";
import { srpSignIn } from "./support/signIn.js";
import { GOOD_PASSWORD, latestCode, latestMessage, uniqueEmail } from "./support/userpool.js";

const CHALLENGE_EXPIRED = {
  name: "NotAuthorizedException",
  message: "Invalid session for the user, session is expired.",
};
const MISMATCH = { name: "CodeMismatchException" };

describe.each(testEngines())("MFA through the AWS SDK on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  // Signed with the injected clock's time, which the tests move: a client per call keeps SigV4 in step.
  const admin = {
    send: ((command: never) => adminAt(up.url, clock).send(command)) as CognitoIdentityProviderClient["send"],
  };
  let optional: { poolId: string; clientId: string };

  beforeAll(async () => {
    up = await startOn(engine, { clock });
    optional = await createMfaPool(admin, "OPTIONAL");
  });
  afterAll(async () => {
    await up?.stop();
  });

  /** The step after the current one: a fresh TOTP code that no earlier call can have used. */
  const nextStep = () => clock.advance(30_000);

  const passwordAuth = (pool: { clientId: string }, email: string) =>
    up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: pool.clientId,
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
      }),
    );

  /** A user of `pool` with a verified authenticator app (preferred); returns its e-mail and secret. */
  async function totpUser(pool: { poolId: string; clientId: string }): Promise<{ email: string; secret: string }> {
    const email = await mfaUser(admin, pool.poolId);
    const tokens = (await passwordAuth(pool, email)).AuthenticationResult!;
    const secret = await setUpTotp(up.anon, tokens.AccessToken!, clock, { prefer: true });
    nextStep();
    return { email, secret };
  }

  const answerTotp = (pool: { clientId: string }, email: string, session: string, code: string) =>
    up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: pool.clientId,
        ChallengeName: "SOFTWARE_TOKEN_MFA",
        Session: session,
        ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code },
      }),
    );

  describe("pool settings", () => {
    it("CreateUserPool with MFA ON wants SMS, as Cognito does; SetUserPoolMfaConfig enforces its rules", async () => {
      expect(
        await rejection(admin.send(new CreateUserPoolCommand({ PoolName: "x", MfaConfiguration: "ON" }))),
      ).toMatchObject({
        name: "InvalidParameterException",
        message: "SMS configuration and Auto verification for phone_number are required when MFA is required/optional",
      });
      const { UserPool } = await admin.send(new CreateUserPoolCommand({ PoolName: "mfa-rules" }));
      const id = UserPool!.Id!;
      expect(UserPool!.MfaConfiguration).toBe("OFF");
      expect(
        await rejection(admin.send(new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: "ON" }))),
      ).toMatchObject({
        name: "InvalidParameterException",
        message: "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.",
      });
      // E-mail MFA needs the pool's own e-mail sender (EmailSendingAccount DEVELOPER).
      expect(
        await rejection(
          admin.send(
            new SetUserPoolMfaConfigCommand({
              UserPoolId: id,
              MfaConfiguration: "OPTIONAL",
              EmailMfaConfiguration: {},
            }),
          ),
        ),
      ).toMatchObject({
        name: "InvalidParameterException",
        message: expect.stringContaining("EmailSendingAccount DEVELOPER"),
      });
      expect(
        await rejection(
          admin.send(
            new SetUserPoolMfaConfigCommand({
              UserPoolId: id,
              SmsMfaConfiguration: { SmsAuthenticationMessage: "Code {####}" },
            }),
          ),
        ),
      ).toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("SmsConfiguration") });
      expect(
        await rejection(
          admin.send(
            new SetUserPoolMfaConfigCommand({
              UserPoolId: id,
              EmailMfaConfiguration: { Message: "no placeholder here" },
            }),
          ),
        ),
      ).toMatchObject({ name: "InvalidParameterException" });

      const set = await admin.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: id,
          MfaConfiguration: "OPTIONAL",
          SoftwareTokenMfaConfiguration: { Enabled: true },
        }),
      );
      expect(set).toMatchObject({ MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } });
      expect(set.EmailMfaConfiguration).toBeUndefined();
      expect(set.SmsMfaConfiguration).toBeUndefined();
      const described = (await admin.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;
      expect(described.MfaConfiguration).toBe("OPTIONAL");
      expect(described).not.toHaveProperty("MfaFactors");
      // UpdateUserPool has no member for the factors: they carry over; MfaConfiguration left out is OFF.
      await admin.send(new UpdateUserPoolCommand({ UserPoolId: id, MfaConfiguration: "ON" }));
      expect(await admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }))).toMatchObject({
        MfaConfiguration: "ON",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      });
      await admin.send(new UpdateUserPoolCommand({ UserPoolId: id }));
      expect(await admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: id }))).toMatchObject({
        MfaConfiguration: "OFF",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      });
      expect(await admin.send(new GetUserPoolMfaConfigCommand({ UserPoolId: optional.poolId }))).toMatchObject({
        MfaConfiguration: "OPTIONAL",
        SoftwareTokenMfaConfiguration: { Enabled: true },
        EmailMfaConfiguration: { Subject: "Sign-in code", Message: "Your sign-in code is {####}." },
      });
    });
  });

  describe("authenticator app", () => {
    it("associates and verifies with an access token; preferences show in GetUser and AdminGetUser", async () => {
      const email = await mfaUser(admin, optional.poolId);
      const tokens = (await passwordAuth(optional, email)).AuthenticationResult!;
      const access = tokens.AccessToken!;
      expect(await up.anon.send(new GetUserCommand({ AccessToken: access }))).toMatchObject({ UserMFASettingList: [] });
      const { SecretCode } = await up.anon.send(new AssociateSoftwareTokenCommand({ AccessToken: access }));
      expect(SecretCode).toMatch(/^[A-Z2-7]{32}$/);
      // Turning TOTP on before it is verified is refused.
      expect(
        await rejection(
          up.anon.send(
            new SetUserMFAPreferenceCommand({ AccessToken: access, SoftwareTokenMfaSettings: { Enabled: true } }),
          ),
        ),
      ).toMatchObject({ name: "InvalidParameterException", message: "User has not verified software token mfa" });
      const wrong = totpCode(SecretCode!, clock, 120_000);
      expect(
        await rejection(up.anon.send(new VerifySoftwareTokenCommand({ AccessToken: access, UserCode: wrong }))),
      ).toMatchObject({ name: "EnableSoftwareTokenMFAException" });
      expect(
        await up.anon.send(
          new VerifySoftwareTokenCommand({
            AccessToken: access,
            UserCode: totpCode(SecretCode!, clock),
            FriendlyDeviceName: "phone",
          }),
        ),
      ).toMatchObject({ Status: "SUCCESS" });
      // Verified is not yet on: the user turns it on.
      expect((await up.anon.send(new GetUserCommand({ AccessToken: access }))).UserMFASettingList).toEqual([]);
      await up.anon.send(
        new SetUserMFAPreferenceCommand({
          AccessToken: access,
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
          EmailMfaSettings: { Enabled: true },
        }),
      );
      expect(await up.anon.send(new GetUserCommand({ AccessToken: access }))).toMatchObject({
        UserMFASettingList: ["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"],
        PreferredMfaSetting: "SOFTWARE_TOKEN_MFA",
      });
      await admin.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: optional.poolId,
          Username: email,
          SoftwareTokenMfaSettings: { Enabled: false },
        }),
      );
      const got = await admin.send(new AdminGetUserCommand({ UserPoolId: optional.poolId, Username: email }));
      expect(got.UserMFASettingList).toEqual(["EMAIL_OTP"]);
      expect(got.PreferredMfaSetting).toBeUndefined();
      // The legacy settings can name SMS only, and SMS needs a phone number.
      expect(
        await rejection(
          up.anon.send(
            new SetUserSettingsCommand({
              AccessToken: access,
              MFAOptions: [{ DeliveryMedium: "EMAIL", AttributeName: "email" }],
            }),
          ),
        ),
      ).toMatchObject({ name: "InvalidParameterException" });
      expect(
        await rejection(
          admin.send(
            new AdminSetUserSettingsCommand({
              UserPoolId: optional.poolId,
              Username: email,
              MFAOptions: [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }],
            }),
          ),
        ),
      ).toMatchObject({ name: "InvalidParameterException" });
      await up.anon.send(new SetUserSettingsCommand({ AccessToken: access, MFAOptions: [] }));
      nextStep();
    });

    it("SOFTWARE_TOKEN_MFA after USER_PASSWORD_AUTH: wrong, reused, another user's session, then right", async () => {
      const other = await totpUser(optional);
      // Verified one step ago: that step's code is used.
      const { email, secret } = await totpUser(optional);
      const started = await passwordAuth(optional, email);
      expect(started.AuthenticationResult).toBeUndefined();
      expect(started.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
      expect(started.ChallengeParameters).toEqual({ USER_ID_FOR_SRP: expect.any(String) });
      const session = started.Session!;
      expect(await rejection(answerTotp(optional, email, session, "000000"))).toMatchObject(MISMATCH);
      // The code of the step already used (at verification) is refused as reused.
      expect(await rejection(answerTotp(optional, email, session, totpCode(secret, clock, -30_000)))).toMatchObject(
        MISMATCH,
      );
      // Another user's session, named with this user: refused, and that session is not used up.
      const theirs = (await passwordAuth(optional, other.email)).Session!;
      expect(await rejection(answerTotp(optional, email, theirs, totpCode(secret, clock)))).toMatchObject({
        name: "NotAuthorizedException",
      });
      const done = await answerTotp(optional, email, session, totpCode(secret, clock));
      expect(done.AuthenticationResult?.AccessToken).toBeDefined();
      expect(done.AuthenticationResult?.RefreshToken).toBeDefined();
      // The session is single use, and the code too, even in a new session.
      expect(await rejection(answerTotp(optional, email, session, totpCode(secret, clock)))).toMatchObject(
        CHALLENGE_EXPIRED,
      );
      const again = (await passwordAuth(optional, email)).Session!;
      expect(await rejection(answerTotp(optional, email, again, totpCode(secret, clock)))).toMatchObject(MISMATCH);
      nextStep();
      expect((await answerTotp(optional, email, again, totpCode(secret, clock))).AuthenticationResult).toBeDefined();
      nextStep();
    });

    it("the same code sent twice in parallel signs in once", async () => {
      const { email, secret } = await totpUser(optional);
      const a = (await passwordAuth(optional, email)).Session!;
      const b = (await passwordAuth(optional, email)).Session!;
      const code = totpCode(secret, clock);
      const results = await Promise.allSettled([
        answerTotp(optional, email, a, code),
        answerTotp(optional, email, b, code),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(failed.reason).toMatchObject(MISMATCH);
      nextStep();
    });

    it("a session expires after the client's AuthSessionValidity, and takes five wrong codes", async () => {
      const { email, secret } = await totpUser(optional);
      const expiring = (await passwordAuth(optional, email)).Session!;
      clock.advance(3 * 60_000);
      expect(await rejection(answerTotp(optional, email, expiring, totpCode(secret, clock)))).toMatchObject(
        CHALLENGE_EXPIRED,
      );
      const limited = (await passwordAuth(optional, email)).Session!;
      for (let i = 0; i < 4; i++)
        expect(await rejection(answerTotp(optional, email, limited, "000000"))).toMatchObject(MISMATCH);
      // The fifth wrong code locks the user out (five free failures) and uses the session up.
      expect(await rejection(answerTotp(optional, email, limited, "000000"))).toMatchObject({
        name: "CodeMismatchException",
      });
      expect(await rejection(answerTotp(optional, email, limited, totpCode(secret, clock)))).toMatchObject(
        CHALLENGE_EXPIRED,
      );
      clock.advance(20 * 60_000);
    });

    it("SRP and ADMIN_USER_PASSWORD_AUTH lead to the same challenge; no session exists before the code", async () => {
      const { email, secret } = await totpUser(optional);
      const before = await countRefreshTokens(email);
      const srp = await srpSignIn(up.anon, {
        poolId: optional.poolId,
        clientId: optional.clientId,
        username: email,
        password: GOOD_PASSWORD,
      });
      expect(srp.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
      expect(srp.AuthenticationResult).toBeUndefined();
      expect(await countRefreshTokens(email)).toBe(before);
      expect(
        (await answerTotp(optional, email, srp.Session!, totpCode(secret, clock))).AuthenticationResult,
      ).toBeDefined();
      expect(await countRefreshTokens(email)).toBe(before + 1);
      nextStep();
      const adminStarted = await admin.send(
        new AdminInitiateAuthCommand({
          UserPoolId: optional.poolId,
          ClientId: optional.clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
        }),
      );
      expect(adminStarted.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
      const adminDone = await admin.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: optional.poolId,
          ClientId: optional.clientId,
          ChallengeName: "SOFTWARE_TOKEN_MFA",
          Session: adminStarted.Session!,
          ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: totpCode(secret, clock) },
        }),
      );
      expect(adminDone.AuthenticationResult?.IdToken).toBeDefined();
      nextStep();
    });
  });

  /** Refresh tokens stored for the user named `email` in the OPTIONAL pool. */
  async function countRefreshTokens(email: string): Promise<number> {
    const got = await admin.send(new AdminGetUserCommand({ UserPoolId: optional.poolId, Username: email }));
    const sub = got.UserAttributes!.find((a) => a.Name === "sub")!.Value!;
    const rows = await up.store.db
      .selectFrom("refresh_tokens")
      .select("token_hash")
      .where("user_id", "=", sub)
      .execute();
    return rows.length;
  }

  describe("e-mail codes and the choice of factor", () => {
    it("EMAIL_OTP: the code is in the dev mailbox with the pool's template; SELECT_MFA_TYPE offers both", async () => {
      const { email, secret } = await totpUser(optional);
      await admin.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: optional.poolId,
          Username: email,
          EmailMfaSettings: { Enabled: true, PreferredMfa: true },
        }),
      );
      const started = await passwordAuth(optional, email);
      expect(started.ChallengeName).toBe("EMAIL_OTP");
      expect(started.ChallengeParameters).toMatchObject({
        CODE_DELIVERY_DELIVERY_MEDIUM: "EMAIL",
        CODE_DELIVERY_DESTINATION: `${email[0]}***@e***`,
      });
      const mail = await latestMessage(up.url, email);
      expect(mail.subject).toBe("Sign-in code");
      const code = /(\d{6})/.exec(mail.text)![1]!;
      const answer = (c: string, session = started.Session!) =>
        up.anon.send(
          new RespondToAuthChallengeCommand({
            ClientId: optional.clientId,
            ChallengeName: "EMAIL_OTP",
            Session: session,
            ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: c },
          }),
        );
      expect(await rejection(answer(code === "123456" ? "654321" : "123456"))).toMatchObject(MISMATCH);
      expect((await answer(code)).AuthenticationResult?.AccessToken).toBeDefined();

      // Both on, neither preferred: the user chooses.
      await admin.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: optional.poolId,
          Username: email,
          EmailMfaSettings: { Enabled: true, PreferredMfa: false },
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false },
        }),
      );
      const select = await passwordAuth(optional, email);
      expect(select.ChallengeName).toBe("SELECT_MFA_TYPE");
      expect(JSON.parse(select.ChallengeParameters!.MFAS_CAN_CHOOSE!)).toEqual(["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]);
      expect(
        await rejection(
          up.anon.send(
            new RespondToAuthChallengeCommand({
              ClientId: optional.clientId,
              ChallengeName: "SELECT_MFA_TYPE",
              Session: select.Session!,
              ChallengeResponses: { USERNAME: email, ANSWER: "SMS_MFA" },
            }),
          ),
        ),
      ).toMatchObject({ name: "InvalidParameterException" });
      const chosen = await up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: optional.clientId,
          ChallengeName: "SELECT_MFA_TYPE",
          Session: select.Session!,
          ChallengeResponses: { USERNAME: email, ANSWER: "SOFTWARE_TOKEN_MFA" },
        }),
      );
      expect(chosen.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
      expect(
        (await answerTotp(optional, email, chosen.Session!, totpCode(secret, clock))).AuthenticationResult,
      ).toBeDefined();
      nextStep();
    });
  });

  describe("MFA required", () => {
    it("MFA_SETUP: associate and verify with the challenge's Session, then answer it", async () => {
      const on = await createMfaPool(admin, "ON");
      const email = await mfaUser(admin, on.poolId);
      const started = await passwordAuth(on, email);
      expect(started.ChallengeName).toBe("MFA_SETUP");
      expect(JSON.parse(started.ChallengeParameters!.MFAS_CAN_SETUP!)).toEqual(["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]);
      // Answering before verifying is refused.
      expect(
        await rejection(
          up.anon.send(
            new RespondToAuthChallengeCommand({
              ClientId: on.clientId,
              ChallengeName: "MFA_SETUP",
              Session: started.Session!,
              ChallengeResponses: { USERNAME: email },
            }),
          ),
        ),
      ).toMatchObject({ name: "InvalidParameterException" });
      const assoc = await up.anon.send(new AssociateSoftwareTokenCommand({ Session: started.Session! }));
      expect(assoc.SecretCode).toMatch(/^[A-Z2-7]{32}$/);
      expect(assoc.Session).toBeDefined();
      // The MFA_SETUP session was used up by the association.
      expect(
        await rejection(up.anon.send(new AssociateSoftwareTokenCommand({ Session: started.Session! }))),
      ).toMatchObject(CHALLENGE_EXPIRED);
      const verified = await up.anon.send(
        new VerifySoftwareTokenCommand({ Session: assoc.Session!, UserCode: totpCode(assoc.SecretCode!, clock) }),
      );
      expect(verified.Status).toBe("SUCCESS");
      const done = await up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: on.clientId,
          ChallengeName: "MFA_SETUP",
          Session: verified.Session!,
          ChallengeResponses: { USERNAME: email },
        }),
      );
      expect(done.AuthenticationResult?.AccessToken).toBeDefined();
      expect(
        await up.anon.send(new GetUserCommand({ AccessToken: done.AuthenticationResult!.AccessToken! })),
      ).toMatchObject({
        UserMFASettingList: ["SOFTWARE_TOKEN_MFA"],
        PreferredMfaSetting: "SOFTWARE_TOKEN_MFA",
      });
      nextStep();
      const next = await passwordAuth(on, email);
      expect(next.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
      expect(
        (await answerTotp(on, email, next.Session!, totpCode(assoc.SecretCode!, clock))).AuthenticationResult,
      ).toBeDefined();
      nextStep();
    });
  });
  describe("MFA_SETUP with e-mail (ADR 0015)", () => {
    const adminStart = (pool: { poolId: string; clientId: string }, email: string) =>
      admin.send(
        new AdminInitiateAuthCommand({
          UserPoolId: pool.poolId,
          ClientId: pool.clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
        }),
      );
    const adminAnswer = (
      pool: { poolId: string; clientId: string },
      name: "MFA_SETUP" | "EMAIL_OTP",
      session: string,
      responses: Record<string, string>,
    ) =>
      admin.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: pool.poolId,
          ClientId: pool.clientId,
          ChallengeName: name,
          Session: session,
          ChallengeResponses: responses,
        }),
      );
    const attributesOf = async (poolId: string, username: string) => {
      const u = await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
      return {
        attrs: Object.fromEntries((u.UserAttributes ?? []).map((a) => [a.Name!, a.Value!])),
        mfa: u.UserMFASettingList ?? [],
        preferred: u.PreferredMfaSetting,
      };
    };
    let on: { poolId: string; clientId: string };
    beforeAll(async () => {
      on = await createMfaPool(admin, "ON");
    });

    it("AdminRespondToAuthChallenge with EMAIL: a code to that address; the right one signs in", async () => {
      const email = await mfaUser(admin, on.poolId);
      const started = await adminStart(on, email);
      expect(started.ChallengeName).toBe("MFA_SETUP");
      const address = uniqueEmail("setup");
      const emailed = await adminAnswer(on, "MFA_SETUP", started.Session!, { USERNAME: email, EMAIL: address });
      expect(emailed.ChallengeName).toBe("EMAIL_OTP");
      expect(emailed.ChallengeParameters).toMatchObject({
        CODE_DELIVERY_DELIVERY_MEDIUM: "EMAIL",
        CODE_DELIVERY_DESTINATION: `${address[0]}***@e***`,
      });
      const code = await latestCode(up.url, address);
      expect((await latestMessage(up.url, address)).subject).toBe("Sign-in code");
      // Nothing is written before the code proves the address.
      const before = await attributesOf(on.poolId, email);
      expect(before.attrs.email).toBe(email);
      expect(before.mfa).toEqual([]);
      // The MFA_SETUP session was used up by the e-mail answer.
      expect(
        await rejection(adminAnswer(on, "MFA_SETUP", started.Session!, { USERNAME: email, EMAIL: address })),
      ).toMatchObject(CHALLENGE_EXPIRED);
      expect(
        await rejection(
          adminAnswer(on, "EMAIL_OTP", emailed.Session!, {
            USERNAME: email,
            EMAIL_OTP_CODE: code === "123456" ? "654321" : "123456",
          }),
        ),
      ).toMatchObject(MISMATCH);
      expect((await attributesOf(on.poolId, email)).attrs.email).toBe(email);
      const done = await adminAnswer(on, "EMAIL_OTP", emailed.Session!, { USERNAME: email, EMAIL_OTP_CODE: code });
      expect(done.AuthenticationResult?.IdToken).toBeDefined();
      const idClaims = JSON.parse(
        Buffer.from(done.AuthenticationResult!.IdToken!.split(".")[1]!, "base64url").toString(),
      );
      expect(idClaims).toMatchObject({ email: address, email_verified: true });
      // Replaying the used EMAIL_OTP session is refused.
      expect(
        await rejection(adminAnswer(on, "EMAIL_OTP", emailed.Session!, { USERNAME: email, EMAIL_OTP_CODE: code })),
      ).toMatchObject(CHALLENGE_EXPIRED);
      // The address is the user's now (it is also the sign-in name: UsernameAttributes email).
      const after = await attributesOf(on.poolId, address);
      expect(after).toMatchObject({
        attrs: { email: address, email_verified: "true" },
        mfa: ["EMAIL_OTP"],
        preferred: "EMAIL_OTP",
      });
      const next = await adminStart(on, address);
      expect(next.ChallengeName).toBe("EMAIL_OTP");
      const again = await adminAnswer(on, "EMAIL_OTP", next.Session!, {
        USERNAME: address,
        EMAIL_OTP_CODE: await latestCode(up.url, address),
      });
      expect(again.AuthenticationResult?.AccessToken).toBeDefined();
    });

    it("refuses a malformed address, another user's address and SMS; the session survives each refusal", async () => {
      const email = await mfaUser(admin, on.poolId);
      const other = await mfaUser(admin, on.poolId, "other");
      const { Session } = await passwordAuth(on, email);
      const answer = (responses: Record<string, string>) =>
        up.anon.send(
          new RespondToAuthChallengeCommand({
            ClientId: on.clientId,
            ChallengeName: "MFA_SETUP",
            Session: Session!,
            ChallengeResponses: { USERNAME: email, ...responses },
          }),
        );
      expect(await rejection(answer({ EMAIL: "not-an-address" }))).toMatchObject({
        name: "InvalidParameterException",
        message: "Invalid email address format.",
      });
      expect(await rejection(answer({ EMAIL: other.toUpperCase() }))).toMatchObject({
        name: "AliasExistsException",
      });
      expect(await rejection(answer({ PHONE_NUMBER: "+15555550100" }))).toMatchObject({
        name: "InvalidParameterException",
        message: expect.stringContaining("SMS MFA cannot be set up in MFA_SETUP"),
      });
      expect(await rejection(answer({}))).toMatchObject({
        name: "InvalidParameterException",
        message: expect.stringContaining("MFA_SETUP is answered with EMAIL"),
      });
      // Nothing went to the other user's address; the user's own address works.
      expect(await rejection(latestMessage(up.url, other))).toBeInstanceOf(Error);
      const emailed = await answer({ EMAIL: email });
      expect(emailed.ChallengeName).toBe("EMAIL_OTP");
      const done = await up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: on.clientId,
          ChallengeName: "EMAIL_OTP",
          Session: emailed.Session!,
          ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: await latestCode(up.url, email) },
        }),
      );
      expect(done.AuthenticationResult).toBeDefined();
      expect((await attributesOf(on.poolId, other)).attrs.email).toBe(other);
    });

    it("wrong codes count as for EMAIL_OTP: five use the session up and lock the user out for a while", async () => {
      const email = await mfaUser(admin, on.poolId);
      const { Session } = await passwordAuth(on, email);
      const address = uniqueEmail("setup-wrong");
      const emailed = await up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: on.clientId,
          ChallengeName: "MFA_SETUP",
          Session: Session!,
          ChallengeResponses: { USERNAME: email, EMAIL: address },
        }),
      );
      const code = await latestCode(up.url, address);
      const wrong = code === "000000" ? "111111" : "000000";
      const answer = (c: string) =>
        up.anon.send(
          new RespondToAuthChallengeCommand({
            ClientId: on.clientId,
            ChallengeName: "EMAIL_OTP",
            Session: emailed.Session!,
            ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: c },
          }),
        );
      for (let i = 0; i < 5; i++) expect(await rejection(answer(wrong))).toMatchObject(MISMATCH);
      expect(await rejection(answer(code))).toMatchObject(CHALLENGE_EXPIRED);
      // Five failures: the next password sign-in is refused until the lockout passes.
      expect(await rejection(passwordAuth(on, email))).toMatchObject({
        name: "NotAuthorizedException",
        message: "Password attempts exceeded",
      });
      expect((await attributesOf(on.poolId, email)).mfa).toEqual([]);
      clock.advance(20 * 60_000);
    });

    it("an app client whose WriteAttributes leave out email cannot set an address up", async () => {
      const narrow = await admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: on.poolId,
          ClientName: "narrow",
          ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
          WriteAttributes: ["name"],
        }),
      );
      const client = { clientId: narrow.UserPoolClient!.ClientId! };
      const email = await mfaUser(admin, on.poolId);
      const { Session } = await passwordAuth(client, email);
      const address = uniqueEmail("narrow");
      expect(
        await rejection(
          up.anon.send(
            new RespondToAuthChallengeCommand({
              ClientId: client.clientId,
              ChallengeName: "MFA_SETUP",
              Session: Session!,
              ChallengeResponses: { USERNAME: email, EMAIL: address },
            }),
          ),
        ),
      ).toMatchObject({
        name: "NotAuthorizedException",
        message: "A client attempted to write unauthorized attribute",
      });
      expect(await rejection(latestMessage(up.url, address))).toBeInstanceOf(Error);
    });

    it("a pool without usable e-mail MFA neither lists EMAIL_OTP nor accepts EMAIL", async () => {
      const pool = await createMfaPool(admin, "ON");
      await admin.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: pool.poolId,
          MfaConfiguration: "ON",
          SoftwareTokenMfaConfiguration: { Enabled: true },
        }),
      );
      const email = await mfaUser(admin, pool.poolId);
      const started = await passwordAuth(pool, email);
      expect(JSON.parse(started.ChallengeParameters!.MFAS_CAN_SETUP!)).toEqual(["SOFTWARE_TOKEN_MFA"]);
      expect(
        await rejection(
          up.anon.send(
            new RespondToAuthChallengeCommand({
              ClientId: pool.clientId,
              ChallengeName: "MFA_SETUP",
              Session: started.Session!,
              ChallengeResponses: { USERNAME: email, EMAIL: email },
            }),
          ),
        ),
      ).toMatchObject({ name: "InvalidParameterException", message: "EMAIL_OTP is not enabled in the user pool." });
      // E-mail MFA on, but the pool's mail switched to Cognito's own sender since: not usable either.
      const emailPool = await createMfaPool(admin, "ON");
      await admin.send(
        new UpdateUserPoolCommand({
          UserPoolId: emailPool.poolId,
          MfaConfiguration: "ON",
          EmailConfiguration: { EmailSendingAccount: "COGNITO_DEFAULT" },
        }),
      );
      const user = await mfaUser(admin, emailPool.poolId);
      const s = await passwordAuth(emailPool, user);
      expect(JSON.parse(s.ChallengeParameters!.MFAS_CAN_SETUP!)).toEqual(["SOFTWARE_TOKEN_MFA"]);
    });
  });

  describe("AdminDeleteSoftwareToken", () => {
    it("removes the app: no code asked (OPTIONAL), old codes refused, a new app can be set up", async () => {
      const { email, secret } = await totpUser(optional);
      expect((await passwordAuth(optional, email)).ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
      await admin.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: optional.poolId, Username: email }));
      const got = await admin.send(new AdminGetUserCommand({ UserPoolId: optional.poolId, Username: email }));
      expect(got.UserMFASettingList ?? []).toEqual([]);
      expect(got.PreferredMfaSetting).toBeUndefined();
      const tokens = (await passwordAuth(optional, email)).AuthenticationResult!;
      expect(tokens.AccessToken).toBeDefined();
      // Turning TOTP on again needs a newly verified app; the old secret's codes do not verify a new one.
      expect(
        await rejection(
          up.anon.send(
            new SetUserMFAPreferenceCommand({
              AccessToken: tokens.AccessToken!,
              SoftwareTokenMfaSettings: { Enabled: true },
            }),
          ),
        ),
      ).toMatchObject({ name: "InvalidParameterException" });
      const { SecretCode } = await up.anon.send(
        new AssociateSoftwareTokenCommand({ AccessToken: tokens.AccessToken! }),
      );
      expect(SecretCode).not.toBe(secret);
      expect(
        await rejection(
          up.anon.send(
            new VerifySoftwareTokenCommand({ AccessToken: tokens.AccessToken!, UserCode: totpCode(secret, clock) }),
          ),
        ),
      ).toMatchObject({ name: "EnableSoftwareTokenMFAException" });
      expect(
        (
          await up.anon.send(
            new VerifySoftwareTokenCommand({
              AccessToken: tokens.AccessToken!,
              UserCode: totpCode(SecretCode!, clock),
            }),
          )
        ).Status,
      ).toBe("SUCCESS");
      nextStep();
    });

    it("an unknown user is UserNotFoundException", async () => {
      expect(
        await rejection(
          admin.send(
            new AdminDeleteSoftwareTokenCommand({ UserPoolId: optional.poolId, Username: "nobody@example.com" }),
          ),
        ),
      ).toMatchObject({ name: "UserNotFoundException" });
    });
  });
});

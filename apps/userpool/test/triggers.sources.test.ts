/**
 * The effect of the trigger sources no other suite drives through the runtime (the recording function,
 * support/triggers/recorder.mjs), on every engine: CustomMessage_ResendCode, _ForgotPassword,
 * _UpdateUserAttribute, _VerifyUserAttribute and _Authentication replace the message sent;
 * TokenGeneration_NewPasswordChallenge, _RefreshTokens and _AuthenticateDevice (a remembered device's
 * sign-in, here with a V3_0 function) shape the tokens they precede; a failing
 * PostConfirmation_ConfirmForgotPassword fails ConfirmForgotPassword. Each event is also compared with
 * its recorded Cognito fixture. The table of every source and its tests is in docs/userpool/triggers.md.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserMFAPreferenceCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { compareEventShape, type FixtureName, loadFixture } from "@authhub/triggers/fixtures";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { proveDevice, confirmNewDevice } from "./support/devices.js";
import { testEngines } from "./support/engines.js";
import { confirmedUser, passwordSignIn } from "./support/lifecycle.js";
import { createMfaPool, mfaUser } from "./support/mfa.js";
import {
  allTriggers,
  eventsOf,
  RECORDER,
  recorder,
  resetRecorder,
  TRIGGER_MODULES,
  triggerConfig,
} from "./support/triggerPools.js";
import {
  CLIENT_ID,
  GOOD_PASSWORD,
  latestCode,
  latestMessage,
  POOL_ID,
  startTestUserpoolOn,
  uniqueEmail,
  type EngineUserpool,
} from "./support/userpool.js";

/** A CustomMessage answer naming its source, keeping the code placeholder (else the pool's template is sent). */
function customText(event: any) {
  return {
    ...event,
    response: {
      ...event.response,
      emailSubject: `Subject of ${event.triggerSource}`,
      emailMessage: `${event.triggerSource}: ${event.request.codeParameter}`,
    },
  };
}

/** Checks the newest message to `to` is the function's, and returns its code. */
async function customisedCode(url: string, to: string, source: string): Promise<string> {
  const m = await latestMessage(url, to);
  expect(m.subject).toBe(`Subject of ${source}`);
  expect(m.text).toMatch(new RegExp(`^${source}: \\d{6}$`));
  return latestCode(url, to);
}

/** The one event `source` sent in this test, compared with its recording; returned for value checks. */
function expectShape(source: string, fixture: FixtureName) {
  const events = eventsOf(source);
  expect(events, source).toHaveLength(1);
  expect({ source, problems: compareEventShape(events[0], loadFixture(fixture)) }).toEqual({ source, problems: [] });
  return events[0];
}

describe.each(testEngines())("trigger source effects on $name", (engine) => {
  let up: EngineUserpool;
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, {
      config: triggerConfig(allTriggers(RECORDER, "V1_0")),
      triggerModuleDirs: [TRIGGER_MODULES],
    });
  });
  afterAll(() => up?.stop());
  beforeEach(() => resetRecorder());

  it("CustomMessage_ResendCode: the function's message is sent, and its code confirms", async () => {
    const email = uniqueEmail("resend-custom");
    await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
    recorder().behaviour.CustomMessage_ResendCode = customText;
    await up.anon.send(new ResendConfirmationCodeCommand({ ClientId: CLIENT_ID, Username: email }));
    const code = await customisedCode(up.url, email, "CustomMessage_ResendCode");
    await up.anon.send(new ConfirmSignUpCommand({ ClientId: CLIENT_ID, Username: email, ConfirmationCode: code }));
    expectShape("CustomMessage_ResendCode", "custom-message-sign-up");
  });

  it("CustomMessage_ForgotPassword: the function's message is sent, and its code resets the password", async () => {
    const { email } = await confirmedUser(up);
    recorder().behaviour.CustomMessage_ForgotPassword = customText;
    await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: email }));
    const code = await customisedCode(up.url, email, "CustomMessage_ForgotPassword");
    await up.anon.send(
      new ConfirmForgotPasswordCommand({
        ClientId: CLIENT_ID,
        Username: email,
        ConfirmationCode: code,
        Password: "Reset-Passw0rd!",
      }),
    );
    expect((await passwordSignIn(up, email, "Reset-Passw0rd!")).AccessToken).toBeTruthy();
    expectShape("CustomMessage_ForgotPassword", "custom-message-sign-up");
  });

  it(
    "CustomMessage_UpdateUserAttribute and _VerifyUserAttribute: the function's messages go to the new address, " +
      "and their codes verify it",
    async () => {
      const { email, password } = await confirmedUser(up);
      const { AccessToken } = await passwordSignIn(up, email, password);
      recorder().behaviour.CustomMessage_UpdateUserAttribute = customText;
      recorder().behaviour.CustomMessage_VerifyUserAttribute = customText;
      const moved = uniqueEmail("moved-custom");
      await up.anon.send(
        new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: "email", Value: moved }] }),
      );
      await customisedCode(up.url, moved, "CustomMessage_UpdateUserAttribute");
      await up.anon.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: "email" }));
      const code = await customisedCode(up.url, moved, "CustomMessage_VerifyUserAttribute");
      await up.anon.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: "email", Code: code }));
      expectShape("CustomMessage_UpdateUserAttribute", "custom-message-sign-up");
      expectShape("CustomMessage_VerifyUserAttribute", "custom-message-sign-up");
    },
  );

  it("CustomMessage_Authentication: the function's EMAIL_OTP message is sent, and its code signs in", async () => {
    const pool = await createMfaPool(up.admin, "OPTIONAL", { lambdaConfig: { CustomMessage: RECORDER } });
    const email = await mfaUser(up.admin, pool.poolId, "otp-custom");
    await up.admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: pool.poolId,
        Username: email,
        EmailMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    recorder().behaviour.CustomMessage_Authentication = customText;
    const started = await up.anon.send(
      new InitiateAuthCommand({
        ClientId: pool.clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
      }),
    );
    expect(started.ChallengeName).toBe("EMAIL_OTP");
    const code = await customisedCode(up.url, email, "CustomMessage_Authentication");
    const done = await up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: pool.clientId,
        ChallengeName: "EMAIL_OTP",
        Session: started.Session,
        ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: code },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(expectShape("CustomMessage_Authentication", "custom-message-sign-up")).toMatchObject({
      userPoolId: pool.poolId,
      callerContext: { clientId: pool.clientId },
    });
  });

  it("TokenGeneration_NewPasswordChallenge: the function's claims are in that sign-in's ID token only", async () => {
    const invited = uniqueEmail("new-password-claims");
    await up.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL_ID,
        Username: invited,
        TemporaryPassword: "Temp-Passw0rd!x",
        MessageAction: "SUPPRESS",
      }),
    );
    recorder().behaviour.TokenGeneration_NewPasswordChallenge = (e: any) => ({
      ...e,
      response: { claimsOverrideDetails: { claimsToAddOrOverride: { onboarding: "password-chosen" } } },
    });
    const challenge = await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: invited, PASSWORD: "Temp-Passw0rd!x" },
      }),
    );
    expect(challenge.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    const done = await up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: CLIENT_ID,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: invited, NEW_PASSWORD: GOOD_PASSWORD },
      }),
    );
    expect(decodeJwt(done.AuthenticationResult!.IdToken!).onboarding).toBe("password-chosen");
    expectShape("TokenGeneration_NewPasswordChallenge", "pre-token-generation-v1-authentication");
    // A later sign-in is TokenGeneration_Authentication, which this function leaves alone.
    expect(decodeJwt((await passwordSignIn(up, invited, GOOD_PASSWORD)).IdToken!).onboarding).toBeUndefined();
  });

  it("TokenGeneration_RefreshTokens: the function's claims are in the refreshed ID token only", async () => {
    const { email, password } = await confirmedUser(up);
    recorder().behaviour.TokenGeneration_RefreshTokens = (e: any) => ({
      ...e,
      response: { claimsOverrideDetails: { claimsToAddOrOverride: { refreshed: "yes" } } },
    });
    const first = await passwordSignIn(up, email, password);
    expect(decodeJwt(first.IdToken!).refreshed).toBeUndefined();
    const refreshed = await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { REFRESH_TOKEN: first.RefreshToken! },
      }),
    );
    expect(decodeJwt(refreshed.AuthenticationResult!.IdToken!).refreshed).toBe("yes");
    expectShape("TokenGeneration_RefreshTokens", "pre-token-generation-v1-refresh-tokens");
  });

  it("PostConfirmation_ConfirmForgotPassword runs after the reset; a failure fails ConfirmForgotPassword", async () => {
    const { email } = await confirmedUser(up);
    await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: email }));
    recorder().behaviour.PostConfirmation_ConfirmForgotPassword = () => {
      throw new Error("reset not allowed today");
    };
    await expect(
      up.anon.send(
        new ConfirmForgotPasswordCommand({
          ClientId: CLIENT_ID,
          Username: email,
          ConfirmationCode: await latestCode(up.url, email),
          Password: "Reset-Passw0rd!",
        }),
      ),
    ).rejects.toMatchObject({
      name: "UserLambdaValidationException",
      message: "PostConfirmation failed with error reset not allowed today.",
    });
    const event = expectShape("PostConfirmation_ConfirmForgotPassword", "post-confirmation-confirm-sign-up");
    expect(event.request.userAttributes.email).toBe(email);
  });

  it(
    "a remembered device's sign-in: TokenGeneration_AuthenticateDevice (V3_0, version 3), " +
      "whose claims reach both tokens; PostAuthentication says whether the device is new",
    async () => {
      const pool = await createMfaPool(up.admin, "OPTIONAL", {
        rememberDevices: true,
        lambdaConfig: {
          PostAuthentication: RECORDER,
          PreTokenGenerationConfig: { LambdaArn: RECORDER, LambdaVersion: "V3_0" },
        },
      });
      const email = await mfaUser(up.admin, pool.poolId, "device-claims");
      recorder().behaviour.TokenGeneration_AuthenticateDevice = (e: any) => ({
        ...e,
        response: {
          claimsAndScopeOverrideDetails: {
            idTokenGeneration: { claimsToAddOrOverride: { signed_in_by: "device" } },
            accessTokenGeneration: { claimsToAddOrOverride: { signed_in_by: "device" } },
          },
        },
      });
      const first = await up.anon.send(
        new InitiateAuthCommand({
          ClientId: pool.clientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
        }),
      );
      expect(decodeJwt(first.AuthenticationResult!.IdToken!).signed_in_by).toBeUndefined();
      const device = await confirmNewDevice(up.anon, first.AuthenticationResult!);

      const started = await up.anon.send(
        new InitiateAuthCommand({
          ClientId: pool.clientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD, DEVICE_KEY: device.deviceKey },
        }),
      );
      expect(started.ChallengeName).toBe("DEVICE_SRP_AUTH");
      const done = await proveDevice(up.anon, {
        clientId: pool.clientId,
        username: email,
        device,
        session: started.Session,
      });
      const tokens = done.AuthenticationResult!;
      expect(decodeJwt(tokens.IdToken!).signed_in_by).toBe("device");
      expect(decodeJwt(tokens.AccessToken!)).toMatchObject({ signed_in_by: "device", device_key: device.deviceKey });

      // The password sign-in was TokenGeneration_Authentication; only the device's proof is AuthenticateDevice.
      expect(eventsOf("TokenGeneration_Authentication").map((e) => e.version)).toEqual(["3"]);
      const event = expectShape("TokenGeneration_AuthenticateDevice", "pre-token-generation-v2-authentication");
      expect(event).toMatchObject({
        version: "3",
        userPoolId: pool.poolId,
        callerContext: { clientId: pool.clientId },
      });
      expect(event.request.scopes).toContain("aws.cognito.signin.user.admin");
      const post = eventsOf("PostAuthentication_Authentication");
      for (const e of post) expect(compareEventShape(e, loadFixture("post-authentication-authentication"))).toEqual([]);
      expect(post.map((e) => e.request.newDeviceUsed)).toEqual([true, false]);
    },
  );
});

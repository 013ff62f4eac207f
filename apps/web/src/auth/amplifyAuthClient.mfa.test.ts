// The MFA and device methods against the real aws-amplify library: only fetch (the user pool) is fake.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ID, cognitoFailure, fakeUserPool, seedTokens, tokensFor } from "../test/fakeCognito";
import { testConfig } from "../test/fakes";
import { amplifyAuthClient, toRememberedDevices } from "./amplifyAuthClient";
import { configureAmplify } from "./configureAmplify";

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const DEVICE_PREFIX = `CognitoIdentityServiceProvider.${CLIENT_ID}.sub-alice`;

beforeAll(() => {
  configureAmplify(testConfig);
});

afterEach(() => {
  localStorage.clear();
});

/** A successful challenge answer, as Cognito ends a sign-in. */
function authenticated(extra: Record<string, unknown> = {}) {
  const tokens = tokensFor();
  return {
    json: {
      AuthenticationResult: {
        AccessToken: tokens.accessToken,
        IdToken: tokens.idToken,
        RefreshToken: tokens.refreshToken,
        ExpiresIn: 3600,
        TokenType: "Bearer",
        ...extra,
      },
    },
  };
}

/**
 * InitiateAuth (USER_SRP_AUTH) → PASSWORD_VERIFIER. The fake does not check the SRP proof (this file tests
 * what the app sends after it, not SRP); any B that is not 0 mod N lets Amplify compute one.
 */
const srpStart = {
  InitiateAuth: () => ({
    json: {
      ChallengeName: "PASSWORD_VERIFIER",
      ChallengeParameters: {
        SALT: "a1b2c3d4",
        SECRET_BLOCK: "c2VjcmV0LWJsb2Nr",
        SRP_B: "1f".repeat(96),
        USERNAME: "sub-alice",
        USER_ID_FOR_SRP: "sub-alice",
      },
    },
  }),
};

/** Answers RespondToAuthChallenge by ChallengeName: PASSWORD_VERIFIER first, then the MFA steps. */
function challenges(byName: Record<string, (body: Record<string, unknown>) => { status?: number; json: unknown }>) {
  return {
    RespondToAuthChallenge: (body: Record<string, unknown>) => {
      const handler = byName[String(body.ChallengeName)];
      if (!handler) throw new Error(`unexpected challenge answer ${String(body.ChallengeName)}`);
      return handler(body);
    },
  };
}

const signIn = () => amplifyAuthClient.signIn({ email: "alice@example.com", password: "Passw0rd!" });

describe("MFA challenges through confirmSignIn", () => {
  it("SOFTWARE_TOKEN_MFA: the code goes out as SOFTWARE_TOKEN_MFA_CODE with the session", async () => {
    const pool = fakeUserPool({
      ...srpStart,
      ...challenges({
        PASSWORD_VERIFIER: () => ({
          json: { ChallengeName: "SOFTWARE_TOKEN_MFA", Session: "session-1", ChallengeParameters: {} },
        }),
        SOFTWARE_TOKEN_MFA: () => authenticated(),
      }),
    });
    expect((await signIn()).nextStep).toEqual({ signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" });
    const done = await amplifyAuthClient.confirmSignInCode({ code: "123456" });
    expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    expect(pool.calls.at(-1)?.body).toMatchObject({
      ChallengeName: "SOFTWARE_TOKEN_MFA",
      ClientId: CLIENT_ID,
      Session: "session-1",
      ChallengeResponses: { USERNAME: "sub-alice", SOFTWARE_TOKEN_MFA_CODE: "123456" },
    });
  });

  it("EMAIL_OTP: the delivery details reach the page and a wrong code keeps its Cognito name", async () => {
    fakeUserPool({
      ...srpStart,
      ...challenges({
        PASSWORD_VERIFIER: () => ({
          json: {
            ChallengeName: "EMAIL_OTP",
            Session: "session-2",
            ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "EMAIL", CODE_DELIVERY_DESTINATION: "a***@e***" },
          },
        }),
        EMAIL_OTP: (body) => {
          expect(body.ChallengeResponses).toMatchObject({ EMAIL_OTP_CODE: "000000" });
          return cognitoFailure("CodeMismatchException", "Invalid code or auth state for the user.");
        },
      }),
    });
    expect((await signIn()).nextStep).toEqual({
      signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
      codeDeliveryDetails: { deliveryMedium: "EMAIL", destination: "a***@e***" },
    });
    const error = await amplifyAuthClient.confirmSignInCode({ code: "000000" }).catch((e: unknown) => e);
    expect((error as Error).name).toBe("CodeMismatchException");
  });

  it("SELECT_MFA_TYPE: the choice goes out as ANSWER with Cognito's challenge name", async () => {
    const pool = fakeUserPool({
      ...srpStart,
      ...challenges({
        PASSWORD_VERIFIER: () => ({
          json: {
            ChallengeName: "SELECT_MFA_TYPE",
            Session: "session-3",
            ChallengeParameters: { MFAS_CAN_CHOOSE: '["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]' },
          },
        }),
        SELECT_MFA_TYPE: () => ({
          json: { ChallengeName: "SOFTWARE_TOKEN_MFA", Session: "session-4", ChallengeParameters: {} },
        }),
      }),
    });
    expect((await signIn()).nextStep).toEqual({
      signInStep: "CONTINUE_SIGN_IN_WITH_MFA_SELECTION",
      allowedMFATypes: ["TOTP", "EMAIL"],
    });
    const next = await amplifyAuthClient.selectMfaType({ type: "TOTP" });
    expect(next.nextStep.signInStep).toBe("CONFIRM_SIGN_IN_WITH_TOTP_CODE");
    expect(pool.calls.at(-1)?.body).toMatchObject({
      ChallengeName: "SELECT_MFA_TYPE",
      Session: "session-3",
      ChallengeResponses: { USERNAME: "sub-alice", ANSWER: "SOFTWARE_TOKEN_MFA" },
    });
  });

  it("MFA_SETUP (app): AssociateSoftwareToken, VerifySoftwareToken, MFA_SETUP, each with its session", async () => {
    const pool = fakeUserPool({
      ...srpStart,
      ...challenges({
        PASSWORD_VERIFIER: () => ({
          json: {
            ChallengeName: "MFA_SETUP",
            Session: "session-5",
            ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' },
          },
        }),
        MFA_SETUP: () => authenticated(),
      }),
      AssociateSoftwareToken: () => ({ json: { SecretCode: SECRET, Session: "session-6" } }),
      VerifySoftwareToken: () => ({ json: { Status: "SUCCESS", Session: "session-7" } }),
    });
    const first = await signIn();
    if (first.nextStep.signInStep !== "CONTINUE_SIGN_IN_WITH_TOTP_SETUP") throw new Error("expected TOTP setup");
    expect(first.nextStep.totpSetupDetails.sharedSecret).toBe(SECRET);
    expect(first.nextStep.totpSetupDetails.getSetupUri("Authhub", "alice@example.com").href).toBe(
      `otpauth://totp/Authhub:alice@example.com?secret=${SECRET}&issuer=Authhub`,
    );
    const done = await amplifyAuthClient.confirmSignInCode({ code: "246802", friendlyDeviceName: "Phone" });
    expect(done.nextStep.signInStep).toBe("DONE");
    const targets = pool.calls.map((c) => c.target);
    expect(targets.slice(-3)).toEqual(["AssociateSoftwareToken", "VerifySoftwareToken", "RespondToAuthChallenge"]);
    expect(pool.calls.find((c) => c.target === "AssociateSoftwareToken")?.body).toEqual({ Session: "session-5" });
    expect(pool.calls.find((c) => c.target === "VerifySoftwareToken")?.body).toEqual({
      UserCode: "246802",
      Session: "session-6",
      FriendlyDeviceName: "Phone",
    });
    expect(pool.calls.at(-1)?.body).toMatchObject({ ChallengeName: "MFA_SETUP", Session: "session-7" });
  });

  it("MFA_SETUP (e-mail): the address goes out as EMAIL", async () => {
    const pool = fakeUserPool({
      ...srpStart,
      ...challenges({
        PASSWORD_VERIFIER: () => ({
          json: {
            ChallengeName: "MFA_SETUP",
            Session: "session-8",
            ChallengeParameters: { MFAS_CAN_SETUP: '["EMAIL_OTP"]' },
          },
        }),
        MFA_SETUP: () => ({
          json: {
            ChallengeName: "EMAIL_OTP",
            Session: "session-9",
            ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "EMAIL", CODE_DELIVERY_DESTINATION: "a***@e***" },
          },
        }),
      }),
    });
    expect((await signIn()).nextStep).toEqual({ signInStep: "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP" });
    const next = await amplifyAuthClient.setUpEmailMfa({ email: "alice@example.com" });
    expect(next.nextStep.signInStep).toBe("CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    expect(pool.calls.at(-1)?.body).toMatchObject({
      ChallengeName: "MFA_SETUP",
      Session: "session-8",
      ChallengeResponses: { USERNAME: "sub-alice", EMAIL: "alice@example.com" },
    });
  });

  it("a new device is confirmed at sign-in; rememberDevice and fetchDevices then use its key", async () => {
    const pool = fakeUserPool({
      ...srpStart,
      ...challenges({
        PASSWORD_VERIFIER: () => ({
          json: { ChallengeName: "SOFTWARE_TOKEN_MFA", Session: "session-10", ChallengeParameters: {} },
        }),
        SOFTWARE_TOKEN_MFA: () =>
          authenticated({ NewDeviceMetadata: { DeviceKey: "us-east-1_dev-1", DeviceGroupKey: "group-1" } }),
      }),
      ConfirmDevice: () => ({ json: { UserConfirmationNecessary: true } }),
      UpdateDeviceStatus: () => ({ json: {} }),
      ListDevices: () => ({
        json: {
          Devices: [
            {
              DeviceKey: "us-east-1_dev-1",
              DeviceAttributes: [
                { Name: "device_status", Value: "remembered" },
                { Name: "device_name", Value: "Chrome on Linux" },
                { Name: "last_ip_used", Value: "203.0.113.7" },
              ],
              DeviceCreateDate: 1767261600,
              DeviceLastAuthenticatedDate: 1767348000,
            },
            { DeviceKey: "us-east-1_dev-2", DeviceAttributes: [{ Name: "device_status", Value: "not_remembered" }] },
          ],
        },
      }),
    });
    await signIn();
    await amplifyAuthClient.confirmSignInCode({ code: "123456" });
    const confirm = pool.calls.find((c) => c.target === "ConfirmDevice");
    expect(confirm?.body).toMatchObject({ DeviceKey: "us-east-1_dev-1" });
    expect(localStorage.getItem(`${DEVICE_PREFIX}.deviceKey`)).toBe("us-east-1_dev-1");

    await amplifyAuthClient.rememberDevice();
    expect(pool.calls.at(-1)).toMatchObject({
      target: "UpdateDeviceStatus",
      body: { DeviceKey: "us-east-1_dev-1", DeviceRememberedStatus: "remembered" },
    });

    const devices = await amplifyAuthClient.fetchDevices();
    expect(pool.calls.at(-1)?.body).toMatchObject({ Limit: 60 });
    expect(devices).toEqual([
      {
        id: "us-east-1_dev-1",
        name: "Chrome on Linux",
        status: "remembered",
        lastIp: "203.0.113.7",
        createDate: new Date(1767261600 * 1000),
        lastAuthenticatedDate: new Date(1767348000 * 1000),
        current: true,
      },
      {
        id: "us-east-1_dev-2",
        name: undefined,
        status: "not_remembered",
        lastIp: undefined,
        createDate: undefined,
        lastAuthenticatedDate: undefined,
        current: false,
      },
    ]);
  });
});

describe("settings calls with the access token", () => {
  it("setUpTotp: AssociateSoftwareToken with the access token; the URI carries the secret", async () => {
    const tokens = tokensFor();
    seedTokens(localStorage, tokens);
    const pool = fakeUserPool({ AssociateSoftwareToken: () => ({ json: { SecretCode: SECRET } }) });
    const setup = await amplifyAuthClient.setUpTotp();
    expect(pool.calls[0]?.body).toEqual({ AccessToken: tokens.accessToken });
    expect(setup.sharedSecret).toBe(SECRET);
    expect(setup.getSetupUri("Authhub", "alice@example.com").href).toBe(
      `otpauth://totp/Authhub:alice@example.com?secret=${SECRET}&issuer=Authhub`,
    );
  });

  it("verifyTotpSetup: VerifySoftwareToken with code and friendly name; a wrong code keeps its name", async () => {
    const tokens = tokensFor();
    seedTokens(localStorage, tokens);
    const pool = fakeUserPool({
      VerifySoftwareToken: (body) =>
        body.UserCode === "123456"
          ? { json: { Status: "SUCCESS" } }
          : cognitoFailure("EnableSoftwareTokenMFAException", "Code mismatch"),
    });
    await amplifyAuthClient.verifyTotpSetup({ code: "123456", friendlyDeviceName: "Phone" });
    expect(pool.calls[0]?.body).toEqual({
      AccessToken: tokens.accessToken,
      UserCode: "123456",
      FriendlyDeviceName: "Phone",
    });
    const error = await amplifyAuthClient.verifyTotpSetup({ code: "000000" }).catch((e: unknown) => e);
    expect((error as Error).name).toBe("EnableSoftwareTokenMFAException");
  });

  it("fetchMfaPreference reads GetUser's UserMFASettingList and PreferredMfaSetting", async () => {
    seedTokens(localStorage, tokensFor());
    fakeUserPool({
      GetUser: () => ({
        json: {
          Username: "sub-alice",
          UserAttributes: [],
          UserMFASettingList: ["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"],
          PreferredMfaSetting: "EMAIL_OTP",
        },
      }),
    });
    expect(await amplifyAuthClient.fetchMfaPreference()).toEqual({ enabled: ["TOTP", "EMAIL"], preferred: "EMAIL" });
  });

  it("updateMfaPreference sends SetUserMFAPreference with only the factors given", async () => {
    const tokens = tokensFor();
    seedTokens(localStorage, tokens);
    const pool = fakeUserPool({ SetUserMFAPreference: () => ({ json: {} }) });
    await amplifyAuthClient.updateMfaPreference({ totp: "PREFERRED" });
    await amplifyAuthClient.updateMfaPreference({ totp: "DISABLED", email: "DISABLED" });
    expect(pool.calls[0]?.body).toEqual({
      AccessToken: tokens.accessToken,
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
    });
    expect(pool.calls[1]?.body).toEqual({
      AccessToken: tokens.accessToken,
      SoftwareTokenMfaSettings: { Enabled: false },
      EmailMfaSettings: { Enabled: false },
    });
  });

  it("phone number: UpdateUserAttributes, GetUserAttributeVerificationCode, VerifyUserAttribute", async () => {
    const tokens = tokensFor();
    seedTokens(localStorage, tokens);
    const sms = { AttributeName: "phone_number", DeliveryMedium: "SMS", Destination: "+*******0123" };
    const pool = fakeUserPool({
      UpdateUserAttributes: () => ({ json: { CodeDeliveryDetailsList: [sms] } }),
      GetUserAttributeVerificationCode: () => ({ json: { CodeDeliveryDetails: sms } }),
      VerifyUserAttribute: (body) =>
        body.Code === "123456" ? { json: {} } : cognitoFailure("CodeMismatchException", "Invalid code provided"),
      GetUser: () => ({
        json: {
          Username: "sub-alice",
          UserAttributes: [
            { Name: "phone_number", Value: "+15555550123" },
            { Name: "phone_number_verified", Value: "true" },
          ],
        },
      }),
    });
    const delivery = { destination: "+*******0123", deliveryMedium: "SMS" };
    expect(await amplifyAuthClient.updatePhoneNumber({ phoneNumber: "+15555550123" })).toEqual(delivery);
    expect(await amplifyAuthClient.sendPhoneVerificationCode()).toEqual(delivery);
    await amplifyAuthClient.confirmPhoneNumber({ code: "123456" });
    const error = await amplifyAuthClient.confirmPhoneNumber({ code: "000000" }).catch((e: unknown) => e);
    expect((error as Error).name).toBe("CodeMismatchException");
    expect(await amplifyAuthClient.fetchPhoneNumber()).toEqual({ value: "+15555550123", verified: true });
    expect(pool.calls.map((c) => c.target)).toEqual([
      "UpdateUserAttributes",
      "GetUserAttributeVerificationCode",
      "VerifyUserAttribute",
      "VerifyUserAttribute",
      "GetUser",
    ]);
    expect(pool.calls[0]?.body).toMatchObject({
      AccessToken: tokens.accessToken,
      UserAttributes: [{ Name: "phone_number", Value: "+15555550123" }],
    });
    expect(pool.calls[1]?.body).toMatchObject({ AccessToken: tokens.accessToken, AttributeName: "phone_number" });
    expect(pool.calls[2]?.body).toEqual({
      AccessToken: tokens.accessToken,
      AttributeName: "phone_number",
      Code: "123456",
    });
  });

  it("updatePhoneNumber: a pool that does not auto-verify phone numbers sends no code (null)", async () => {
    seedTokens(localStorage, tokensFor());
    fakeUserPool({ UpdateUserAttributes: () => ({ json: {} }) });
    expect(await amplifyAuthClient.updatePhoneNumber({ phoneNumber: "+15555550123" })).toBeNull();
  });

  it("forgetDevice sends ForgetDevice; forgetting this browser's device drops its local keys", async () => {
    const tokens = tokensFor();
    seedTokens(localStorage, tokens);
    localStorage.setItem(`${DEVICE_PREFIX}.deviceKey`, "us-east-1_dev-1");
    localStorage.setItem(`${DEVICE_PREFIX}.deviceGroupKey`, "group-1");
    localStorage.setItem(`${DEVICE_PREFIX}.randomPasswordKey`, "random");
    const pool = fakeUserPool({ ForgetDevice: () => ({ json: {} }) });
    await amplifyAuthClient.forgetDevice({ id: "us-east-1_dev-2" });
    expect(localStorage.getItem(`${DEVICE_PREFIX}.deviceKey`)).toBe("us-east-1_dev-1");
    await amplifyAuthClient.forgetDevice({ id: "us-east-1_dev-1" });
    expect(pool.calls.map((c) => c.body)).toEqual([
      { AccessToken: tokens.accessToken, DeviceKey: "us-east-1_dev-2" },
      { AccessToken: tokens.accessToken, DeviceKey: "us-east-1_dev-1" },
    ]);
    expect(localStorage.getItem(`${DEVICE_PREFIX}.deviceKey`)).toBeNull();
  });

  it("rememberDevice without device keys (a pool that does not track devices) fails with Amplify's name", async () => {
    seedTokens(localStorage, tokensFor());
    const pool = fakeUserPool({});
    const error = await amplifyAuthClient.rememberDevice().catch((e: unknown) => e);
    expect((error as Error).name).toBe("DeviceMetadataNotFoundException");
    expect(pool.calls).toEqual([]);
  });
});

describe("toRememberedDevices", () => {
  it("marks no device as current when this browser has none", () => {
    const devices = toRememberedDevices([{ id: "k", attributes: {} }], undefined);
    expect(devices[0]?.current).toBe(false);
  });
});

/**
 * Remembered devices in CUSTOM_AUTH through the AWS SDK v3 (ADR 0021): a device confirmed after an SRP
 * sign-in, named by DEVICE_KEY in a custom sign-in, proves itself with DEVICE_SRP_AUTH once Define issues
 * tokens, and its session refreshes only with its key; a sign-in without a key gets NewDeviceMetadata; an
 * unknown or forgotten key is ResourceNotFoundException before anything is used up (the same answer goes
 * through without it). Runs on SQLite and, with USERPOOL_DATABASE_URL, on PostgreSQL.
 */
import {
  AdminCreateUserCommand,
  AdminForgetDeviceCommand,
  AdminListDevicesCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { customAuthConfig, DEVICE_CLIENT_ID, DEVICE_POOL_ID, oneQuestion } from "./support/customAuth.js";
import { confirmNewDevice, type ConfirmedDevice, proveDevice } from "./support/devices.js";
import { testEngines } from "./support/engines.js";
import { confirmedUser } from "./support/lifecycle.js";
import { srpSignIn } from "./support/signIn.js";
import { createClientEphemeral, passwordVerifierResponses, srpAuthParameters } from "./support/srpClient.js";
import { eventsOf, RECORDER, resetRecorder } from "./support/triggerPools.js";
import {
  CLIENT_SECRET,
  GOOD_PASSWORD,
  startTestUserpoolOn,
  uniqueEmail,
  type EngineUserpool,
} from "./support/userpool.js";

const NOT_FOUND = { name: "ResourceNotFoundException", message: "Device does not exist." };

describe.each(testEngines())("remembered devices in CUSTOM_AUTH through the AWS SDK on $name", (engine) => {
  let up: EngineUserpool;

  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, {
      config: customAuthConfig(RECORDER, "arn:aws:lambda:us-east-1:123456789012:function:unused"),
      env: { TEST_CLIENT_SECRET: CLIENT_SECRET },
    });
  });
  afterAll(() => up?.stop());
  beforeEach(() => {
    resetRecorder();
    oneQuestion();
  });

  const start = (username: string, extra: Record<string, string> = {}) =>
    up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "CUSTOM_AUTH",
        ClientId: DEVICE_CLIENT_ID,
        AuthParameters: { USERNAME: username, ...extra },
      }),
    );
  const answer = (session: string | undefined, username: string, value: string, deviceKey?: string) =>
    up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: DEVICE_CLIENT_ID,
        ChallengeName: "CUSTOM_CHALLENGE",
        Session: session,
        ChallengeResponses: { USERNAME: username, ANSWER: value, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
      }),
    );
  const refresh = (refreshToken: string, deviceKey?: string) =>
    up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: DEVICE_CLIENT_ID,
        AuthParameters: { REFRESH_TOKEN: refreshToken, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
      }),
    );
  const devicesOf = async (username: string) =>
    (await up.admin.send(new AdminListDevicesCommand({ UserPoolId: DEVICE_POOL_ID, Username: username }))).Devices?.map(
      (d) => d.DeviceKey,
    );

  /** A user whose device was confirmed after a USER_SRP_AUTH sign-in (identity-js's verifier). */
  async function userWithDevice(): Promise<{ email: string; sub: string; device: ConfirmedDevice }> {
    const { email, sub } = await confirmedUser(up, { clientId: DEVICE_CLIENT_ID, email: uniqueEmail("cdev") });
    const signedIn = await srpSignIn(up.anon, {
      poolId: DEVICE_POOL_ID,
      clientId: DEVICE_CLIENT_ID,
      username: email,
      password: GOOD_PASSWORD,
    });
    const device = await confirmNewDevice(up.anon, signedIn.AuthenticationResult!);
    return { email, sub, device };
  }

  it("a custom sign-in naming a confirmed device answers DEVICE_SRP_AUTH; the tokens are bound to it", async () => {
    const { email, sub, device } = await userWithDevice();
    const first = await start(email, { DEVICE_KEY: device.deviceKey });
    expect(first.ChallengeName).toBe("CUSTOM_CHALLENGE");
    const challenged = await answer(first.Session, sub, "42", device.deviceKey);
    // Define issued tokens; the device proves itself before any are handed out.
    expect(challenged.ChallengeName).toBe("DEVICE_SRP_AUTH");
    expect(challenged.AuthenticationResult).toBeUndefined();
    expect(eventsOf("PostAuthentication_Authentication")).toHaveLength(1); // the SRP sign-in's only
    const done = await proveDevice(up.anon, {
      clientId: DEVICE_CLIENT_ID,
      username: sub,
      session: challenged.Session,
      device,
    });
    const result = done.AuthenticationResult!;
    expect(result.NewDeviceMetadata).toBeUndefined();
    expect(decodeJwt(result.AccessToken!).device_key).toBe(device.deviceKey);
    expect(eventsOf("PostAuthentication_Authentication").at(-1).request.newDeviceUsed).toBe(false);
    expect(await devicesOf(email)).toEqual([device.deviceKey]);
    // The session refreshes with its device's key, and only with it.
    const refreshed = await refresh(result.RefreshToken!, device.deviceKey);
    expect(decodeJwt(refreshed.AuthenticationResult!.AccessToken!).device_key).toBe(device.deviceKey);
    await expect(refresh(result.RefreshToken!)).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Invalid Refresh Token",
    });
  });

  it("without DEVICE_KEY a custom sign-in gets NewDeviceMetadata, as any sign-in without a device", async () => {
    const { email, sub } = await confirmedUser(up, { clientId: DEVICE_CLIENT_ID, email: uniqueEmail("cdev-new") });
    const first = await start(email);
    const done = await answer(first.Session, sub, "42");
    const meta = done.AuthenticationResult!.NewDeviceMetadata!;
    expect(meta.DeviceKey).toMatch(/^us-east-1_/);
    expect(decodeJwt(done.AuthenticationResult!.AccessToken!).device_key).toBe(meta.DeviceKey);
  });

  it("an unknown DEVICE_KEY is ResourceNotFound before Verify runs; the same answer without it signs in", async () => {
    const { email, sub, device } = await userWithDevice();
    const unknown = `us-east-1_${crypto.randomUUID()}`;
    await expect(start(email, { DEVICE_KEY: unknown })).rejects.toMatchObject(NOT_FOUND);
    const first = await start(email);
    await expect(answer(first.Session, sub, "42", unknown)).rejects.toMatchObject(NOT_FOUND);
    expect(eventsOf("VerifyAuthChallengeResponse_Authentication")).toHaveLength(0);
    // Nothing was used up: the session takes the answer again, without the key (as Amplify retries).
    const done = await answer(first.Session, sub, "42");
    expect(done.AuthenticationResult?.NewDeviceMetadata?.DeviceKey).toMatch(/^us-east-1_/);
    // A forgotten device is unknown too.
    await up.admin.send(
      new AdminForgetDeviceCommand({ UserPoolId: DEVICE_POOL_ID, Username: email, DeviceKey: device.deviceKey }),
    );
    await expect(start(email, { DEVICE_KEY: device.deviceKey })).rejects.toMatchObject(NOT_FOUND);
    // Another user's device is not this user's.
    const other = await userWithDevice();
    const again = await start(email);
    await expect(answer(again.Session, sub, "42", other.device.deviceKey)).rejects.toMatchObject(NOT_FOUND);
  });

  it("SRP first: DEVICE_KEY with PASSWORD_VERIFIER is checked before anything is used up, then binds", async () => {
    const { email, sub, device } = await userWithDevice();
    const eph = createClientEphemeral({ aBytes: 32 });
    const srp = await start(email, { ...srpAuthParameters(email, eph), CHALLENGE_NAME: "SRP_A" });
    expect(srp.ChallengeName).toBe("PASSWORD_VERIFIER");
    const responses = passwordVerifierResponses({
      poolName: DEVICE_POOL_ID.split("_")[1]!,
      password: GOOD_PASSWORD,
      ephemeral: eph,
      challengeParameters: srp.ChallengeParameters!,
    });
    const verify = (deviceKey?: string) =>
      up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: DEVICE_CLIENT_ID,
          ChallengeName: "PASSWORD_VERIFIER",
          Session: srp.Session,
          ChallengeResponses: { ...responses, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
        }),
      );
    await expect(verify(`us-east-1_${crypto.randomUUID()}`)).rejects.toMatchObject(NOT_FOUND);
    // Neither the Session nor the SRP challenge was used up.
    const custom = await verify(device.deviceKey);
    expect(custom.ChallengeName).toBe("CUSTOM_CHALLENGE");
    const challenged = await answer(custom.Session, sub, "42", device.deviceKey);
    expect(challenged.ChallengeName).toBe("DEVICE_SRP_AUTH");
    const done = await proveDevice(up.anon, {
      clientId: DEVICE_CLIENT_ID,
      username: sub,
      session: challenged.Session,
      device,
    });
    expect(decodeJwt(done.AuthenticationResult!.AccessToken!).device_key).toBe(device.deviceKey);
  });

  it("a user who must still change the password signs in on the device the custom flow gave it", async () => {
    const email = uniqueEmail("cdev-invited");
    const created = await up.admin.send(
      new AdminCreateUserCommand({ UserPoolId: DEVICE_POOL_ID, Username: email, MessageAction: "SUPPRESS" }),
    );
    expect(created.User?.UserStatus).toBe("FORCE_CHANGE_PASSWORD");
    const sub = created.User!.Username!;
    const first = await start(email);
    const signedIn = await answer(first.Session, sub, "42");
    const device = await confirmNewDevice(up.anon, signedIn.AuthenticationResult!);
    const again = await start(email, { DEVICE_KEY: device.deviceKey });
    const challenged = await answer(again.Session, sub, "42", device.deviceKey);
    expect(challenged.ChallengeName).toBe("DEVICE_SRP_AUTH");
    const done = await proveDevice(up.anon, {
      clientId: DEVICE_CLIENT_ID,
      username: sub,
      session: challenged.Session,
      device,
    });
    expect(decodeJwt(done.AuthenticationResult!.AccessToken!).device_key).toBe(device.deviceKey);
  });
});

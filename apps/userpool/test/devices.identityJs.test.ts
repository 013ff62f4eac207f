/**
 * Remembered devices with amazon-cognito-identity-js, unmodified, on every engine: a sign-in in a pool
 * that remembers devices confirms the new device (ConfirmDevice), setDeviceStatusRemembered,
 * listDevices, getDevice; a second authenticateUser on the stored device goes through DEVICE_SRP_AUTH
 * and DEVICE_PASSWORD_VERIFIER (seen on the wire); refreshSession sends DEVICE_KEY; forgetDevice ends
 * the device's sessions; a forgotten device gets a new one on the next sign-in.
 */
import {
  AuthenticationDetails,
  CognitoRefreshToken,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from "amazon-cognito-identity-js";
import {
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStorage } from "./support/identityJs.js";
import { mfaUser } from "./support/mfa.js";
import { createDevicePool } from "./support/devices.js";
import { testEngines } from "./support/engines.js";
import { GOOD_PASSWORD, startTestUserpoolOn, type EngineUserpool } from "./support/userpool.js";

/** What the server answered, per call: the operation and the ChallengeName or NewDeviceMetadata it returned. */
interface Exchange {
  op: string;
  challenge?: string;
  newDevice?: boolean;
  error?: string;
}

describe.each(testEngines())("remembered devices with amazon-cognito-identity-js on $name", (engine) => {
  let up: EngineUserpool;
  let poolId: string;
  let clientId: string;
  let pool: CognitoUserPool;
  const storage = new MemoryStorage();
  const wire: Exchange[] = [];
  const realFetch = globalThis.fetch;

  beforeAll(async () => {
    up = await startTestUserpoolOn(engine);
    ({ poolId, clientId } = await createDevicePool(up.admin, { name: "devices" }));
    pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: up.url, Storage: storage });
    // Observe (not alter) what identity-js and the server exchange.
    globalThis.fetch = async (input, init) => {
      const res = await realFetch(input, init);
      const target = new Headers(init?.headers).get("X-Amz-Target");
      if (target?.startsWith("AWSCognitoIdentityProviderService.")) {
        const body = (await res.clone().json()) as {
          ChallengeName?: string;
          AuthenticationResult?: { NewDeviceMetadata?: unknown };
          __type?: string;
        };
        wire.push({
          op: target.split(".")[1]!,
          ...(body.ChallengeName ? { challenge: body.ChallengeName } : {}),
          ...(body.AuthenticationResult?.NewDeviceMetadata ? { newDevice: true } : {}),
          ...(body.__type ? { error: body.__type } : {}),
        });
      }
      return res;
    };
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    await up?.stop();
  });

  let email: string;
  let user: CognitoUser;
  let session: CognitoUserSession;
  let deviceKey: string;

  function authenticate(): Promise<{ user: CognitoUser; session: CognitoUserSession; confirmationNecessary: boolean }> {
    const u = new CognitoUser({ Username: email, Pool: pool, Storage: storage });
    return new Promise((resolve, reject) =>
      u.authenticateUser(new AuthenticationDetails({ Username: email, Password: GOOD_PASSWORD }), {
        onSuccess: (s, confirmationNecessary) =>
          resolve({ user: u, session: s, confirmationNecessary: confirmationNecessary === true }),
        onFailure: reject,
      }),
    );
  }
  // identity-js types getDevice's result as a string; it is the GetDevice response.
  const getDevice = async (u: CognitoUser) =>
    (await call<string>((cb) => u.getDevice(cb))) as unknown as {
      Device: { DeviceAttributes: { Name: string; Value: string }[] };
    };
  const call = <T>(fn: (cb: { onSuccess: (r: T) => void; onFailure: (e: Error) => void }) => void) =>
    new Promise<T>((resolve, reject) => fn({ onSuccess: resolve, onFailure: reject }));

  it("DescribeUserPool shows the DeviceConfiguration the pool was created with", async () => {
    const d = await up.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(d.UserPool?.DeviceConfiguration).toEqual({
      ChallengeRequiredOnNewDevice: true,
      DeviceOnlyRememberedOnUserPrompt: true,
    });
    email = await mfaUser(up.admin, poolId, "device");
  });

  it("the first sign-in gets NewDeviceMetadata; ConfirmDevice asks the user (OnUserPrompt)", async () => {
    wire.length = 0;
    const r = await authenticate();
    ({ user, session } = r);
    expect(r.confirmationNecessary).toBe(true);
    expect(wire.map((w) => w.op)).toEqual(["InitiateAuth", "RespondToAuthChallenge", "ConfirmDevice"]);
    expect(wire[1]).toMatchObject({ newDevice: true });
    deviceKey = storage.getItem(`CognitoIdentityServiceProvider.${clientId}.${email}.deviceKey`) ?? "";
    expect(deviceKey).toMatch(/^us-east-1_[0-9a-f-]{36}$/);
    // The access token names the device the session is bound to.
    expect(decodeJwt(session.getAccessToken().getJwtToken()).device_key).toBe(deviceKey);
  });

  it("getDevice shows it not_remembered until setDeviceStatusRemembered; listDevices lists it", async () => {
    const before = await getDevice(user);
    expect(before.Device.DeviceAttributes).toContainEqual({ Name: "device_status", Value: "not_remembered" });
    expect(before.Device.DeviceAttributes.find((a) => a.Name === "device_name")?.Value).toBeTruthy();
    await call((cb) => user.setDeviceStatusRemembered(cb));
    const list = await call<{ Devices: { DeviceKey: string; DeviceAttributes: { Name: string; Value: string }[] }[] }>(
      (cb) => user.listDevices(60, null, cb),
    );
    expect(list.Devices.map((d) => d.DeviceKey)).toEqual([deviceKey]);
    expect(list.Devices[0]!.DeviceAttributes).toContainEqual({ Name: "device_status", Value: "remembered" });
  });

  it("the second sign-in on the stored device goes through DEVICE_SRP_AUTH and gets no new device", async () => {
    wire.length = 0;
    const r = await authenticate();
    ({ user, session } = r);
    expect(wire).toEqual([
      { op: "InitiateAuth", challenge: "PASSWORD_VERIFIER" },
      { op: "RespondToAuthChallenge", challenge: "DEVICE_SRP_AUTH" },
      { op: "RespondToAuthChallenge", challenge: "DEVICE_PASSWORD_VERIFIER" },
      { op: "RespondToAuthChallenge" },
    ]);
    expect(decodeJwt(session.getAccessToken().getJwtToken()).device_key).toBe(deviceKey);
    const list = await call<{ Devices: { DeviceKey: string; DeviceLastAuthenticatedDate?: unknown }[] }>((cb) =>
      user.listDevices(10, null, cb),
    );
    expect(list.Devices.map((d) => d.DeviceKey)).toEqual([deviceKey]);
  });

  it("refreshSession sends DEVICE_KEY and succeeds; the same refresh token without DEVICE_KEY is refused", async () => {
    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.refreshSession(session.getRefreshToken(), (err, s) => (err ? reject(err) : resolve(s))),
    );
    expect(decodeJwt(refreshed.getAccessToken().getJwtToken()).device_key).toBe(deviceKey);
    const refreshToken = session.getRefreshToken().getToken();
    await expect(
      up.anon.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "REFRESH_TOKEN_AUTH",
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Invalid Refresh Token" });
    await expect(
      up.anon.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "REFRESH_TOKEN_AUTH",
          AuthParameters: { REFRESH_TOKEN: refreshToken, DEVICE_KEY: "us-east-1_00000000-0000-0000-0000-000000000000" },
        }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Invalid Refresh Token" });
  });

  it("setDeviceStatusNotRemembered changes the status getDevice shows", async () => {
    await call((cb) => user.setDeviceStatusNotRemembered(cb));
    const d = await getDevice(user);
    expect(d.Device.DeviceAttributes).toContainEqual({ Name: "device_status", Value: "not_remembered" });
  });

  it("forgetDevice ends the device's sessions; a sign-in naming it is told it is gone and gets a new one", async () => {
    const accessToken = session.getAccessToken().getJwtToken();
    const refreshToken = session.getRefreshToken().getToken();
    // forgetDevice clears identity-js's stored key; keep it to sign in with it again below.
    await call((cb) => user.forgetDevice(cb));
    await expect(up.anon.send(new GetUserCommand({ AccessToken: accessToken }))).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
    await expect(
      new Promise((resolve, reject) =>
        user.refreshSession(new CognitoRefreshToken({ RefreshToken: refreshToken }), (err, s) =>
          err ? reject(err) : resolve(s),
        ),
      ),
    ).rejects.toMatchObject({ code: "NotAuthorizedException" });

    // Put the forgotten key back as if the client never heard: the server answers ResourceNotFoundException
    // ("Device does not exist."), identity-js drops the key and answers the same challenge without it.
    const prefix = `CognitoIdentityServiceProvider.${clientId}.${email}`;
    storage.setItem(`${prefix}.deviceKey`, deviceKey);
    storage.setItem(`${prefix}.deviceGroupKey`, "-stale");
    storage.setItem(`${prefix}.randomPasswordKey`, "stale");
    wire.length = 0;
    await authenticate();
    expect(wire).toEqual([
      { op: "InitiateAuth", challenge: "PASSWORD_VERIFIER" },
      { op: "RespondToAuthChallenge", error: "ResourceNotFoundException" },
      { op: "RespondToAuthChallenge", newDevice: true },
      { op: "ConfirmDevice" },
    ]);
    const fresh = storage.getItem(`${prefix}.deviceKey`);
    expect(fresh).toMatch(/^us-east-1_/);
    expect(fresh).not.toBe(deviceKey);
  });
});

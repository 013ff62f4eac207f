/**
 * Remembered devices through the AWS SDK v3 on every engine: the Admin operations (AdminListDevices,
 * AdminGetDevice, AdminUpdateDeviceStatus, AdminForgetDevice), ListDevices pagination, and the
 * refusals: an unknown device key, another user's device, a forgotten device, a bad device proof,
 * a pool that does not remember devices.
 */
import {
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminInitiateAuthCommand,
  AdminListDevicesCommand,
  AdminUpdateDeviceStatusCommand,
  ConfirmDeviceCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetDeviceCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  RespondToAuthChallengeCommand,
  UpdateDeviceStatusCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createHmac, randomBytes } from "node:crypto";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmNewDevice, createDevicePool } from "./support/devices.js";
import { testEngines } from "./support/engines.js";
import { mfaUser } from "./support/mfa.js";
import { cognitoJsHelper, cognitoJsKey, cognitoJsNowString, cognitoJsSrpA } from "./support/srpClientCognitoJs.js";
import { GOOD_PASSWORD, startTestUserpoolOn, type EngineUserpool } from "./support/userpool.js";

describe.each(testEngines())("remembered devices through the AWS SDK v3 on $name", (engine) => {
  let up: EngineUserpool;
  let poolId: string;
  let clientId: string;

  const createUser = () => mfaUser(up.admin, poolId, "dev");

  /** Password sign-in; with DEVICE_KEY when given. */
  function passwordAuth(username: string, deviceKey?: string) {
    return up.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: {
          USERNAME: username,
          PASSWORD: GOOD_PASSWORD,
          ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
        },
      }),
    );
  }

  /** REFRESH_TOKEN_AUTH naming a device, as a client on that device sends it. */
  const refreshOn = (refreshToken: string, deviceKey: string) =>
    up.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "REFRESH_TOKEN_AUTH",
        AuthParameters: { REFRESH_TOKEN: refreshToken, DEVICE_KEY: deviceKey },
      }),
    );

  /** Signs in and confirms the new device (support/devices.ts: identity-js's own verifier code). */
  async function rememberedDevice(username: string) {
    const r = (await passwordAuth(username)).AuthenticationResult!;
    const d = await confirmNewDevice(up.anon, r, "sdk-test");
    return { ...d, accessToken: r.AccessToken!, refreshToken: r.RefreshToken! };
  }

  beforeAll(async () => {
    up = await startTestUserpoolOn(engine);
    ({ poolId, clientId } = await createDevicePool(up.admin, {
      name: "devices-sdk",
      challengeRequiredOnNewDevice: false,
      onUserPrompt: false,
    }));
  });
  afterAll(() => up?.stop());

  it("ConfirmDevice remembers at once without the user's prompt; the Admin operations see it", async () => {
    const alice = await createUser();
    const d = await rememberedDevice(alice);
    expect(d.confirmed.UserConfirmationNecessary).toBe(false);
    const listed = await up.admin.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: alice }));
    expect(listed.Devices?.map((x) => x.DeviceKey)).toEqual([d.deviceKey]);
    const got = await up.admin.send(
      new AdminGetDeviceCommand({ UserPoolId: poolId, Username: alice, DeviceKey: d.deviceKey }),
    );
    expect(got.Device?.DeviceAttributes).toEqual(
      expect.arrayContaining([
        { Name: "device_status", Value: "remembered" },
        { Name: "device_name", Value: "sdk-test" },
      ]),
    );
    expect(got.Device?.DeviceCreateDate).toBeInstanceOf(Date);
    expect(got.Device?.DeviceLastModifiedDate).toBeInstanceOf(Date);
    expect(got.Device?.DeviceLastAuthenticatedDate).toBeInstanceOf(Date);
    await up.admin.send(
      new AdminUpdateDeviceStatusCommand({
        UserPoolId: poolId,
        Username: alice,
        DeviceKey: d.deviceKey,
        DeviceRememberedStatus: "not_remembered",
      }),
    );
    const after = await up.anon.send(new GetDeviceCommand({ AccessToken: d.accessToken, DeviceKey: d.deviceKey }));
    expect(after.Device?.DeviceAttributes).toContainEqual({ Name: "device_status", Value: "not_remembered" });
    await up.admin.send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: alice, DeviceKey: d.deviceKey }));
    expect((await up.admin.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: alice }))).Devices).toEqual(
      [],
    );
    await expect(
      up.admin.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: alice, DeviceKey: d.deviceKey })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    // The forgotten device's session ended with it.
    await expect(refreshOn(d.refreshToken, d.deviceKey)).rejects.toMatchObject({ name: "NotAuthorizedException" });
    // A sign-in naming it is told it does not exist.
    await expect(passwordAuth(alice, d.deviceKey)).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "Device does not exist.",
    });
  });

  it("ListDevices pages with Limit and PaginationToken; a token that is not ours is refused", async () => {
    const bob = await createUser();
    const keys = [];
    for (let i = 0; i < 3; i++) keys.push((await rememberedDevice(bob)).deviceKey);
    const { accessToken } = await rememberedDevice(bob);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await up.anon.send(
        new ListDevicesCommand({ AccessToken: accessToken, Limit: 2, ...(token ? { PaginationToken: token } : {}) }),
      );
      expect(page.Devices!.length).toBeLessThanOrEqual(2);
      seen.push(...page.Devices!.map((x) => x.DeviceKey!));
      token = page.PaginationToken;
    } while (token);
    expect(seen).toHaveLength(4);
    expect(seen).toEqual(expect.arrayContaining(keys));
    await expect(
      up.anon.send(new ListDevicesCommand({ AccessToken: accessToken, PaginationToken: "not-a-token" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });

  it("another user's device and an unknown key are not found, by either API", async () => {
    const carol = await createUser();
    const dave = await createUser();
    const c = await rememberedDevice(carol);
    const d = await rememberedDevice(dave);
    const unknown = "us-east-1_11111111-2222-3333-4444-555555555555";
    for (const key of [c.deviceKey, unknown]) {
      await expect(
        up.anon.send(new GetDeviceCommand({ AccessToken: d.accessToken, DeviceKey: key })),
      ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
      await expect(
        up.anon.send(
          new UpdateDeviceStatusCommand({
            AccessToken: d.accessToken,
            DeviceKey: key,
            DeviceRememberedStatus: "remembered",
          }),
        ),
      ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
      await expect(
        up.admin.send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: dave, DeviceKey: key })),
      ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
      await expect(passwordAuth(dave, key)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    }
    // Carol's device survived Dave's attempts.
    expect(
      (await up.admin.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: carol }))).Devices?.length,
    ).toBe(1);
    // A device is confirmed once: its verifier cannot be swapped later.
    await expect(
      up.anon.send(
        new ConfirmDeviceCommand({
          AccessToken: c.accessToken,
          DeviceKey: c.deviceKey,
          DeviceSecretVerifierConfig: { Salt: "AAEC", PasswordVerifier: "AgM=" },
        }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException" });
    // Dave's refresh token is bound to Dave's device: Carol's key does not open it.
    await expect(refreshOn(d.refreshToken, c.deviceKey)).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Invalid Refresh Token",
    });
  });

  it("DEVICE_SRP_AUTH: a bad proof is NotAuthorized, the challenge single use, the right proof signs in", async () => {
    const erin = await createUser();
    const d = await rememberedDevice(erin);
    const signedIn = await up.admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: erin, PASSWORD: GOOD_PASSWORD, DEVICE_KEY: d.deviceKey },
      }),
    );
    expect(signedIn.ChallengeName).toBe("DEVICE_SRP_AUTH");
    expect(signedIn.AuthenticationResult).toBeUndefined();
    const helper = cognitoJsHelper(d.groupKey);
    const aHex = cognitoJsSrpA(helper);
    const verifier = await up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: "DEVICE_SRP_AUTH",
        Session: signedIn.Session,
        ChallengeResponses: { USERNAME: erin, DEVICE_KEY: d.deviceKey, SRP_A: aHex },
      }),
    );
    expect(verifier.ChallengeName).toBe("DEVICE_PASSWORD_VERIFIER");
    expect(Object.keys(verifier.ChallengeParameters ?? {}).sort()).toEqual([
      "DEVICE_KEY",
      "SALT",
      "SECRET_BLOCK",
      "SRP_B",
      "USERNAME",
    ]);
    const answer = (signature: string) =>
      up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "DEVICE_PASSWORD_VERIFIER",
          Session: verifier.Session,
          ChallengeResponses: {
            USERNAME: erin,
            DEVICE_KEY: d.deviceKey,
            PASSWORD_CLAIM_SECRET_BLOCK: verifier.ChallengeParameters!.SECRET_BLOCK!,
            PASSWORD_CLAIM_SIGNATURE: signature,
            TIMESTAMP: cognitoJsNowString(),
          },
        }),
      );
    await expect(answer(randomBytes(32).toString("base64"))).rejects.toMatchObject({ name: "NotAuthorizedException" });
    // The session was used up by the wrong answer: no second guess.
    await expect(answer(randomBytes(32).toString("base64"))).rejects.toMatchObject({ name: "NotAuthorizedException" });
    // The right proof (identity-js's key, the client's HMAC over group key, device key, block and time)
    // on a fresh challenge signs in, bound to the device.
    const again = await up.admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: erin, PASSWORD: GOOD_PASSWORD, DEVICE_KEY: d.deviceKey },
      }),
    );
    const helper2 = cognitoJsHelper(d.groupKey);
    const v2 = await up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: "DEVICE_SRP_AUTH",
        Session: again.Session,
        ChallengeResponses: { USERNAME: erin, DEVICE_KEY: d.deviceKey, SRP_A: cognitoJsSrpA(helper2) },
      }),
    );
    const key = cognitoJsKey(helper2, {
      userId: d.deviceKey,
      password: d.password,
      saltHex: v2.ChallengeParameters!.SALT!,
      srpBHex: v2.ChallengeParameters!.SRP_B!,
    });
    const timestamp = cognitoJsNowString();
    const signature = createHmac("sha256", key)
      .update(d.groupKey)
      .update(d.deviceKey)
      .update(Buffer.from(v2.ChallengeParameters!.SECRET_BLOCK!, "base64"))
      .update(timestamp)
      .digest("base64");
    const done = await up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: "DEVICE_PASSWORD_VERIFIER",
        Session: v2.Session,
        ChallengeResponses: {
          USERNAME: erin,
          DEVICE_KEY: d.deviceKey,
          PASSWORD_CLAIM_SECRET_BLOCK: v2.ChallengeParameters!.SECRET_BLOCK!,
          PASSWORD_CLAIM_SIGNATURE: signature,
          TIMESTAMP: timestamp,
        },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(done.AuthenticationResult?.NewDeviceMetadata).toBeUndefined();
    expect(decodeJwt(done.AuthenticationResult!.AccessToken!).device_key).toBe(d.deviceKey);
    // The first session's DEVICE_SRP_AUTH cannot be answered twice either.
    await expect(
      up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: "DEVICE_SRP_AUTH",
          Session: signedIn.Session,
          ChallengeResponses: { USERNAME: erin, DEVICE_KEY: d.deviceKey, SRP_A: aHex },
        }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException" });
  });

  it("GlobalSignOut ends the device's sessions but the device stays remembered", async () => {
    const frank = await createUser();
    const d = await rememberedDevice(frank);
    await up.anon.send(new GlobalSignOutCommand({ AccessToken: d.accessToken }));
    await expect(refreshOn(d.refreshToken, d.deviceKey)).rejects.toMatchObject({ name: "NotAuthorizedException" });
    const listed = await up.admin.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: frank }));
    expect(listed.Devices?.map((x) => x.DeviceKey)).toEqual([d.deviceKey]);
    expect((await passwordAuth(frank, d.deviceKey)).ChallengeName).toBe("DEVICE_SRP_AUTH");
  });

  it("a pool that does not remember devices returns no NewDeviceMetadata and refuses ConfirmDevice", async () => {
    const plain = await up.admin.send(new CreateUserPoolCommand({ PoolName: "no-devices" }));
    const plainClient = await up.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: plain.UserPool!.Id!,
        ClientName: "app",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const email = await mfaUser(up.admin, plain.UserPool!.Id!, "plain");
    const r = await up.anon.send(
      new InitiateAuthCommand({
        ClientId: plainClient.UserPoolClient!.ClientId!,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
      }),
    );
    expect(r.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(r.AuthenticationResult?.NewDeviceMetadata).toBeUndefined();
    await expect(
      up.anon.send(
        new ConfirmDeviceCommand({
          AccessToken: r.AuthenticationResult!.AccessToken!,
          DeviceKey: "us-east-1_11111111-2222-3333-4444-555555555555",
          DeviceSecretVerifierConfig: { Salt: "AAEC", PasswordVerifier: "AgM=" },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });
});

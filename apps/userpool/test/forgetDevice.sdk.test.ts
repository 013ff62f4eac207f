/**
 * ForgetDevice (the signed-in user's own operation) through the AWS SDK v3 on every engine: the device is gone, its
 * session ends with it (ADR 0014), and another user's or an unknown device key is ResourceNotFoundException.
 * AdminForgetDevice and the other device operations are in devices.sdk.test.ts.
 */
import {
  AdminListDevicesCommand,
  ForgetDeviceCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmNewDevice, createDevicePool } from "./support/devices.js";
import { testEngines } from "./support/engines.js";
import { mfaUser } from "./support/mfa.js";
import { GOOD_PASSWORD, startTestUserpoolOn, type EngineUserpool } from "./support/userpool.js";

describe.each(testEngines())("ForgetDevice through the AWS SDK v3 on $name", (engine) => {
  let up: EngineUserpool;
  let poolId: string;
  let clientId: string;
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine);
    ({ poolId, clientId } = await createDevicePool(up.admin, {
      name: "forget-device",
      challengeRequiredOnNewDevice: false,
      onUserPrompt: false,
    }));
  });
  afterAll(() => up?.stop());

  const signIn = async (username: string) =>
    (
      await up.anon.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: username, PASSWORD: GOOD_PASSWORD },
        }),
      )
    ).AuthenticationResult!;
  const devices = async (username: string) =>
    (await up.admin.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: username }))).Devices ?? [];

  it("forgets the caller's own device and ends its session; never another user's", async () => {
    const alice = await mfaUser(up.admin, poolId, "forget");
    const bob = await mfaUser(up.admin, poolId, "other");
    const a = await signIn(alice);
    const device = await confirmNewDevice(up.anon, a, "alice-laptop");
    const b = await signIn(bob);

    await expect(
      up.anon.send(new ForgetDeviceCommand({ AccessToken: b.AccessToken!, DeviceKey: device.deviceKey })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    expect((await devices(alice)).map((d) => d.DeviceKey)).toEqual([device.deviceKey]);

    await up.anon.send(new ForgetDeviceCommand({ AccessToken: a.AccessToken!, DeviceKey: device.deviceKey }));
    expect(await devices(alice)).toEqual([]);
    // The session the device was remembered in ended with it.
    await expect(
      up.anon.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "REFRESH_TOKEN_AUTH",
          AuthParameters: { REFRESH_TOKEN: a.RefreshToken!, DEVICE_KEY: device.deviceKey },
        }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException" });
    const again = await signIn(alice);
    await expect(
      up.anon.send(new ForgetDeviceCommand({ AccessToken: again.AccessToken!, DeviceKey: device.deviceKey })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});

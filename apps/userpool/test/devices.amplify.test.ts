/**
 * Remembered devices with aws-amplify v6, unmodified: signIn in a pool that remembers devices on the
 * user's prompt confirms the device, rememberDevice and fetchDevices see it, a second signIn on the
 * remembered device answers DEVICE_SRP_AUTH (the server's log shows the challenge round trips, and no
 * ConfirmDevice), a forced refresh sends the DeviceKey, and forgetDevice removes it. Amplify keeps
 * global state, so it has this file to itself; the engines run one after the other, each configuring
 * Amplify for its own pool.
 */
import { AdminListDevicesCommand } from "@aws-sdk/client-cognito-identity-provider";
import { Amplify } from "aws-amplify";
import { fetchAuthSession, fetchDevices, forgetDevice, rememberDevice, signIn, signOut } from "aws-amplify/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevicePool, type LoggingUserpool, startLoggingUserpoolOn } from "./support/devices.js";
import { testEngines } from "./support/engines.js";
import { mfaUser } from "./support/mfa.js";
import { GOOD_PASSWORD, type TestUserpool } from "./support/userpool.js";

describe.each(testEngines())("remembered devices with aws-amplify v6 on $name", (engine) => {
  let rec: LoggingUserpool;
  let up: TestUserpool;
  let poolId: string;
  let email: string;
  let deviceId: string;
  const mark = () => rec.logLines.length;
  const opsSince = (from: number) => rec.opsSince(from);

  beforeAll(async () => {
    rec = await startLoggingUserpoolOn(engine);
    up = rec.up;
    const pool = await createDevicePool(up.admin, { name: "amplify-devices" });
    poolId = pool.poolId;
    email = await mfaUser(up.admin, poolId, "amplify-device");
    Amplify.configure({
      Auth: { Cognito: { userPoolId: poolId, userPoolClientId: pool.clientId, userPoolEndpoint: up.url } },
    });
  });
  afterAll(async () => {
    await signOut().catch(() => {});
    await rec?.up.stop();
  });

  it("signIn confirms the new device; rememberDevice and fetchDevices see it remembered", async () => {
    const from = mark();
    const r = await signIn({ username: email, password: GOOD_PASSWORD });
    expect(r.isSignedIn).toBe(true);
    expect(opsSince(from)).toEqual(["InitiateAuth", "RespondToAuthChallenge", "ConfirmDevice"]);
    await rememberDevice();
    const devices = await fetchDevices();
    expect(devices).toHaveLength(1);
    deviceId = devices[0]!.id;
    expect(deviceId).toMatch(/^us-east-1_/);
    expect(devices[0]!.attributes.device_status).toBe("remembered");
  });

  it("a second signIn on the remembered device goes through DEVICE_SRP_AUTH and adds no device", async () => {
    await signOut();
    const from = mark();
    const r = await signIn({ username: email, password: GOOD_PASSWORD });
    expect(r.isSignedIn).toBe(true);
    // InitiateAuth → PASSWORD_VERIFIER answer → DEVICE_SRP_AUTH answer → DEVICE_PASSWORD_VERIFIER answer.
    expect(opsSince(from)).toEqual([
      "InitiateAuth",
      "RespondToAuthChallenge",
      "RespondToAuthChallenge",
      "RespondToAuthChallenge",
    ]);
    const session = await fetchAuthSession();
    expect(session.tokens?.accessToken.payload.device_key).toBe(deviceId);
    expect((await fetchDevices()).map((d) => d.id)).toEqual([deviceId]);
  });

  it("a forced refresh sends the device key and keeps the device_key claim", async () => {
    const from = mark();
    const session = await fetchAuthSession({ forceRefresh: true });
    expect(opsSince(from)).toEqual(["GetTokensFromRefreshToken"]);
    expect(session.tokens?.accessToken.payload.device_key).toBe(deviceId);
  });

  it("forgetDevice removes it", async () => {
    await forgetDevice();
    const listed = await up.admin.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: email }));
    expect(listed.Devices).toEqual([]);
  });
});

/**
 * Remembered devices with aws-amplify v6, unmodified: signIn in a pool that remembers devices on the
 * user's prompt confirms the device, rememberDevice and fetchDevices see it, a second signIn on the
 * remembered device answers DEVICE_SRP_AUTH (the server's log shows the challenge round trips, and no
 * ConfirmDevice), a forced refresh sends the DeviceKey, and forgetDevice removes it. Amplify keeps
 * global state, so it has this file to itself.
 */
import {
  AdminCreateUserCommand,
  AdminListDevicesCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { Amplify } from "aws-amplify";
import { fetchAuthSession, fetchDevices, forgetDevice, rememberDevice, signIn, signOut } from "aws-amplify/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GOOD_PASSWORD, startTestUserpool, uniqueEmail, type TestUserpool } from "./support/userpool.js";

let up: TestUserpool;
let poolId: string;
const logLines: Record<string, unknown>[] = [];
const email = uniqueEmail("amplify-device");

beforeAll(async () => {
  up = await startTestUserpool({
    logLevel: "info",
    logDestination: { write: (s: string) => void logLines.push(JSON.parse(s)) },
  });
  const created = await up.admin.send(
    new CreateUserPoolCommand({
      PoolName: "amplify-devices",
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    }),
  );
  poolId = created.UserPool!.Id!;
  const client = await up.admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "web",
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  await up.admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: email,
      UserAttributes: [{ Name: "email", Value: email }],
      MessageAction: "SUPPRESS",
    }),
  );
  await up.admin.send(
    new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: email, Password: GOOD_PASSWORD, Permanent: true }),
  );
  Amplify.configure({
    Auth: {
      Cognito: { userPoolId: poolId, userPoolClientId: client.UserPoolClient!.ClientId!, userPoolEndpoint: up.url },
    },
  });
});
afterAll(async () => {
  await signOut().catch(() => {});
  await up?.close();
});

/** The operations the server handled since `from`, in order. */
const opsSince = (from: number) =>
  logLines
    .slice(from)
    .map((l) => l.op)
    .filter(Boolean);

describe("remembered devices with aws-amplify v6", () => {
  let deviceId: string;

  it("signIn confirms the new device; rememberDevice and fetchDevices see it remembered", async () => {
    const mark = logLines.length;
    const r = await signIn({ username: email, password: GOOD_PASSWORD });
    expect(r.isSignedIn).toBe(true);
    expect(opsSince(mark)).toEqual(["InitiateAuth", "RespondToAuthChallenge", "ConfirmDevice"]);
    await rememberDevice();
    const devices = await fetchDevices();
    expect(devices).toHaveLength(1);
    deviceId = devices[0]!.id;
    expect(deviceId).toMatch(/^us-east-1_/);
    expect(devices[0]!.attributes.device_status).toBe("remembered");
  });

  it("a second signIn on the remembered device goes through DEVICE_SRP_AUTH and adds no device", async () => {
    await signOut();
    const mark = logLines.length;
    const r = await signIn({ username: email, password: GOOD_PASSWORD });
    expect(r.isSignedIn).toBe(true);
    // InitiateAuth → PASSWORD_VERIFIER answer → DEVICE_SRP_AUTH answer → DEVICE_PASSWORD_VERIFIER answer.
    expect(opsSince(mark)).toEqual([
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
    const mark = logLines.length;
    const session = await fetchAuthSession({ forceRefresh: true });
    expect(opsSince(mark)).toEqual(["GetTokensFromRefreshToken"]);
    expect(session.tokens?.accessToken.payload.device_key).toBe(deviceId);
  });

  it("forgetDevice removes it", async () => {
    await forgetDevice();
    const listed = await up.admin.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: email }));
    expect(listed.Devices).toEqual([]);
  });
});

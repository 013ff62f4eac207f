/**
 * aws-amplify v6, unmodified: a confirmed but not remembered device through an MFA sign-in. Amplify
 * sends the stored DEVICE_KEY with the TOTP code; the server then asks the device to prove itself
 * (DEVICE_SRP_AUTH) instead of minting another device, so no second ConfirmDevice and one device in
 * the list. Amplify keeps global state, so it has this file to itself.
 */
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CognitoIdentityProviderClient,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { Amplify } from "aws-amplify";
import {
  confirmSignIn,
  fetchAuthSession,
  fetchDevices,
  setUpTOTP,
  signIn,
  signOut,
  updateMFAPreference,
  verifyTOTPSetup,
} from "aws-amplify/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { adminAt } from "./support/lifecycle.js";
import { mfaUser, totpCode } from "./support/mfa.js";
import { GOOD_PASSWORD, startTestUserpool, type TestUserpool } from "./support/userpool.js";

let up: TestUserpool;
const clock = new ManualClock();
const admin = { send: ((c: never) => adminAt(up.url, clock).send(c)) as CognitoIdentityProviderClient["send"] };
const logLines: Record<string, unknown>[] = [];
let email: string;

beforeAll(async () => {
  up = await startTestUserpool({
    clock,
    logLevel: "info",
    logDestination: { write: (s: string) => void logLines.push(JSON.parse(s)) },
  });
  const created = await admin.send(
    new CreateUserPoolCommand({
      PoolName: "amplify-devices-mfa",
      UsernameAttributes: ["email"],
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    }),
  );
  const poolId = created.UserPool!.Id!;
  await admin.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId,
      MfaConfiguration: "OPTIONAL",
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
  const client = await admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "web",
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  email = await mfaUser(admin, poolId, "amplify-device-mfa");
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

describe("a confirmed device through MFA with aws-amplify v6", () => {
  it("after the TOTP code the device proves itself (DEVICE_SRP_AUTH); no new device is minted", async () => {
    let mark = logLines.length;
    expect((await signIn({ username: email, password: GOOD_PASSWORD })).isSignedIn).toBe(true);
    expect(opsSince(mark)).toEqual(["InitiateAuth", "RespondToAuthChallenge", "ConfirmDevice"]);
    const [device] = await fetchDevices();
    expect(device?.attributes.device_status).toBe("not_remembered");
    const setup = await setUpTOTP();
    await verifyTOTPSetup({ code: totpCode(setup.sharedSecret, clock) });
    await updateMFAPreference({ totp: "PREFERRED" });
    await signOut();
    clock.advance(30_000);

    mark = logLines.length;
    const first = await signIn({ username: email, password: GOOD_PASSWORD });
    // Not remembered: the device does not skip the code (ChallengeRequiredOnNewDevice).
    expect(first.nextStep.signInStep).toBe("CONFIRM_SIGN_IN_WITH_TOTP_CODE");
    expect((await confirmSignIn({ challengeResponse: totpCode(setup.sharedSecret, clock) })).isSignedIn).toBe(true);
    // PASSWORD_VERIFIER, SOFTWARE_TOKEN_MFA, DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER answers; no ConfirmDevice.
    expect(opsSince(mark)).toEqual([
      "InitiateAuth",
      "RespondToAuthChallenge",
      "RespondToAuthChallenge",
      "RespondToAuthChallenge",
      "RespondToAuthChallenge",
    ]);
    expect((await fetchAuthSession()).tokens?.accessToken.payload.device_key).toBe(device!.id);
    expect((await fetchDevices()).map((d) => d.id)).toEqual([device!.id]);
  });
});

/**
 * aws-amplify v6, unmodified: a confirmed but not remembered device through an MFA sign-in. Amplify
 * sends the stored DEVICE_KEY with the TOTP code; the server then asks the device to prove itself
 * (DEVICE_SRP_AUTH) instead of minting another device, so no second ConfirmDevice and one device in
 * the list. Amplify keeps global state, so it has this file to itself; the engines run one after the
 * other, each configuring Amplify for its own pool.
 */
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
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
import { createDevicePool, type LoggingUserpool, startLoggingUserpoolOn } from "./support/devices.js";
import { testEngines } from "./support/engines.js";
import { adminAt } from "./support/lifecycle.js";
import { mfaUser, totpCode } from "./support/mfa.js";
import { GOOD_PASSWORD } from "./support/userpool.js";

describe.each(testEngines())("a confirmed device through MFA with aws-amplify v6 on $name", (engine) => {
  let rec: LoggingUserpool;
  const clock = new ManualClock();
  const admin = {
    send: ((c: never) => adminAt(rec.up.url, clock).send(c)) as CognitoIdentityProviderClient["send"],
  };
  let email: string;

  beforeAll(async () => {
    rec = await startLoggingUserpoolOn(engine, { clock });
    const pool = await createDevicePool(admin, { name: "amplify-devices-mfa", totp: true, emailAsUsername: true });
    email = await mfaUser(admin, pool.poolId, "amplify-device-mfa");
    Amplify.configure({
      Auth: { Cognito: { userPoolId: pool.poolId, userPoolClientId: pool.clientId, userPoolEndpoint: rec.up.url } },
    });
  });
  afterAll(async () => {
    await signOut().catch(() => {});
    await rec?.up.stop();
  });

  it("after the TOTP code the device proves itself (DEVICE_SRP_AUTH); no new device is minted", async () => {
    let mark = rec.logLines.length;
    expect((await signIn({ username: email, password: GOOD_PASSWORD })).isSignedIn).toBe(true);
    expect(rec.opsSince(mark)).toEqual(["InitiateAuth", "RespondToAuthChallenge", "ConfirmDevice"]);
    const [device] = await fetchDevices();
    expect(device?.attributes.device_status).toBe("not_remembered");
    const setup = await setUpTOTP();
    await verifyTOTPSetup({ code: totpCode(setup.sharedSecret, clock) });
    await updateMFAPreference({ totp: "PREFERRED" });
    await signOut();
    clock.advance(30_000);

    mark = rec.logLines.length;
    const first = await signIn({ username: email, password: GOOD_PASSWORD });
    // Not remembered: the device does not skip the code (ChallengeRequiredOnNewDevice).
    expect(first.nextStep.signInStep).toBe("CONFIRM_SIGN_IN_WITH_TOTP_CODE");
    expect((await confirmSignIn({ challengeResponse: totpCode(setup.sharedSecret, clock) })).isSignedIn).toBe(true);
    // PASSWORD_VERIFIER, SOFTWARE_TOKEN_MFA, DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER answers; no ConfirmDevice.
    expect(rec.opsSince(mark)).toEqual([
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

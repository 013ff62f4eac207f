/**
 * Remembered devices in CUSTOM_AUTH with aws-amplify v6, unmodified (ADR 0021): a device confirmed and
 * remembered after an SRP signIn is named by Amplify's custom flows (CUSTOM_WITHOUT_SRP sends DEVICE_KEY
 * with the answer, CUSTOM_WITH_SRP with the password step and the answer), which then answer DEVICE_SRP_AUTH
 * themselves: no ConfirmDevice, no new device in fetchDevices, the tokens carry the device's key. Amplify
 * keeps global state, so it has this file to itself; the engines run one after the other.
 */
import { Amplify } from "aws-amplify";
import { confirmSignIn, fetchAuthSession, fetchDevices, rememberDevice, signIn, signOut } from "aws-amplify/auth";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { customAuthConfig, DEVICE_CLIENT_ID, DEVICE_POOL_ID, oneQuestion } from "./support/customAuth.js";
import { type LoggingUserpool, startLoggingUserpoolOn } from "./support/devices.js";
import { testEngines } from "./support/engines.js";
import { confirmedUser } from "./support/lifecycle.js";
import { RECORDER, resetRecorder } from "./support/triggerPools.js";
import { CLIENT_SECRET, GOOD_PASSWORD, uniqueEmail } from "./support/userpool.js";

describe.each(testEngines())("remembered devices in CUSTOM_AUTH with aws-amplify v6 on $name", (engine) => {
  let rec: LoggingUserpool;
  let email: string;
  let deviceId: string;
  const mark = () => rec.logLines.length;

  beforeAll(async () => {
    rec = await startLoggingUserpoolOn(engine, {
      config: customAuthConfig(RECORDER, "arn:aws:lambda:us-east-1:123456789012:function:unused"),
      env: { TEST_CLIENT_SECRET: CLIENT_SECRET },
    });
    ({ email } = await confirmedUser(rec.up, { clientId: DEVICE_CLIENT_ID, email: uniqueEmail("amp-cdev") }));
    Amplify.configure({
      Auth: {
        Cognito: { userPoolId: DEVICE_POOL_ID, userPoolClientId: DEVICE_CLIENT_ID, userPoolEndpoint: rec.up.url },
      },
    });
  });
  afterAll(async () => {
    await signOut().catch(() => {});
    await rec?.up.stop();
  });
  beforeEach(() => {
    resetRecorder();
    oneQuestion();
  });

  it("an SRP signIn confirms the device; rememberDevice and fetchDevices see it", async () => {
    const from = mark();
    expect((await signIn({ username: email, password: GOOD_PASSWORD })).isSignedIn).toBe(true);
    expect(rec.opsSince(from)).toEqual(["InitiateAuth", "RespondToAuthChallenge", "ConfirmDevice"]);
    await rememberDevice();
    const devices = await fetchDevices();
    expect(devices).toHaveLength(1);
    deviceId = devices[0]!.id;
  });

  it("CUSTOM_WITHOUT_SRP on the remembered device: DEVICE_SRP_AUTH after the answer, no new device", async () => {
    await signOut();
    const from = mark();
    const first = await signIn({ username: email, options: { authFlowType: "CUSTOM_WITHOUT_SRP" } });
    expect(first.nextStep.signInStep).toBe("CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE");
    expect(await confirmSignIn({ challengeResponse: "42" })).toEqual({
      isSignedIn: true,
      nextStep: { signInStep: "DONE" },
    });
    // InitiateAuth → CUSTOM_CHALLENGE answer → DEVICE_SRP_AUTH answer → DEVICE_PASSWORD_VERIFIER answer;
    // no ConfirmDevice.
    expect(rec.opsSince(from)).toEqual([
      "InitiateAuth",
      "RespondToAuthChallenge",
      "RespondToAuthChallenge",
      "RespondToAuthChallenge",
    ]);
    expect((await fetchAuthSession()).tokens?.accessToken.payload.device_key).toBe(deviceId);
    expect((await fetchDevices()).map((d) => d.id)).toEqual([deviceId]);
  });

  it("CUSTOM_WITH_SRP on the remembered device: the same, after the password step", async () => {
    await signOut();
    const first = await signIn({
      username: email,
      password: GOOD_PASSWORD,
      options: { authFlowType: "CUSTOM_WITH_SRP" },
    });
    expect(first.nextStep.signInStep).toBe("CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE");
    expect((await confirmSignIn({ challengeResponse: "42" })).isSignedIn).toBe(true);
    expect((await fetchAuthSession()).tokens?.accessToken.payload.device_key).toBe(deviceId);
    expect((await fetchDevices()).map((d) => d.id)).toEqual([deviceId]);
    // A forced refresh sends the device key the session is bound to.
    const refreshed = await fetchAuthSession({ forceRefresh: true });
    expect(refreshed.tokens?.accessToken.payload.device_key).toBe(deviceId);
  });
});

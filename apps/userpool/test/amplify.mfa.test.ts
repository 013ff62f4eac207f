/**
 * aws-amplify v6, unmodified, through multi-factor sign-in: setUpTOTP / verifyTOTPSetup,
 * updateMFAPreference / fetchMFAPreference, and signIn → confirmSignIn for the TOTP code, the choice
 * of factor, the e-mail code (read from the dev mailbox), and TOTP and e-mail setup when MFA is required. Codes
 * are computed from the shared secret at the server's injected clock. Amplify keeps global state, so
 * it has this file to itself; the engines run one after the other, each test configuring its pool.
 */
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { Amplify } from "aws-amplify";
import {
  confirmSignIn,
  fetchMFAPreference,
  fetchUserAttributes,
  setUpTOTP,
  signIn,
  signOut,
  updateMFAPreference,
  verifyTOTPSetup,
} from "aws-amplify/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import { adminAt } from "./support/lifecycle.js";
import { createMfaPool, mfaUser, totpCode } from "./support/mfa.js";
import {
  type EngineUserpool,
  GOOD_PASSWORD,
  latestCode,
  startTestUserpoolOn,
  uniqueEmail,
} from "./support/userpool.js";

let up: EngineUserpool;
const clock = new ManualClock();
const admin = { send: ((c: never) => adminAt(up.url, clock).send(c)) as CognitoIdentityProviderClient["send"] };

const use = (pool: { poolId: string; clientId: string }) =>
  Amplify.configure({
    Auth: { Cognito: { userPoolId: pool.poolId, userPoolClientId: pool.clientId, userPoolEndpoint: up.url } },
  });

describe.each(testEngines())("aws-amplify v6 with MFA on $name", (engine) => {
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, { clock });
  });
  afterAll(async () => {
    await signOut().catch(() => {});
    await up?.stop();
  });

  it("sets up TOTP, prefers it, and signs in with a TOTP code; a wrong code is refused", async () => {
    const pool = await createMfaPool(admin, "OPTIONAL");
    use(pool);
    const email = await mfaUser(admin, pool.poolId, "amplify-mfa");
    expect((await signIn({ username: email, password: GOOD_PASSWORD })).isSignedIn).toBe(true);
    const setup = await setUpTOTP();
    expect(setup.sharedSecret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.getSetupUri("Authhub").href).toContain(`secret=${setup.sharedSecret}`);
    await verifyTOTPSetup({ code: totpCode(setup.sharedSecret, clock), options: { friendlyDeviceName: "phone" } });
    await updateMFAPreference({ totp: "PREFERRED" });
    expect(await fetchMFAPreference()).toEqual({ enabled: ["TOTP"], preferred: "TOTP" });
    await signOut();
    clock.advance(30_000);

    const first = await signIn({ username: email, password: GOOD_PASSWORD });
    expect(first.nextStep.signInStep).toBe("CONFIRM_SIGN_IN_WITH_TOTP_CODE");
    await expect(
      confirmSignIn({ challengeResponse: totpCode(setup.sharedSecret, clock, 300_000) }),
    ).rejects.toMatchObject({
      name: "CodeMismatchException",
    });
    const done = await confirmSignIn({ challengeResponse: totpCode(setup.sharedSecret, clock) });
    expect(done.isSignedIn).toBe(true);

    // Both factors on, none preferred: Amplify asks for the choice, then the e-mailed code.
    await updateMFAPreference({ totp: "NOT_PREFERRED", email: "ENABLED" });
    expect(await fetchMFAPreference()).toEqual({ enabled: ["TOTP", "EMAIL"] });
    await signOut();
    const select = await signIn({ username: email, password: GOOD_PASSWORD });
    expect(select.nextStep).toMatchObject({
      signInStep: "CONTINUE_SIGN_IN_WITH_MFA_SELECTION",
      allowedMFATypes: ["TOTP", "EMAIL"],
    });
    const emailStep = await confirmSignIn({ challengeResponse: "EMAIL" });
    expect(emailStep.nextStep).toMatchObject({
      signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
      codeDeliveryDetails: { deliveryMedium: "EMAIL", destination: `${email[0]}***@e***` },
    });
    expect((await confirmSignIn({ challengeResponse: await latestCode(up.url, email) })).isSignedIn).toBe(true);
    await signOut();
    clock.advance(30_000);
  });

  it("walks through TOTP setup when the pool requires MFA", async () => {
    const pool = await createMfaPool(admin, "ON");
    use(pool);
    const email = await mfaUser(admin, pool.poolId, "amplify-setup");
    const first = await signIn({ username: email, password: GOOD_PASSWORD });
    expect(first.nextStep).toMatchObject({
      signInStep: "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION",
      allowedMFATypes: ["TOTP", "EMAIL"],
    });
    const totp = await confirmSignIn({ challengeResponse: "TOTP" });
    if (totp.nextStep.signInStep !== "CONTINUE_SIGN_IN_WITH_TOTP_SETUP") throw new Error(totp.nextStep.signInStep);
    const secret = totp.nextStep.totpSetupDetails.sharedSecret;
    expect((await confirmSignIn({ challengeResponse: totpCode(secret, clock) })).isSignedIn).toBe(true);
    expect(await fetchMFAPreference()).toEqual({ enabled: ["TOTP"], preferred: "TOTP" });
    await signOut();
    clock.advance(30_000);
    const again = await signIn({ username: email, password: GOOD_PASSWORD });
    expect(again.nextStep.signInStep).toBe("CONFIRM_SIGN_IN_WITH_TOTP_CODE");
    expect((await confirmSignIn({ challengeResponse: totpCode(secret, clock) })).isSignedIn).toBe(true);
  });

  it("walks through e-mail setup when the pool requires MFA: the address, then the code sent to it", async () => {
    const pool = await createMfaPool(admin, "ON");
    use(pool);
    const email = await mfaUser(admin, pool.poolId, "amplify-email-setup");
    const first = await signIn({ username: email, password: GOOD_PASSWORD });
    expect(first.nextStep).toMatchObject({
      signInStep: "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION",
      allowedMFATypes: ["TOTP", "EMAIL"],
    });
    const chosen = await confirmSignIn({ challengeResponse: "EMAIL" });
    expect(chosen.nextStep.signInStep).toBe("CONTINUE_SIGN_IN_WITH_EMAIL_SETUP");
    const address = uniqueEmail("amplify-new-address");
    const sent = await confirmSignIn({ challengeResponse: address });
    expect(sent.nextStep).toMatchObject({
      signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
      codeDeliveryDetails: { deliveryMedium: "EMAIL", destination: `${address[0]}***@e***` },
    });
    const code = await latestCode(up.url, address);
    await expect(confirmSignIn({ challengeResponse: code === "000000" ? "111111" : "000000" })).rejects.toMatchObject({
      name: "CodeMismatchException",
    });
    expect((await confirmSignIn({ challengeResponse: code })).isSignedIn).toBe(true);
    expect(await fetchMFAPreference()).toEqual({ enabled: ["EMAIL"], preferred: "EMAIL" });
    expect(await fetchUserAttributes()).toMatchObject({ email: address, email_verified: "true" });
    await signOut();
    // The next sign-in (with the new address, the pool's sign-in name) asks for an e-mailed code.
    const again = await signIn({ username: address, password: GOOD_PASSWORD });
    expect(again.nextStep).toMatchObject({
      signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
      codeDeliveryDetails: { deliveryMedium: "EMAIL", destination: `${address[0]}***@e***` },
    });
    expect((await confirmSignIn({ challengeResponse: await latestCode(up.url, address) })).isSignedIn).toBe(true);
    await signOut();
  });
});

/**
 * aws-amplify v6, unmodified, through choice-based sign-in (authFlowType USER_AUTH): EMAIL_OTP preferred
 * (CONFIRM_SIGN_IN_WITH_EMAIL_CODE, code from the dev mailbox), no preference (first-factor selection,
 * then PASSWORD_SRP, PASSWORD or EMAIL_OTP chosen in confirmSignIn, the password asked for after the
 * choice), SMS_OTP preferred, and PASSWORD_SRP preferred with the password given to signIn. Amplify keeps
 * global state, so it has this file to itself; the engines run one after the other.
 */
import { Amplify } from "aws-amplify";
import { confirmSignIn, fetchUserAttributes, signIn, signOut } from "aws-amplify/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { mfaUser } from "./support/mfa.js";
import { createUserAuthPool } from "./support/userAuth.js";
import {
  codeIn,
  type EngineUserpool,
  GOOD_PASSWORD,
  latestCode,
  latestText,
  newPhone,
  startTestUserpoolOn,
} from "./support/userpool.js";

let up: EngineUserpool;
let pool: { poolId: string; clientId: string };

describe.each(testEngines())("aws-amplify v6 with USER_AUTH on $name", (engine) => {
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine);
    pool = await createUserAuthPool(up.admin);
    Amplify.configure({
      Auth: { Cognito: { userPoolId: pool.poolId, userPoolClientId: pool.clientId, userPoolEndpoint: up.url } },
    });
  });
  afterAll(async () => {
    await signOut().catch(() => {});
    await up?.stop();
  });

  it("EMAIL_OTP preferred: CONFIRM_SIGN_IN_WITH_EMAIL_CODE, a wrong code, then the right one", async () => {
    const email = await mfaUser(up.admin, pool.poolId, "amplify-ua");
    const first = await signIn({
      username: email,
      options: { authFlowType: "USER_AUTH", preferredChallenge: "EMAIL_OTP" },
    });
    expect(first.nextStep.signInStep).toBe("CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    const code = await latestCode(up.url, email);
    await expect(confirmSignIn({ challengeResponse: code === "000000" ? "111111" : "000000" })).rejects.toMatchObject({
      name: "CodeMismatchException",
    });
    const done = await confirmSignIn({ challengeResponse: code });
    expect(done.isSignedIn).toBe(true);
    expect((await fetchUserAttributes()).email).toBe(email);
    await signOut();
  });

  it("no preference: first-factor selection, then PASSWORD_SRP or PASSWORD and the password", async () => {
    const email = await mfaUser(up.admin, pool.poolId, "amplify-ua");
    const first = await signIn({ username: email, options: { authFlowType: "USER_AUTH" } });
    expect(first.nextStep).toMatchObject({
      signInStep: "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION",
      availableChallenges: ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"],
    });
    // Amplify asks for the password once the factor is chosen, then answers SELECT_CHALLENGE with SRP_A.
    const chosen = await confirmSignIn({ challengeResponse: "PASSWORD_SRP" });
    expect(chosen.nextStep.signInStep).toBe("CONFIRM_SIGN_IN_WITH_PASSWORD");
    await expect(confirmSignIn({ challengeResponse: "Wr0ng-password!" })).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
    await signOut();

    await signIn({ username: email, options: { authFlowType: "USER_AUTH" } });
    await confirmSignIn({ challengeResponse: "PASSWORD_SRP" });
    expect((await confirmSignIn({ challengeResponse: GOOD_PASSWORD })).isSignedIn).toBe(true);
    await signOut();

    const again = await signIn({ username: email, options: { authFlowType: "USER_AUTH" } });
    expect(again.nextStep.signInStep).toBe("CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION");
    expect((await confirmSignIn({ challengeResponse: "PASSWORD" })).nextStep.signInStep).toBe(
      "CONFIRM_SIGN_IN_WITH_PASSWORD",
    );
    expect((await confirmSignIn({ challengeResponse: GOOD_PASSWORD })).isSignedIn).toBe(true);
    await signOut();
  });

  it("no preference: EMAIL_OTP chosen, then the code", async () => {
    const email = await mfaUser(up.admin, pool.poolId, "amplify-ua");
    const first = await signIn({ username: email, options: { authFlowType: "USER_AUTH" } });
    expect(first.nextStep.signInStep).toBe("CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION");
    const chosen = await confirmSignIn({ challengeResponse: "EMAIL_OTP" });
    expect(chosen.nextStep.signInStep).toBe("CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    expect((await confirmSignIn({ challengeResponse: await latestCode(up.url, email) })).isSignedIn).toBe(true);
    await signOut();
  });

  it("PASSWORD_SRP preferred with the password given to signIn signs in through PASSWORD_VERIFIER", async () => {
    const email = await mfaUser(up.admin, pool.poolId, "amplify-ua");
    const r = await signIn({
      username: email,
      password: GOOD_PASSWORD,
      options: { authFlowType: "USER_AUTH", preferredChallenge: "PASSWORD_SRP" },
    });
    expect(r.isSignedIn).toBe(true);
    await signOut();
  });

  it("SMS_OTP preferred: CONFIRM_SIGN_IN_WITH_SMS_CODE and the texted code", async () => {
    const phone = newPhone();
    const email = await mfaUser(up.admin, pool.poolId, "amplify-ua", [
      { Name: "phone_number", Value: phone },
      { Name: "phone_number_verified", Value: "true" },
    ]);
    const first = await signIn({
      username: email,
      options: { authFlowType: "USER_AUTH", preferredChallenge: "SMS_OTP" },
    });
    expect(first.nextStep.signInStep).toBe("CONFIRM_SIGN_IN_WITH_SMS_CODE");
    expect((await confirmSignIn({ challengeResponse: codeIn(await latestText(up.url, phone)) })).isSignedIn).toBe(true);
    await signOut();
  });
});

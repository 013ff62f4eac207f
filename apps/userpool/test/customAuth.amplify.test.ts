/**
 * CUSTOM_AUTH with aws-amplify v6, unmodified: signIn with authFlowType CUSTOM_WITHOUT_SRP and
 * CUSTOM_WITH_SRP, nextStep CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE with the public parameters,
 * confirmSignIn with the answer (a wrong one asked again, clientMetadata passed on), and a failed
 * sequence. Trigger functions are written by the tests (support/customAuth.ts). Amplify keeps global
 * state, so it has this file to itself; the engines run one after the other.
 */
import { Amplify } from "aws-amplify";
import { confirmSignIn, fetchAuthSession, signIn, signOut } from "aws-amplify/auth";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CUSTOM_CLIENT_ID, CUSTOM_POOL_ID, customAuthConfig, oneQuestion } from "./support/customAuth.js";
import { testEngines } from "./support/engines.js";
import { confirmedUser } from "./support/lifecycle.js";
import { eventsOf, RECORDER, resetRecorder } from "./support/triggerPools.js";
import {
  CLIENT_SECRET,
  GOOD_PASSWORD,
  startTestUserpoolOn,
  uniqueEmail,
  type EngineUserpool,
} from "./support/userpool.js";

describe.each(testEngines())("CUSTOM_AUTH with aws-amplify v6 on $name", (engine) => {
  let up: EngineUserpool;

  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, {
      config: customAuthConfig(RECORDER, "arn:aws:lambda:us-east-1:123456789012:function:unused"),
      env: { TEST_CLIENT_SECRET: CLIENT_SECRET },
    });
    Amplify.configure({
      Auth: { Cognito: { userPoolId: CUSTOM_POOL_ID, userPoolClientId: CUSTOM_CLIENT_ID, userPoolEndpoint: up.url } },
    });
  });
  afterAll(async () => {
    await signOut().catch(() => {});
    await up?.stop();
  });
  beforeEach(async () => {
    resetRecorder();
    await signOut().catch(() => {});
  });

  it("CUSTOM_WITHOUT_SRP: the challenge's public parameters, a wrong answer asked again, then signed in", async () => {
    oneQuestion();
    const { email, sub } = await confirmedUser(up, { email: uniqueEmail("amp-custom") });
    const first = await signIn({ username: email, options: { authFlowType: "CUSTOM_WITHOUT_SRP" } });
    expect(first.isSignedIn).toBe(false);
    expect(first.nextStep).toEqual({
      signInStep: "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE",
      additionalInfo: { question: "What is six times seven?", USERNAME: sub },
    });
    const again = await confirmSignIn({ challengeResponse: "forty-two" });
    expect(again.nextStep.signInStep).toBe("CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE");
    const done = await confirmSignIn({ challengeResponse: "42", options: { clientMetadata: { app: "web" } } });
    expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    const { tokens } = await fetchAuthSession();
    expect(tokens?.idToken?.payload.sub).toBe(sub);
    expect(eventsOf("VerifyAuthChallengeResponse_Authentication").at(-1).request.clientMetadata).toEqual({
      app: "web",
    });
  });

  it("CUSTOM_WITH_SRP: the password is checked by SRP first, then the custom challenge", async () => {
    oneQuestion();
    const { email } = await confirmedUser(up, { email: uniqueEmail("amp-custom-srp") });
    const first = await signIn({
      username: email,
      password: GOOD_PASSWORD,
      options: { authFlowType: "CUSTOM_WITH_SRP" },
    });
    expect(first.nextStep.signInStep).toBe("CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE");
    expect(eventsOf("DefineAuthChallenge_Authentication").map((e) => e.request.session.length)).toEqual([1, 2]);
    expect((await confirmSignIn({ challengeResponse: "42" })).isSignedIn).toBe(true);
    await signOut();

    await expect(
      signIn({ username: email, password: "Wr0ng-Password!", options: { authFlowType: "CUSTOM_WITH_SRP" } }),
    ).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
  });

  it("a failed sequence rejects confirmSignIn with NotAuthorizedException", async () => {
    oneQuestion(1);
    const { email } = await confirmedUser(up, { email: uniqueEmail("amp-custom-fail") });
    await signIn({ username: email, options: { authFlowType: "CUSTOM_WITHOUT_SRP" } });
    await expect(confirmSignIn({ challengeResponse: "7" })).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
  });
});

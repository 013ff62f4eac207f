/**
 * aws-amplify v6, unmodified: `signUp` without a password and with `autoSignIn: { authFlowType: 'USER_AUTH' }`,
 * `confirmSignUp` with the mailed code, then `autoSignIn()`, which sends ConfirmSignUp's Session with USER_AUTH
 * (ADR 0027); the same for a user who signs up with a password. Amplify keeps global state, so it has this
 * file to itself; the engines run one after the other.
 */
import { CreateUserPoolClientCommand, CreateUserPoolCommand } from "@aws-sdk/client-cognito-identity-provider";
import { Amplify } from "aws-amplify";
import { autoSignIn, confirmSignUp, fetchAuthSession, fetchUserAttributes, signOut, signUp } from "aws-amplify/auth";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import {
  type EngineUserpool,
  GOOD_PASSWORD,
  latestCode,
  startTestUserpoolOn,
  uniqueEmail,
} from "./support/userpool.js";

let up: EngineUserpool;

/**
 * Amplify debounces autoSignIn by 300 ms and drops a call inside that window (its promise never settles),
 * so two sign-ups in quick succession wait it out, as two real sign-ups always do.
 */
const afterAutoSignInDebounce = () => new Promise((resolve) => setTimeout(resolve, 350));

describe.each(testEngines())("aws-amplify v6 passwordless sign-up and autoSignIn on $name", (engine) => {
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine);
    const { UserPool } = await up.admin.send(
      new CreateUserPoolCommand({
        PoolName: "amplify-passwordless",
        UsernameAttributes: ["email"],
        AutoVerifiedAttributes: ["email"],
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP"] } },
        EmailConfiguration: {
          EmailSendingAccount: "DEVELOPER",
          SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/example.com",
        },
      }),
    );
    const { UserPoolClient } = await up.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: UserPool!.Id!,
        ClientName: "amplify",
        ExplicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    Amplify.configure({
      Auth: {
        Cognito: { userPoolId: UserPool!.Id!, userPoolClientId: UserPoolClient!.ClientId!, userPoolEndpoint: up.url },
      },
    });
  });
  afterEach(afterAutoSignInDebounce);
  afterAll(async () => {
    await signOut().catch(() => {});
    await up?.stop();
  });

  it("signUp without a password, confirmSignUp, autoSignIn with USER_AUTH: signed in", async () => {
    const email = uniqueEmail("amplify-pwless");
    const s = await signUp({
      username: email,
      options: { userAttributes: { email }, autoSignIn: { authFlowType: "USER_AUTH" } },
    });
    expect(s.nextStep.signUpStep).toBe("CONFIRM_SIGN_UP");
    const c = await confirmSignUp({ username: email, confirmationCode: await latestCode(up.url, email) });
    expect(c.nextStep.signUpStep).toBe("COMPLETE_AUTO_SIGN_IN");
    const signedIn = await autoSignIn();
    expect(signedIn.isSignedIn).toBe(true);
    expect((await fetchUserAttributes()).email).toBe(email);
    expect((await fetchAuthSession()).userSub).toBe(s.userId);
    await signOut();
  });

  it("signUp with a password and autoSignIn with USER_AUTH signs in without asking for anything", async () => {
    const email = uniqueEmail("amplify-pw");
    await signUp({
      username: email,
      password: GOOD_PASSWORD,
      options: { userAttributes: { email }, autoSignIn: { authFlowType: "USER_AUTH" } },
    });
    const c = await confirmSignUp({ username: email, confirmationCode: await latestCode(up.url, email) });
    expect(c.nextStep.signUpStep).toBe("COMPLETE_AUTO_SIGN_IN");
    expect((await autoSignIn()).isSignedIn).toBe(true);
    await signOut();
  });
});

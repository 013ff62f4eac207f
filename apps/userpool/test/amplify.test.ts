/**
 * aws-amplify v6 in Node, unmodified, pointed at the server through Auth.Cognito.userPoolEndpoint:
 * sign-up + confirmation, signIn (default SRP flow), fetchAuthSession including forceRefresh (which
 * Amplify ≥ 6.15.4 does only through GetTokensFromRefreshToken), fetchUserAttributes, signOut.
 * Amplify keeps global state, so it has this file to itself.
 */
import { Amplify } from "aws-amplify";
import {
  confirmSignUp,
  fetchAuthSession,
  fetchUserAttributes,
  getCurrentUser,
  signIn,
  signOut,
  signUp,
} from "aws-amplify/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CLIENT_ID,
  GOOD_PASSWORD,
  POOL_ID,
  latestCode,
  startTestUserpool,
  uniqueEmail,
  type TestUserpool,
} from "./support/userpool.js";

let up: TestUserpool;
const logLines: Record<string, unknown>[] = [];
beforeAll(async () => {
  up = await startTestUserpool({
    logLevel: "info",
    logDestination: { write: (s: string) => void logLines.push(JSON.parse(s)) },
  });
  Amplify.configure({
    Auth: { Cognito: { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, userPoolEndpoint: up.url } },
  });
});
afterAll(async () => {
  await signOut().catch(() => {});
  await up?.close();
});

const operations = () => logLines.map((l) => l.op).filter(Boolean);

describe("aws-amplify v6", () => {
  const email = uniqueEmail("amplify");

  it("signUp and confirmSignUp", async () => {
    const r = await signUp({ username: email, password: GOOD_PASSWORD, options: { userAttributes: { email } } });
    expect(r.isSignUpComplete).toBe(false);
    expect(r.nextStep.signUpStep).toBe("CONFIRM_SIGN_UP");
    const c = await confirmSignUp({ username: email, confirmationCode: await latestCode(up.url, email) });
    expect(c.isSignUpComplete).toBe(true);
  });

  it("signIn with a wrong password is refused", async () => {
    await expect(signIn({ username: email, password: "Wrong-Passw0rd!" })).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
  });

  it("signIn uses SRP by default and completes", async () => {
    const before = operations().length;
    const r = await signIn({ username: email, password: GOOD_PASSWORD });
    expect(r).toMatchObject({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    expect(operations().slice(before)).toEqual(["InitiateAuth", "RespondToAuthChallenge"]);
    const current = await getCurrentUser();
    expect(current.signInDetails?.loginId).toBe(email);
  });

  it("fetchAuthSession returns the tokens; forceRefresh goes through GetTokensFromRefreshToken", async () => {
    const s1 = await fetchAuthSession();
    const id1 = s1.tokens!.idToken!;
    expect(id1.payload).toMatchObject({ email, iss: up.issuer(POOL_ID), aud: CLIENT_ID, token_use: "id" });
    const before = operations().length;
    const s2 = await fetchAuthSession({ forceRefresh: true });
    expect(operations().slice(before)).toEqual(["GetTokensFromRefreshToken"]);
    expect(s2.tokens!.idToken!.toString()).not.toBe(id1.toString());
    expect(s2.tokens!.idToken!.payload.origin_jti).toBe(id1.payload.origin_jti);
    expect(s2.tokens!.accessToken.payload.token_use).toBe("access");
  });

  it("fetchUserAttributes reads the user through GetUser", async () => {
    const attrs = await fetchUserAttributes();
    expect(attrs).toMatchObject({ email, email_verified: "true" });
    expect(attrs.sub).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("signOut clears the local session", async () => {
    await signOut();
    await expect(getCurrentUser()).rejects.toMatchObject({ name: "UserUnAuthenticatedException" });
  });
});

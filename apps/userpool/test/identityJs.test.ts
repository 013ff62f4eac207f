/**
 * amazon-cognito-identity-js, unmodified: sign-up, confirmation, SRP sign-in with the right and a
 * wrong password, user attributes (GetUser) and session refresh (REFRESH_TOKEN_AUTH).
 */
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
} from "amazon-cognito-identity-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStorage } from "./support/identityJs.js";
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
let pool: CognitoUserPool;
const storage = new MemoryStorage();
beforeAll(async () => {
  up = await startTestUserpool();
  pool = new CognitoUserPool({ UserPoolId: POOL_ID, ClientId: CLIENT_ID, endpoint: up.url, Storage: storage });
});
afterAll(async () => {
  await up?.close();
});

function signIn(username: string, password: string): Promise<CognitoUserSession> {
  const user = new CognitoUser({ Username: username, Pool: pool, Storage: storage });
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
      newPasswordRequired: () => reject(new Error("unexpected NEW_PASSWORD_REQUIRED")),
    }),
  );
}

describe("amazon-cognito-identity-js", () => {
  let email: string;

  it("signs up and confirms with the mailed code", async () => {
    email = uniqueEmail("idjs");
    const result = await new Promise<{ userSub: string; userConfirmed: boolean }>((resolve, reject) =>
      pool.signUp(email, GOOD_PASSWORD, [new CognitoUserAttribute({ Name: "email", Value: email })], [], (err, r) =>
        err ? reject(err) : resolve(r!),
      ),
    );
    expect(result.userConfirmed).toBe(false);
    const user = new CognitoUser({ Username: email, Pool: pool, Storage: storage });
    const code = await latestCode(up.url, email);
    await new Promise((resolve, reject) =>
      user.confirmRegistration(code, true, (err, r) => (err ? reject(err) : resolve(r))),
    );
  });

  it("SRP sign-in with the right password yields a valid session for the user", async () => {
    const session = await signIn(email, GOOD_PASSWORD);
    expect(session.isValid()).toBe(true);
    expect(session.getIdToken().payload).toMatchObject({
      email,
      email_verified: true,
      aud: CLIENT_ID,
      iss: up.issuer(POOL_ID),
    });
    expect(session.getAccessToken().payload.token_use).toBe("access");
  });

  it("SRP sign-in with a wrong password fails with NotAuthorizedException", async () => {
    await expect(signIn(email, "Wrong-Passw0rd!")).rejects.toMatchObject({
      code: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
  });

  it("reads attributes (GetUser) and refreshes the session (REFRESH_TOKEN_AUTH)", async () => {
    const session = await signIn(email, GOOD_PASSWORD);
    const user = new CognitoUser({ Username: email, Pool: pool, Storage: storage });
    user.setSignInUserSession(session);
    const attrs = await new Promise<CognitoUserAttribute[]>((resolve, reject) =>
      user.getUserAttributes((err, r) => (err ? reject(err) : resolve(r!))),
    );
    expect(Object.fromEntries(attrs.map((a) => [a.getName(), a.getValue()]))).toMatchObject({
      email,
      email_verified: "true",
    });
    const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.refreshSession(session.getRefreshToken(), (err, s) => (err ? reject(err) : resolve(s))),
    );
    expect(refreshed.getIdToken().payload.origin_jti).toBe(session.getIdToken().payload.origin_jti);
    expect(refreshed.getIdToken().getJwtToken()).not.toBe(session.getIdToken().getJwtToken());
  });
});

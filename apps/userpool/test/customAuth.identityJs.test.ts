/**
 * CUSTOM_AUTH with amazon-cognito-identity-js, unmodified: authenticationFlowType "CUSTOM_AUTH" with
 * initiateAuth (no password) and with authenticateUser (SRP_A and PASSWORD_VERIFIER first), the
 * customChallenge callback and sendCustomChallengeAnswer, a wrong answer asked again and
 * failAuthentication ending in onFailure, and a remembered device (the cached key sent with the answer,
 * DEVICE_SRP_AUTH answered by the library, no new device). Trigger functions are written by the tests
 * (support/customAuth.ts). Runs on SQLite and, with USERPOOL_DATABASE_URL, on PostgreSQL.
 */
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from "amazon-cognito-identity-js";
import { AdminListDevicesCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CUSTOM_CLIENT_ID,
  CUSTOM_POOL_ID,
  customAuthConfig,
  DEVICE_CLIENT_ID,
  DEVICE_POOL_ID,
  oneQuestion,
} from "./support/customAuth.js";
import { testEngines } from "./support/engines.js";
import { MemoryStorage } from "./support/identityJs.js";
import { confirmedUser } from "./support/lifecycle.js";
import { eventsOf, RECORDER, resetRecorder } from "./support/triggerPools.js";
import {
  CLIENT_SECRET,
  GOOD_PASSWORD,
  startTestUserpoolOn,
  uniqueEmail,
  type EngineUserpool,
} from "./support/userpool.js";

type Outcome =
  | { step: "success"; session: CognitoUserSession }
  | { step: "challenge"; params: any }
  | { step: "failure"; err: any };

/** identity-js's callbacks as a promise: the next thing the library reports. */
function callbacks(resolve: (o: Outcome) => void) {
  return {
    onSuccess: (session: CognitoUserSession) => resolve({ step: "success", session }),
    onFailure: (err: unknown) => resolve({ step: "failure", err }),
    customChallenge: (params: unknown) => resolve({ step: "challenge", params }),
  };
}

describe.each(testEngines())("CUSTOM_AUTH with amazon-cognito-identity-js on $name", (engine) => {
  let up: EngineUserpool;
  let pool: CognitoUserPool;

  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, {
      config: customAuthConfig(RECORDER, "arn:aws:lambda:us-east-1:123456789012:function:unused"),
      env: { TEST_CLIENT_SECRET: CLIENT_SECRET },
    });
    pool = new CognitoUserPool({
      UserPoolId: CUSTOM_POOL_ID,
      ClientId: CUSTOM_CLIENT_ID,
      endpoint: up.url,
      Storage: new MemoryStorage(),
    });
  });
  afterAll(async () => {
    await up?.stop();
  });
  beforeEach(() => resetRecorder());

  const cognitoUser = (email: string) => {
    const u = new CognitoUser({ Username: email, Pool: pool, Storage: new MemoryStorage() });
    u.setAuthenticationFlowType("CUSTOM_AUTH");
    return u;
  };
  const sendAnswer = (u: CognitoUser, answer: string) =>
    new Promise<Outcome>((resolve) => u.sendCustomChallengeAnswer(answer, callbacks(resolve)));

  it("initiateAuth without a password: customChallenge, a wrong answer asked again, then onSuccess", async () => {
    oneQuestion();
    const { email, sub } = await confirmedUser(up, { email: uniqueEmail("idjs-custom") });
    const u = cognitoUser(email);
    const first = await new Promise<Outcome>((resolve) =>
      u.initiateAuth(new AuthenticationDetails({ Username: email }), callbacks(resolve)),
    );
    expect(first).toEqual({
      step: "challenge",
      params: { question: "What is six times seven?", USERNAME: sub },
    });
    const again = await sendAnswer(u, "6 * 7");
    expect(again.step).toBe("challenge");
    const done = await sendAnswer(u, "42");
    expect(done.step).toBe("success");
    if (done.step !== "success") return;
    expect(done.session.isValid()).toBe(true);
    expect(done.session.getIdToken().payload.sub).toBe(sub);
    expect(eventsOf("DefineAuthChallenge_Authentication")).toHaveLength(3);
  });

  it("authenticateUser with CUSTOM_AUTH: SRP_A and the password first, then the custom challenge", async () => {
    oneQuestion();
    const { email, sub } = await confirmedUser(up, { email: uniqueEmail("idjs-custom-srp") });
    const u = cognitoUser(email);
    const first = await new Promise<Outcome>((resolve) =>
      u.authenticateUser(new AuthenticationDetails({ Username: email, Password: GOOD_PASSWORD }), callbacks(resolve)),
    );
    expect(first.step).toBe("challenge");
    expect(eventsOf("DefineAuthChallenge_Authentication").at(-1).request.session).toEqual([
      { challengeName: "SRP_A", challengeResult: true, challengeMetadata: null },
      { challengeName: "PASSWORD_VERIFIER", challengeResult: true, challengeMetadata: null },
    ]);
    const done = await sendAnswer(u, "42");
    expect(done.step === "success" && done.session.getAccessToken().payload.sub).toBe(sub);

    // The wrong password fails before any custom challenge.
    const wrong = await new Promise<Outcome>((resolve) =>
      cognitoUser(email).authenticateUser(
        new AuthenticationDetails({ Username: email, Password: "Wr0ng-Password!" }),
        callbacks(resolve),
      ),
    );
    expect(wrong.step === "failure" && [wrong.err.code, wrong.err.message]).toEqual([
      "NotAuthorizedException",
      "Incorrect username or password.",
    ]);
  });

  it("failAuthentication reaches onFailure as NotAuthorizedException", async () => {
    oneQuestion(1);
    const { email } = await confirmedUser(up, { email: uniqueEmail("idjs-custom-fail") });
    const u = cognitoUser(email);
    await new Promise<Outcome>((resolve) =>
      u.initiateAuth(new AuthenticationDetails({ Username: email }), callbacks(resolve)),
    );
    const failed = await sendAnswer(u, "7");
    expect(failed.step === "failure" && [failed.err.code, failed.err.message]).toEqual([
      "NotAuthorizedException",
      "Incorrect username or password.",
    ]);
  });

  it("a remembered device: the cached key goes with the answer, the library answers DEVICE_SRP_AUTH", async () => {
    oneQuestion();
    const storage = new MemoryStorage();
    const devicePool = new CognitoUserPool({
      UserPoolId: DEVICE_POOL_ID,
      ClientId: DEVICE_CLIENT_ID,
      endpoint: up.url,
      Storage: storage,
    });
    const { email, sub } = await confirmedUser(up, { clientId: DEVICE_CLIENT_ID, email: uniqueEmail("idjs-cdev") });
    // USER_SRP_AUTH: the library confirms the new device and caches its key under the username (sub).
    const srp = await new Promise<Outcome>((resolve) =>
      new CognitoUser({ Username: email, Pool: devicePool, Storage: storage }).authenticateUser(
        new AuthenticationDetails({ Username: email, Password: GOOD_PASSWORD }),
        callbacks(resolve),
      ),
    );
    expect(srp.step).toBe("success");
    const listed = async () =>
      (await up.admin.send(new AdminListDevicesCommand({ UserPoolId: DEVICE_POOL_ID, Username: email }))).Devices?.map(
        (d) => d.DeviceKey,
      );
    const [deviceKey] = (await listed()) ?? [];
    expect(deviceKey).toMatch(/^us-east-1_/);

    const u = new CognitoUser({ Username: sub, Pool: devicePool, Storage: storage });
    u.setAuthenticationFlowType("CUSTOM_AUTH");
    const first = await new Promise<Outcome>((resolve) =>
      u.initiateAuth(new AuthenticationDetails({ Username: sub }), callbacks(resolve)),
    );
    expect(first.step).toBe("challenge");
    const done = await sendAnswer(u, "42");
    expect(done.step === "success" && done.session.getAccessToken().payload.device_key).toBe(deviceKey);
    expect(await listed()).toEqual([deviceKey]);
  });
});

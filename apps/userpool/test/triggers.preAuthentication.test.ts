/**
 * PreAuthentication for names no user has (developer guide, "Pre authentication Lambda trigger": it
 * runs for an unknown user only when the app client has PreventUserExistenceErrors ENABLED, and
 * `userNotFound` is populated only then). Through the AWS SDK with the recording function
 * (support/triggers/recorder.mjs), on every engine: the password flows (after UserMigration), SRP, a
 * LEGACY client, and a function that refuses (ADR 0022). The custom flow is in customAuth.sdk, the
 * hosted login page in triggers.hosted.
 */
import {
  AdminInitiateAuthCommand,
  InitiateAuthCommand,
  type AuthFlowType,
} from "@aws-sdk/client-cognito-identity-provider";
import { compareEventShape, loadFixture } from "@authhub/triggers/fixtures";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { confirmedUser, passwordSignIn, rejection } from "./support/lifecycle.js";
import { srpSignIn } from "./support/signIn.js";
import { createClientEphemeral, srpAuthParameters } from "./support/srpClient.js";
import { allTriggers, eventsOf, RECORDER, recorder, resetRecorder, triggerConfig } from "./support/triggerPools.js";
import {
  CLIENT_ID,
  GOOD_PASSWORD,
  LEGACY_CLIENT_ID,
  POOL_ID,
  startTestUserpoolOn,
  uniqueEmail,
  type EngineUserpool,
} from "./support/userpool.js";

const WRONG_PASSWORD = "Wr0ng-Horse!";
const INCORRECT = ["NotAuthorizedException", "Incorrect username or password."];

/** The one PreAuthentication event of the test so far, checked against Cognito's recording. */
function preAuthentication() {
  const events = eventsOf("PreAuthentication_Authentication");
  expect(events).toHaveLength(1);
  expect(compareEventShape(events[0], loadFixture("pre-authentication-authentication"))).toEqual([]);
  return events[0];
}

describe.each(testEngines())("PreAuthentication for unknown names on $name", (engine) => {
  let up: EngineUserpool;
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, { config: triggerConfig(allTriggers(RECORDER)) });
  });
  afterAll(() => up?.stop());
  beforeEach(() => resetRecorder());

  /** A password sign-in through `flow` (InitiateAuth, or AdminInitiateAuth for the admin flow). */
  const signIn = (flow: "USER_PASSWORD_AUTH" | "ADMIN_USER_PASSWORD_AUTH" | "USER_SRP_AUTH", username: string) => {
    const AuthParameters =
      flow === "USER_SRP_AUTH"
        ? srpAuthParameters(username, createClientEphemeral({ aBytes: 32 }))
        : { USERNAME: username, PASSWORD: WRONG_PASSWORD };
    const request = { AuthFlow: flow as AuthFlowType, ClientId: CLIENT_ID, AuthParameters };
    return flow === "ADMIN_USER_PASSWORD_AUTH"
      ? up.admin.send(new AdminInitiateAuthCommand({ ...request, UserPoolId: POOL_ID }))
      : up.anon.send(new InitiateAuthCommand(request));
  };

  it("USER_PASSWORD_AUTH: UserMigration, then PreAuthentication with userNotFound; as a wrong password", async () => {
    const ghost = uniqueEmail("ghost");
    const err = await rejection(
      up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: { USERNAME: ghost, PASSWORD: GOOD_PASSWORD },
          ClientMetadata: { from: "initiate" },
        }),
      ),
    );
    expect([err.name, err.message]).toEqual(INCORRECT);
    expect(recorder().events.map((e) => e.triggerSource)).toEqual([
      "UserMigration_Authentication",
      "PreAuthentication_Authentication",
    ]);
    const event = preAuthentication();
    expect(event).toMatchObject({ userName: ghost, callerContext: { clientId: CLIENT_ID } });
    expect(event.request).toEqual({ userAttributes: {}, validationData: { from: "initiate" }, userNotFound: true });

    // A known user on the same client: userNotFound false, and a wrong password gets the same answer.
    const { email, sub } = await confirmedUser(up);
    resetRecorder();
    const known = await rejection(signIn("USER_PASSWORD_AUTH", email));
    expect([known.name, known.message]).toEqual(INCORRECT);
    const knownEvent = preAuthentication();
    expect([knownEvent.userName, knownEvent.request.userNotFound, knownEvent.request.userAttributes.sub]).toEqual([
      sub,
      false,
      sub,
    ]);
  });

  it("ADMIN_USER_PASSWORD_AUTH and USER_SRP_AUTH run it for an unknown name too, at (Admin)InitiateAuth", async () => {
    const ghost = uniqueEmail("ghost");
    expect(await rejection(signIn("ADMIN_USER_PASSWORD_AUTH", ghost)).then((e) => [e.name, e.message])).toEqual(
      INCORRECT,
    );
    expect([preAuthentication().userName, preAuthentication().request.userNotFound]).toEqual([ghost, true]);

    resetRecorder();
    // SRP: the trigger runs before the (simulated) challenge is handed out, as for a user.
    const started = await signIn("USER_SRP_AUTH", ghost);
    expect(started.ChallengeName).toBe("PASSWORD_VERIFIER");
    const event = preAuthentication();
    expect([event.userName, event.request.userNotFound, event.request.userAttributes]).toEqual([ghost, true, {}]);

    const { email, sub } = await confirmedUser(up);
    resetRecorder();
    await srpSignIn(up.anon, { poolId: POOL_ID, clientId: CLIENT_ID, username: email, password: GOOD_PASSWORD });
    expect([preAuthentication().userName, preAuthentication().request.userNotFound]).toEqual([sub, false]);
  });

  it("a name UserMigration creates is a user by the time PreAuthentication runs: userNotFound false", async () => {
    const legacy = uniqueEmail("migrated");
    recorder().behaviour.UserMigration_Authentication = (e) => ({
      ...e,
      response: { ...e.response, userAttributes: { email: e.userName, email_verified: "true" } },
    });
    expect((await passwordSignIn(up, legacy, GOOD_PASSWORD)).AccessToken).toEqual(expect.any(String));
    const event = preAuthentication();
    expect([event.request.userNotFound, event.request.userAttributes.email]).toEqual([false, legacy]);
  });

  it("LEGACY client: an unknown name is UserNotFoundException without PreAuthentication, no userNotFound", async () => {
    const err = await rejection(
      up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: LEGACY_CLIENT_ID,
          AuthParameters: { USERNAME: uniqueEmail("ghost"), PASSWORD: GOOD_PASSWORD },
        }),
      ),
    );
    expect([err.name, err.message]).toEqual(["UserNotFoundException", "User does not exist."]);
    expect(recorder().events.map((e) => e.triggerSource)).toEqual(["UserMigration_Authentication"]);

    const { email } = await confirmedUser(up);
    resetRecorder();
    await passwordSignIn(up, email, GOOD_PASSWORD, LEGACY_CLIENT_ID);
    expect(preAuthentication().request).not.toHaveProperty("userNotFound");
  });

  it(
    "a refusing function gets the same answer for unknown and known names in every flow, " +
      "and its refusals count toward no lockout (ADR 0022)",
    async () => {
      const { email } = await confirmedUser(up);
      const ghost = uniqueEmail("ghost");
      recorder().behaviour.PreAuthentication_Authentication = () => {
        throw new Error("sign-in paused");
      };
      const refused = ["UserLambdaValidationException", "PreAuthentication failed with error sign-in paused."];
      for (const flow of ["USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "USER_SRP_AUTH"] as const) {
        for (const name of [email, ghost]) {
          // Six refusals: one more than lockout allows wrong passwords.
          for (let i = 0; i < 6; i++) {
            const err = await rejection(signIn(flow, name));
            expect([flow, name, err.name, err.message]).toEqual([flow, name, ...refused]);
          }
        }
      }
      expect(eventsOf("PreAuthentication_Authentication").map((e) => e.request.userNotFound)).toEqual(
        Array.from({ length: 36 }, (_, i) => Math.floor(i / 6) % 2 === 1),
      );
      delete recorder().behaviour.PreAuthentication_Authentication;
      // Nothing was counted: the user signs in, and the unknown name still gets a wrong password's answer.
      expect((await passwordSignIn(up, email, GOOD_PASSWORD)).AccessToken).toEqual(expect.any(String));
      expect(await rejection(signIn("USER_PASSWORD_AUTH", ghost)).then((e) => [e.name, e.message])).toEqual(INCORRECT);
    },
  );
});

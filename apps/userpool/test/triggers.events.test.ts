/**
 * The events the userpool sends have Cognito's shape: every trigger is pointed at a recording
 * function, real flows run through the AWS SDK, and each recorded event is compared (keys and value
 * types) with the recorded Cognito fixtures of @authhub/triggers. Runs on SQLite and, with
 * USERPOOL_DATABASE_URL, on PostgreSQL.
 */
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  UpdateUserAttributesCommand,
  RespondToAuthChallengeCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { compareEventShape, loadFixture, type FixtureName } from "@authhub/triggers/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { srpSignIn } from "./support/signIn.js";
import {
  POOL2_CLIENT_ID,
  POOL2_ID,
  RECORDER,
  allTriggers,
  eventsOf,
  recorder,
  resetRecorder,
  triggerConfig,
} from "./support/triggerPools.js";
import {
  CLIENT_ID,
  GOOD_PASSWORD,
  latestCode,
  POOL_ID,
  startTestUserpoolOn,
  uniqueEmail,
  type EngineUserpool,
  type TestUserpool,
} from "./support/userpool.js";

/** The recorded Cognito event each trigger source is compared with (same shape across a trigger's sources). */
function fixtureFor(event: { triggerSource: string; version: string }): FixtureName | undefined {
  const s = event.triggerSource;
  if (s.startsWith("PreSignUp_")) return "pre-sign-up-sign-up";
  if (s.startsWith("PostConfirmation_")) return "post-confirmation-confirm-sign-up";
  if (s === "PreAuthentication_Authentication") return "pre-authentication-authentication";
  if (s === "PostAuthentication_Authentication") return "post-authentication-authentication";
  if (s.startsWith("CustomMessage_")) return "custom-message-sign-up";
  if (s.startsWith("UserMigration_")) return "user-migration-authentication";
  if (s === "TokenGeneration_RefreshTokens")
    return event.version === "1" ? "pre-token-generation-v1-refresh-tokens" : "pre-token-generation-v2-refresh-tokens";
  if (s.startsWith("TokenGeneration_"))
    return event.version === "1" ? "pre-token-generation-v1-authentication" : "pre-token-generation-v2-authentication";
  return undefined;
}

async function signUpAndConfirm(
  up: TestUserpool,
  clientId: string,
  email: string,
  clientMetadata?: Record<string, string>,
): Promise<string> {
  const { UserSub } = await up.anon.send(
    new SignUpCommand({ ClientId: clientId, Username: email, Password: GOOD_PASSWORD, ClientMetadata: clientMetadata }),
  );
  await up.anon.send(
    new ConfirmSignUpCommand({
      ClientId: clientId,
      Username: email,
      ConfirmationCode: await latestCode(up.url, email),
      ClientMetadata: clientMetadata,
    }),
  );
  return UserSub!;
}

async function refresh(client: CognitoIdentityProviderClient, clientId: string, refreshToken: string) {
  return client.send(
    new InitiateAuthCommand({
      AuthFlow: "REFRESH_TOKEN_AUTH",
      ClientId: clientId,
      AuthParameters: { REFRESH_TOKEN: refreshToken },
      ClientMetadata: { from: "refresh" },
    }),
  );
}

describe.each(testEngines())("trigger events on $name have Cognito's shape", (engine) => {
  let up: EngineUserpool;
  beforeAll(async () => {
    resetRecorder();
    up = await startTestUserpoolOn(engine, {
      config: triggerConfig(allTriggers(RECORDER, "V1_0"), allTriggers(RECORDER, "V2_0")),
    });
  });
  afterAll(() => up?.stop());

  it(
    "sign-up, confirmation, SRP sign-in and refresh (V1_0 and V2_0), " +
      "resend, AdminCreateUser and migration events all match the recordings",
    async () => {
      const email = uniqueEmail("events");
      const sub = await signUpAndConfirm(up, CLIENT_ID, email, { from: "signup" });
      const signedIn = await srpSignIn(up.anon, {
        poolId: POOL_ID,
        clientId: CLIENT_ID,
        username: email,
        password: GOOD_PASSWORD,
      });
      await refresh(up.anon, CLIENT_ID, signedIn.AuthenticationResult!.RefreshToken!);

      const email2 = uniqueEmail("events-v2");
      await signUpAndConfirm(up, POOL2_CLIENT_ID, email2);
      const signedIn2 = await srpSignIn(up.anon, {
        poolId: POOL2_ID,
        clientId: POOL2_CLIENT_ID,
        username: email2,
        password: GOOD_PASSWORD,
      });
      await refresh(up.anon, POOL2_CLIENT_ID, signedIn2.AuthenticationResult!.RefreshToken!);

      const unconfirmed = uniqueEmail("resend");
      await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: unconfirmed, Password: GOOD_PASSWORD }));
      await up.anon.send(
        new ResendConfirmationCodeCommand({
          ClientId: CLIENT_ID,
          Username: unconfirmed,
          ClientMetadata: { from: "resend" },
        }),
      );
      await up.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: POOL_ID,
          Username: uniqueEmail("invited"),
          ClientMetadata: { from: "admin" },
        }),
      );
      // Unknown to the pool and to the (recording) migration function: the sign-in fails, the event was sent.
      await expect(
        up.anon.send(
          new InitiateAuthCommand({
            AuthFlow: "USER_PASSWORD_AUTH",
            ClientId: CLIENT_ID,
            AuthParameters: { USERNAME: uniqueEmail("legacy"), PASSWORD: GOOD_PASSWORD },
            ClientMetadata: { from: "initiate" },
          }),
        ),
      ).rejects.toMatchObject({ name: "NotAuthorizedException" });

      const events = recorder().events;
      const sources = new Set(events.map((e) => `${e.triggerSource}/${e.version}`));
      expect([...sources].sort()).toEqual(
        [
          "PreSignUp_SignUp/1",
          "PreSignUp_AdminCreateUser/1",
          "CustomMessage_SignUp/1",
          "CustomMessage_ResendCode/1",
          "CustomMessage_AdminCreateUser/1",
          "PostConfirmation_ConfirmSignUp/1",
          "PreAuthentication_Authentication/1",
          "PostAuthentication_Authentication/1",
          "TokenGeneration_Authentication/1",
          "TokenGeneration_RefreshTokens/1",
          "TokenGeneration_Authentication/2",
          "TokenGeneration_RefreshTokens/2",
          "UserMigration_Authentication/1",
        ].sort(),
      );
      for (const event of events) {
        const fixture = fixtureFor(event);
        if (!fixture) continue;
        expect({ source: event.triggerSource, problems: compareEventShape(event, loadFixture(fixture)) }).toEqual({
          source: event.triggerSource,
          problems: [],
        });
      }

      // Values, not just types: the pool, the user and the caller.
      const [pre] = eventsOf("TokenGeneration_Authentication").filter((e) => e.version === "1");
      expect(pre).toMatchObject({
        region: "us-east-1",
        userPoolId: POOL_ID,
        userName: sub,
        callerContext: { clientId: CLIENT_ID },
      });
      expect(pre.request.userAttributes).toMatchObject({
        sub,
        email,
        email_verified: "true",
        "cognito:user_status": "CONFIRMED",
      });
      expect(eventsOf("PreSignUp_AdminCreateUser")[0].callerContext.clientId).toBe("CLIENT_ID_NOT_APPLICABLE");
      expect(eventsOf("CustomMessage_AdminCreateUser")[0].request.usernameParameter).toBe("{username}");
      expect(eventsOf("UserMigration_Authentication")[0].request.password).toBe(GOOD_PASSWORD);
    },
  );

  it(
    "forgot password (with and without migration) " +
      "and the new-password challenge send their sources in the same shapes",
    async () => {
      const known = uniqueEmail("forgot-known");
      await signUpAndConfirm(up, CLIENT_ID, known);
      await up.anon.send(
        new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: known, ClientMetadata: { from: "forgot" } }),
      );
      await up.anon.send(
        new ConfirmForgotPasswordCommand({
          ClientId: CLIENT_ID,
          Username: known,
          ConfirmationCode: await latestCode(up.url, known),
          Password: `${GOOD_PASSWORD}2`,
          ClientMetadata: { from: "confirm-forgot" },
        }),
      );

      // A name only the migration function knows: created without a password, in RESET_REQUIRED.
      const legacy = uniqueEmail("forgot-legacy");
      recorder().behaviour.UserMigration_ForgotPassword = (e) => ({
        ...e,
        response: { ...e.response, userAttributes: { email: e.userName, email_verified: "true" } },
      });
      await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: legacy }));
      expect((await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: legacy }))).UserStatus).toBe(
        "RESET_REQUIRED",
      );

      const invited = uniqueEmail("new-password");
      await up.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: POOL_ID,
          Username: invited,
          TemporaryPassword: "Temp-Passw0rd!x",
          MessageAction: "SUPPRESS",
        }),
      );
      const challenge = await up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: { USERNAME: invited, PASSWORD: "Temp-Passw0rd!x" },
        }),
      );
      expect(challenge.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
      await up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: CLIENT_ID,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: invited, NEW_PASSWORD: GOOD_PASSWORD },
          ClientMetadata: { from: "challenge" },
        }),
      );

      for (const source of [
        "CustomMessage_ForgotPassword",
        "PostConfirmation_ConfirmForgotPassword",
        "UserMigration_ForgotPassword",
        "TokenGeneration_NewPasswordChallenge",
      ]) {
        const [event] = eventsOf(source);
        expect(event, source).toBeDefined();
        const recorded = loadFixture(fixtureFor(event)!) as Record<string, any>;
        // The forgot-password migration carries no password: the user typed none.
        if (source === "UserMigration_ForgotPassword") delete recorded.request.password;
        expect({ source, problems: compareEventShape(event, recorded) }).toEqual({ source, problems: [] });
      }
      expect(eventsOf("CustomMessage_ForgotPassword")[0].request.clientMetadata).toEqual({ from: "forgot" });
      expect(eventsOf("PostConfirmation_ConfirmForgotPassword")[0].request.clientMetadata).toEqual({
        from: "confirm-forgot",
      });
      expect(eventsOf("UserMigration_ForgotPassword")[0].request).not.toHaveProperty("password");
      expect(eventsOf("TokenGeneration_NewPasswordChallenge")[0].request.clientMetadata).toEqual({ from: "challenge" });
    },
  );

  it(
    "attribute updates: CustomMessage_UpdateUserAttribute " + "and CustomMessage_VerifyUserAttribute in the same shape",
    async () => {
      const email = uniqueEmail("attrs");
      await signUpAndConfirm(up, CLIENT_ID, email);
      const { AuthenticationResult } = await srpSignIn(up.anon, {
        poolId: POOL_ID,
        clientId: CLIENT_ID,
        username: email,
        password: GOOD_PASSWORD,
      });
      const accessToken = AuthenticationResult!.AccessToken!;
      await up.anon.send(
        new UpdateUserAttributesCommand({
          AccessToken: accessToken,
          UserAttributes: [{ Name: "email", Value: uniqueEmail("attrs-new") }],
          ClientMetadata: { from: "update" },
        }),
      );
      await up.anon.send(
        new GetUserAttributeVerificationCodeCommand({
          AccessToken: accessToken,
          AttributeName: "email",
          ClientMetadata: { from: "verify" },
        }),
      );
      for (const [source, from] of [
        ["CustomMessage_UpdateUserAttribute", "update"],
        ["CustomMessage_VerifyUserAttribute", "verify"],
      ] as const) {
        const [event] = eventsOf(source);
        expect(event, source).toBeDefined();
        expect({ source, problems: compareEventShape(event, loadFixture("custom-message-sign-up")) }).toEqual({
          source,
          problems: [],
        });
        expect(event.request.clientMetadata).toEqual({ from });
      }
    },
  );

  it("PreAuthentication and PostAuthentication: their recordings, an empty response, newDeviceUsed", () => {
    for (const source of ["PreAuthentication_Authentication", "PostAuthentication_Authentication"]) {
      const [event] = eventsOf(source);
      expect(event, source).toBeDefined();
      expect({ source, problems: compareEventShape(event, loadFixture(fixtureFor(event)!)) }).toEqual({
        source,
        problems: [],
      });
      expect(event.response).toEqual({});
    }
    // The test pool remembers no devices: newDeviceUsed is false (post authentication trigger reference).
    expect(eventsOf("PostAuthentication_Authentication")[0].request.newDeviceUsed).toBe(false);
  });

  it("ClientMetadata reaches the triggers Cognito passes it to, and only those", () => {
    // SignUp / ConfirmSignUp / ResendConfirmationCode / AdminCreateUser pass it as clientMetadata.
    expect(eventsOf("PreSignUp_SignUp")[0].request.clientMetadata).toEqual({ from: "signup" });
    expect(eventsOf("CustomMessage_SignUp")[0].request.clientMetadata).toEqual({ from: "signup" });
    expect(eventsOf("PostConfirmation_ConfirmSignUp")[0].request.clientMetadata).toEqual({ from: "signup" });
    expect(eventsOf("CustomMessage_ResendCode")[0].request.clientMetadata).toEqual({ from: "resend" });
    expect(eventsOf("PreSignUp_AdminCreateUser")[0].request.clientMetadata).toEqual({ from: "admin" });
    // InitiateAuth: as validationData for UserMigration, and to no token trigger (refresh included).
    const migration = eventsOf("UserMigration_Authentication")[0];
    expect([migration.request.validationData, migration.request.clientMetadata]).toEqual([
      { from: "initiate" },
      undefined,
    ]);
    for (const e of eventsOf("TokenGeneration_RefreshTokens")) expect(e.request).not.toHaveProperty("clientMetadata");
  });
});

/**
 * The lifecycle operations call the Lambda trigger seam at Cognito's trigger points: CustomMessage
 * (ForgotPassword, UpdateUserAttribute, VerifyUserAttribute, AdminCreateUser), PostConfirmation
 * (ConfirmForgotPassword), UserMigration (ForgotPassword: an unknown user the trigger knows is
 * created in RESET_REQUIRED and gets a code). A recording Triggers implementation stands in for
 * the runtime.
 */
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  UpdateUserAttributesCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noTriggers, type Triggers } from "../src/services/triggers.js";
import { testEngines } from "./support/engines.js";
import { confirmedUser, passwordSignIn, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { CLIENT_ID, POOL_ID, latestCode, latestMessage, uniqueEmail } from "./support/userpool.js";

describe.each(testEngines())("trigger seams in the lifecycle operations on $name", (engine) => {
  let up: EngineUserpool;
  const calls: { trigger: string; source: string; username?: string; clientId?: string }[] = [];
  const migrated = uniqueEmail("legacy");
  const triggers: Triggers = {
    ...noTriggers,
    customMessage: async (ctx) => {
      calls.push({ trigger: "CustomMessage", source: ctx.source, ...(ctx.client ? { clientId: ctx.client.id } : {}) });
      // Cognito's CustomMessage may replace the text; the code placeholder must survive.
      return ctx.source === "CustomMessage_ForgotPassword"
        ? { subject: "Reset", message: `Reset code ${ctx.codeParameter}` }
        : undefined;
    },
    postConfirmation: async (ctx) => void calls.push({ trigger: "PostConfirmation", source: ctx.source }),
    preSignUp: async (ctx) => {
      calls.push({ trigger: "PreSignUp", source: ctx.source });
      return noTriggers.preSignUp(ctx);
    },
    preTokenGeneration: async (ctx) => {
      calls.push({ trigger: "PreTokenGeneration", source: ctx.source });
      return noTriggers.preTokenGeneration(ctx);
    },
    userMigration: async (ctx) => {
      calls.push({ trigger: "UserMigration", source: ctx.source, username: ctx.username });
      if (ctx.username !== migrated) return undefined;
      return {
        attributes: { email: migrated, email_verified: "true", given_name: "Legacy" },
        finalUserStatus: "RESET_REQUIRED",
        forceAliasCreation: false,
      };
    },
  };
  beforeAll(async () => {
    up = await startOn(engine, { triggers });
  });
  afterAll(async () => {
    await up?.stop();
  });
  const since = (n: number) => calls.slice(n).map((c) => `${c.trigger}:${c.source}`);

  it(
    "ForgotPassword → CustomMessage_ForgotPassword (its text is used); " +
      "ConfirmForgotPassword → PostConfirmation_ConfirmForgotPassword",
    async () => {
      const { email } = await confirmedUser(up);
      const n = calls.length;
      await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: email }));
      const m = await latestMessage(up.url, email);
      expect(m.subject).toBe("Reset");
      expect(m.text).toMatch(/^Reset code \d{6}$/);
      await up.anon.send(
        new ConfirmForgotPasswordCommand({
          ClientId: CLIENT_ID,
          Username: email,
          ConfirmationCode: await latestCode(up.url, email),
          Password: "Reset-Passw0rd!",
        }),
      );
      expect(since(n).filter((c) => !c.startsWith("PreTokenGeneration"))).toEqual([
        "CustomMessage:CustomMessage_ForgotPassword",
        "PostConfirmation:PostConfirmation_ConfirmForgotPassword",
      ]);
      expect(calls.at(-2)?.clientId).toBe(CLIENT_ID);
    },
  );

  it(
    "UpdateUserAttributes → CustomMessage_UpdateUserAttribute; " +
      "GetUserAttributeVerificationCode → CustomMessage_VerifyUserAttribute",
    async () => {
      const { email, password } = await confirmedUser(up);
      const t = await passwordSignIn(up, email, password);
      const n = calls.length;
      await up.anon.send(
        new UpdateUserAttributesCommand({
          AccessToken: t.AccessToken!,
          UserAttributes: [{ Name: "email", Value: uniqueEmail("moved") }],
        }),
      );
      await up.anon.send(
        new GetUserAttributeVerificationCodeCommand({ AccessToken: t.AccessToken!, AttributeName: "email" }),
      );
      expect(since(n).filter((c) => c.startsWith("CustomMessage"))).toEqual([
        "CustomMessage:CustomMessage_UpdateUserAttribute",
        "CustomMessage:CustomMessage_VerifyUserAttribute",
      ]);
    },
  );

  it(
    "AdminCreateUser → PreSignUp_AdminCreateUser, CustomMessage_AdminCreateUser; " +
      "NEW_PASSWORD_REQUIRED → TokenGeneration_NewPasswordChallenge",
    async () => {
      const n = calls.length;
      const email = uniqueEmail("invite");
      await up.admin.send(
        new AdminCreateUserCommand({ UserPoolId: POOL_ID, Username: email, DesiredDeliveryMediums: ["EMAIL"] }),
      );
      expect(since(n)).toEqual(["PreSignUp:PreSignUp_AdminCreateUser", "CustomMessage:CustomMessage_AdminCreateUser"]);
      const temp = /temporary password is (\S+)\. $/.exec((await latestMessage(up.url, email)).text)![1]!;
      const challenge = await up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: { USERNAME: email, PASSWORD: temp },
        }),
      );
      const m = calls.length;
      await up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: CLIENT_ID,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: email, NEW_PASSWORD: "Chosen-Passw0rd!" },
        }),
      );
      expect(since(m)).toContain("PreTokenGeneration:TokenGeneration_NewPasswordChallenge");
    },
  );

  it(
    "ForgotPassword for an unknown name asks UserMigration_ForgotPassword; " +
      "a migrated user is created in RESET_REQUIRED and can reset",
    async () => {
      const n = calls.length;
      const ghost = uniqueEmail("ghost");
      await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: ghost }));
      await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: migrated }));
      expect(calls.slice(n).filter((c) => c.trigger === "UserMigration")).toEqual([
        { trigger: "UserMigration", source: "UserMigration_ForgotPassword", username: ghost },
        { trigger: "UserMigration", source: "UserMigration_ForgotPassword", username: migrated },
      ]);
      const user = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: migrated }));
      expect(user.UserStatus).toBe("RESET_REQUIRED");
      expect(Object.fromEntries(user.UserAttributes!.map((a) => [a.Name, a.Value]))).toMatchObject({
        email: migrated,
        email_verified: "true",
        given_name: "Legacy",
      });
      await up.anon.send(
        new ConfirmForgotPasswordCommand({
          ClientId: CLIENT_ID,
          Username: migrated,
          ConfirmationCode: await latestCode(up.url, migrated),
          Password: "Migrated-Passw0rd!",
        }),
      );
      expect(
        (await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: migrated }))).UserStatus,
      ).toBe("CONFIRMED");
      expect((await passwordSignIn(up, migrated, "Migrated-Passw0rd!")).AccessToken).toBeTruthy();
      // The unknown one stays unknown.
      await expect(
        up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: ghost })),
      ).rejects.toMatchObject({ name: "UserNotFoundException" });
    },
  );
});

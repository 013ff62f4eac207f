/**
 * AdminCreateUser when passwordless sign-in is active (developer guide, "Things to know about authentication with
 * user pools", Passwordless authentication effect on other user features; API reference, AdminCreateUser
 * TemporaryPassword): without TemporaryPassword, or with a blank one, the user has no password, is CONFIRMED, gets
 * an invitation without {####} and signs in with a code. Pools without a code first factor keep generating one.
 * ADR 0027.
 */
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type SignInPolicyType,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import { adminAt, rejection, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { RECORDER, recorder, resetRecorder, TRIGGER_MODULES } from "./support/triggerPools.js";
import { GOOD_PASSWORD, latestCode, latestMessage, uniqueEmail } from "./support/userpool.js";

describe.each(testEngines())("AdminCreateUser without a password on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  const admin = (): CognitoIdentityProviderClient => adminAt(up.url, clock);

  beforeAll(async () => {
    up = await startOn(engine, { clock, triggerModuleDirs: [TRIGGER_MODULES] });
  });
  afterAll(async () => {
    await up?.stop();
  });

  /** A pool with e-mail usernames, the given first factors and a USER_AUTH client. */
  async function pool(
    factors: SignInPolicyType["AllowedFirstAuthFactors"],
    invite?: { EmailMessage: string; EmailSubject: string },
    customMessage?: string,
  ): Promise<{ poolId: string; clientId: string }> {
    const { UserPool } = await admin().send(
      new CreateUserPoolCommand({
        PoolName: "admin-passwordless",
        UsernameAttributes: ["email"],
        AutoVerifiedAttributes: ["email"],
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors } },
        EmailConfiguration: {
          EmailSendingAccount: "DEVELOPER",
          SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/example.com",
        },
        ...(invite ? { AdminCreateUserConfig: { InviteMessageTemplate: invite } } : {}),
        ...(customMessage ? { LambdaConfig: { CustomMessage: customMessage } } : {}),
      }),
    );
    const { UserPoolClient } = await admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: UserPool!.Id!,
        ClientName: "app",
        ExplicitAuthFlows: ["ALLOW_USER_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    return { poolId: UserPool!.Id!, clientId: UserPoolClient!.ClientId! };
  }

  const createUser = (poolId: string, email: string, temporaryPassword?: string) =>
    admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: email,
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: "true" },
        ],
        DesiredDeliveryMediums: ["EMAIL"],
        ...(temporaryPassword !== undefined ? { TemporaryPassword: temporaryPassword } : {}),
      }),
    );

  const codeSignIn = async (clientId: string, email: string) => {
    const started = await up.anon.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "USER_AUTH",
        AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: "EMAIL_OTP" },
      }),
    );
    expect(started.ChallengeName).toBe("EMAIL_OTP");
    return up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: "EMAIL_OTP",
        Session: started.Session!,
        ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: await latestCode(up.url, email) },
      }),
    );
  };

  it("omitted or blank TemporaryPassword: a CONFIRMED user without a password who signs in with a code", async () => {
    const { poolId, clientId } = await pool(["PASSWORD", "EMAIL_OTP"]);
    for (const temporaryPassword of [undefined, ""]) {
      const email = uniqueEmail("nopw");
      const created = await createUser(poolId, email, temporaryPassword);
      expect(created.User!.UserStatus).toBe("CONFIRMED");

      // The default invitation has no {####}: no password in it, and the pool's password subject is not used.
      const invitation = await latestMessage(up.url, email);
      expect(invitation.subject).toBe("Your account");
      expect(invitation.text).toContain(`Your username is ${email}.`);
      expect(invitation.text).not.toMatch(/password|\{####\}/u);

      // No password matches: the password flow answers as for a wrong one.
      const wrong = await rejection(
        up.anon.send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: "USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
          }),
        ),
      );
      expect(wrong.name).toBe("NotAuthorizedException");

      const signedIn = await codeSignIn(clientId, email);
      expect(decodeJwt(signedIn.AuthenticationResult!.AccessToken!).sub).toBe(
        created.User!.Attributes!.find((a) => a.Name === "sub")!.Value,
      );
    }
  });

  it("a TemporaryPassword given still makes a FORCE_CHANGE_PASSWORD user with it in the invitation", async () => {
    const { poolId } = await pool(["PASSWORD", "EMAIL_OTP"]);
    const email = uniqueEmail("withpw");
    const created = await createUser(poolId, email, GOOD_PASSWORD);
    expect(created.User!.UserStatus).toBe("FORCE_CHANGE_PASSWORD");
    const invitation = await latestMessage(up.url, email);
    expect(invitation.subject).toBe("Your temporary password");
    expect(invitation.text).toContain(GOOD_PASSWORD);
  });

  it("a pool's own template with {####} gives way to the passwordless one; one without it is used", async () => {
    const withCode = await pool(["PASSWORD", "EMAIL_OTP"], {
      EmailMessage: "Welcome {username}, your password is {####}",
      EmailSubject: "Welcome aboard",
    });
    const a = uniqueEmail("tplcode");
    await createUser(withCode.poolId, a);
    const first = await latestMessage(up.url, a);
    expect(first.subject).toBe("Welcome aboard");
    expect(first.text).toContain(`Your username is ${a}.`);

    const without = await pool(["PASSWORD", "EMAIL_OTP"], {
      EmailMessage: "Welcome {username}, sign in with a code.",
      EmailSubject: "Welcome aboard",
    });
    const b = uniqueEmail("tplplain");
    await createUser(without.poolId, b);
    expect((await latestMessage(up.url, b)).text).toContain(`Welcome ${b}, sign in with a code.`);
  });

  it("CustomMessage may answer without {####} for a user without a password, not for one with a password", async () => {
    resetRecorder();
    recorder().behaviour.CustomMessage_AdminCreateUser = (event: {
      request: { usernameParameter: string };
      response: Record<string, string>;
    }) => {
      event.response.emailSubject = "Hello from the trigger";
      event.response.emailMessage = `Hi ${event.request.usernameParameter}, sign in with a code.`;
      return event;
    };
    try {
      const { poolId } = await pool(["PASSWORD", "EMAIL_OTP"], undefined, RECORDER);
      const a = uniqueEmail("trigger");
      await createUser(poolId, a);
      const taken = await latestMessage(up.url, a);
      expect(taken.subject).toBe("Hello from the trigger");
      expect(taken.text).toContain(`Hi ${a}, sign in with a code.`);

      // With a password the answer lacks the code it must carry: the pool's template goes out instead.
      const b = uniqueEmail("triggerpw");
      await createUser(poolId, b, GOOD_PASSWORD);
      const fallback = await latestMessage(up.url, b);
      expect(fallback.text).toContain(`temporary password is ${GOOD_PASSWORD}`);
    } finally {
      resetRecorder();
    }
  });

  it("without a code first factor: a password is generated, and a blank one is refused", async () => {
    for (const factors of [["PASSWORD"], ["PASSWORD", "WEB_AUTHN"]] as const) {
      const { poolId } = await pool([...factors]);
      const email = uniqueEmail("gen");
      const created = await createUser(poolId, email);
      expect(created.User!.UserStatus).toBe("FORCE_CHANGE_PASSWORD");
      expect((await latestMessage(up.url, email)).subject).toBe("Your temporary password");

      const blank = await rejection(createUser(poolId, uniqueEmail("blank"), ""));
      expect(blank.name).toBe("InvalidParameterException");
      expect(blank.message).toMatch(/^TemporaryPassword cannot be blank/u);
    }
  });

  it("RESEND gives a FORCE_CHANGE_PASSWORD user a new password in a passwordless pool", async () => {
    const { poolId } = await pool(["PASSWORD", "EMAIL_OTP"]);
    const email = uniqueEmail("resend");
    await createUser(poolId, email, GOOD_PASSWORD);
    const resent = await admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: email,
        MessageAction: "RESEND",
        DesiredDeliveryMediums: ["EMAIL"],
      }),
    );
    expect(resent.User!.UserStatus).toBe("FORCE_CHANGE_PASSWORD");
    const invitation = await latestMessage(up.url, email);
    expect(invitation.subject).toBe("Your temporary password");
    expect(invitation.text).not.toContain(GOOD_PASSWORD);
    expect(invitation.text).toMatch(/temporary password is \S{8,}/u);

    // A passwordless user has no temporary password to resend.
    const plain = uniqueEmail("resendnopw");
    await createUser(poolId, plain);
    const refused = await rejection(
      admin().send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: plain, MessageAction: "RESEND" })),
    );
    expect(refused.name).toBe("UnsupportedUserStateException");
    const user = await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: plain }));
    expect(user.UserStatus).toBe("CONFIRMED");
  });
});

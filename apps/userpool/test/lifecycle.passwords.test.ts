/**
 * Passwords through the AWS SDK v3: ForgotPassword / ConfirmForgotPassword (1-hour codes, newest
 * only, to the second), ChangePassword, AdminResetUserPassword, AdminCreateUser's temporary
 * password (7 days, to the second), and the per-pool RevokeSessionsOnPasswordChange option.
 */
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import { srpSignIn } from "./support/signIn.js";
import {
  ALIAS_CLIENT_ID,
  ALIAS_POOL_ID,
  STRICT_CLIENT_ID,
  adminAt,
  confirmedUser,
  passwordSignIn,
  rejection,
  startOn,
  type EngineUserpool,
} from "./support/lifecycle.js";
import { CLIENT_ID, LEGACY_CLIENT_ID, POOL_ID, latestCode, latestMessage, uniqueEmail } from "./support/userpool.js";

const NEW_PASSWORD = "Fresh-Passw0rd!!";

describe.each(testEngines())("passwords on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  beforeAll(async () => {
    up = await startOn(engine, { clock });
  });
  afterAll(async () => {
    await up?.stop();
  });
  const admin = () => adminAt(up.url, clock);

  describe("ForgotPassword / ConfirmForgotPassword", () => {
    it("mails a code with the pool's template to the verified address; it sets the new password once", async () => {
      const { email, password } = await confirmedUser(up);
      const r = await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: email }));
      expect(r.CodeDeliveryDetails).toEqual({
        Destination: `${email[0]}***@e***`,
        DeliveryMedium: "EMAIL",
        AttributeName: "email",
      });
      const m = await latestMessage(up.url, email);
      expect(m.subject).toBe("Your code");
      expect(m.text).toMatch(/^Hello .+, your code is \d{6}\.$/);
      const code = await latestCode(up.url, email);

      await expect(
        up.anon.send(
          new ConfirmForgotPasswordCommand({
            ClientId: CLIENT_ID,
            Username: email,
            ConfirmationCode: code,
            Password: "weak",
          }),
        ),
      ).rejects.toMatchObject({
        name: "InvalidPasswordException",
      });
      // The policy failure did not use the code up.
      await up.anon.send(
        new ConfirmForgotPasswordCommand({
          ClientId: CLIENT_ID,
          Username: email.toUpperCase(),
          ConfirmationCode: code,
          Password: NEW_PASSWORD,
        }),
      );
      await expect(passwordSignIn(up, email, password)).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "Incorrect username or password.",
      });
      expect((await passwordSignIn(up, email, NEW_PASSWORD)).AccessToken).toBeTruthy();
      await expect(
        up.anon.send(
          new ConfirmForgotPasswordCommand({
            ClientId: CLIENT_ID,
            Username: email,
            ConfirmationCode: code,
            Password: "Another-Passw0rd!",
          }),
        ),
      ).rejects.toMatchObject({
        name: "CodeMismatchException",
      });
    });

    it("only the newest code works", async () => {
      const { email } = await confirmedUser(up);
      await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: email }));
      const first = await latestCode(up.url, email);
      await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: email }));
      const second = await latestCode(up.url, email);
      if (first !== second) {
        await expect(
          up.anon.send(
            new ConfirmForgotPasswordCommand({
              ClientId: CLIENT_ID,
              Username: email,
              ConfirmationCode: first,
              Password: NEW_PASSWORD,
            }),
          ),
        ).rejects.toMatchObject({
          name: "CodeMismatchException",
        });
      }
      await up.anon.send(
        new ConfirmForgotPasswordCommand({
          ClientId: CLIENT_ID,
          Username: email,
          ConfirmationCode: second,
          Password: NEW_PASSWORD,
        }),
      );
    });

    it("the code lives one hour to the second (−1 s works, +1 s is expired)", async () => {
      const a = await confirmedUser(up);
      const b = await confirmedUser(up);
      await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: a.email }));
      await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: b.email }));
      const [codeA, codeB] = [await latestCode(up.url, a.email), await latestCode(up.url, b.email)];
      clock.advance(3600_000 - 1000);
      try {
        await up.anon.send(
          new ConfirmForgotPasswordCommand({
            ClientId: CLIENT_ID,
            Username: a.email,
            ConfirmationCode: codeA,
            Password: NEW_PASSWORD,
          }),
        );
        clock.advance(2000);
        await expect(
          up.anon.send(
            new ConfirmForgotPasswordCommand({
              ClientId: CLIENT_ID,
              Username: b.email,
              ConfirmationCode: codeB,
              Password: NEW_PASSWORD,
            }),
          ),
        ).rejects.toMatchObject({
          name: "ExpiredCodeException",
        });
      } finally {
        clock.advance(-(3600_000 + 1000));
      }
    });

    it("runs PostConfirmation_ConfirmForgotPassword and ends RESET_REQUIRED (AdminResetUserPassword)", async () => {
      const { email, password } = await confirmedUser(up);
      const before = await passwordSignIn(up, email, password);
      await admin().send(new AdminResetUserPasswordCommand({ UserPoolId: POOL_ID, Username: email }));
      expect((await admin().send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }))).UserStatus).toBe(
        "RESET_REQUIRED",
      );
      // The old password is right but no longer enough.
      await expect(passwordSignIn(up, email, password)).rejects.toMatchObject({
        name: "PasswordResetRequiredException",
      });
      await expect(
        srpSignIn(up.anon, { poolId: POOL_ID, clientId: CLIENT_ID, username: email, password }),
      ).rejects.toMatchObject({ name: "PasswordResetRequiredException" });
      // Cognito leaves existing sessions alone on a reset (this pool does not set RevokeSessionsOnPasswordChange).
      expect((await up.anon.send(new GetUserCommand({ AccessToken: before.AccessToken! }))).Username).toBeTruthy();
      const m = await latestMessage(up.url, email);
      expect(m.text).toMatch(/your code is \d{6}/);
      await up.anon.send(
        new ConfirmForgotPasswordCommand({
          ClientId: CLIENT_ID,
          Username: email,
          ConfirmationCode: await latestCode(up.url, email),
          Password: NEW_PASSWORD,
        }),
      );
      expect((await admin().send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }))).UserStatus).toBe(
        "CONFIRMED",
      );
      expect((await passwordSignIn(up, email, NEW_PASSWORD)).IdToken).toBeTruthy();
      expect(
        (
          await up.anon.send(
            new GetTokensFromRefreshTokenCommand({ ClientId: CLIENT_ID, RefreshToken: before.RefreshToken! }),
          )
        ).AuthenticationResult?.AccessToken,
      ).toBeTruthy();
    });

    it(
      "refuses without a verified address, for users that cannot reset, " + "and for unknown users on a LEGACY client",
      async () => {
        const { email } = await confirmedUser(up);
        await admin().send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: POOL_ID,
            Username: email,
            UserAttributes: [{ Name: "email_verified", Value: "false" }],
          }),
        );
        await expect(
          up.anon.send(new ForgotPasswordCommand({ ClientId: LEGACY_CLIENT_ID, Username: email })),
        ).rejects.toMatchObject({
          name: "InvalidParameterException",
          message: "Cannot reset password for the user as there is no registered/verified email or phone_number",
        });
        await expect(
          admin().send(new AdminResetUserPasswordCommand({ UserPoolId: POOL_ID, Username: email })),
        ).rejects.toMatchObject({ name: "InvalidParameterException" });
        // With PreventUserExistenceErrors ENABLED the same user gets a simulated delivery instead.
        expect(
          (await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: email }))).CodeDeliveryDetails
            ?.DeliveryMedium,
        ).toBe("EMAIL");

        const invited = uniqueEmail("invited");
        await admin().send(
          new AdminCreateUserCommand({
            UserPoolId: POOL_ID,
            Username: invited,
            TemporaryPassword: "Temp-Passw0rd!",
            MessageAction: "SUPPRESS",
          }),
        );
        await expect(
          up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: invited })),
        ).rejects.toMatchObject({
          name: "NotAuthorizedException",
          message: "User password cannot be reset in the current state.",
        });

        const ghost = uniqueEmail("ghost");
        await expect(
          up.anon.send(new ForgotPasswordCommand({ ClientId: LEGACY_CLIENT_ID, Username: ghost })),
        ).rejects.toMatchObject({ name: "UserNotFoundException" });
        await expect(
          up.anon.send(
            new ConfirmForgotPasswordCommand({
              ClientId: LEGACY_CLIENT_ID,
              Username: ghost,
              ConfirmationCode: "123456",
              Password: NEW_PASSWORD,
            }),
          ),
        ).rejects.toMatchObject({
          name: "UserNotFoundException",
        });
        await expect(
          admin().send(new AdminResetUserPasswordCommand({ UserPoolId: POOL_ID, Username: ghost })),
        ).rejects.toMatchObject({ name: "UserNotFoundException" });
      },
    );

    it("works by alias in a pool with a plain username", async () => {
      const username = `alias${Date.now()}${Math.floor(Math.random() * 1e6)}`;
      const { email } = await confirmedUser(up, { clientId: ALIAS_CLIENT_ID, username, password: "Plain-Passw0rd" });
      await up.anon.send(new ForgotPasswordCommand({ ClientId: ALIAS_CLIENT_ID, Username: email }));
      await up.anon.send(
        new ConfirmForgotPasswordCommand({
          ClientId: ALIAS_CLIENT_ID,
          Username: username,
          ConfirmationCode: await latestCode(up.url, email),
          Password: NEW_PASSWORD,
        }),
      );
      expect((await passwordSignIn(up, email, NEW_PASSWORD, ALIAS_CLIENT_ID)).AccessToken).toBeTruthy();
      expect(
        (await admin().send(new AdminGetUserCommand({ UserPoolId: ALIAS_POOL_ID, Username: username }))).UserStatus,
      ).toBe("CONFIRMED");
    });
  });

  describe("ChangePassword", () => {
    it("needs the previous password and a live access token; other sessions survive by default", async () => {
      const { email, password } = await confirmedUser(up);
      const other = await passwordSignIn(up, email, password);
      const mine = await passwordSignIn(up, email, password);
      await expect(
        up.anon.send(
          new ChangePasswordCommand({
            AccessToken: mine.AccessToken!,
            PreviousPassword: "Wrong-Passw0rd!",
            ProposedPassword: NEW_PASSWORD,
          }),
        ),
      ).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "Incorrect username or password.",
      });
      await expect(
        up.anon.send(
          new ChangePasswordCommand({
            AccessToken: mine.AccessToken!,
            PreviousPassword: password,
            ProposedPassword: "weak",
          }),
        ),
      ).rejects.toMatchObject({
        name: "InvalidPasswordException",
      });
      await expect(
        up.anon.send(
          new ChangePasswordCommand({
            AccessToken: mine.IdToken!,
            PreviousPassword: password,
            ProposedPassword: NEW_PASSWORD,
          }),
        ),
      ).rejects.toMatchObject({
        name: "NotAuthorizedException",
      });
      await up.anon.send(
        new ChangePasswordCommand({
          AccessToken: mine.AccessToken!,
          PreviousPassword: password,
          ProposedPassword: NEW_PASSWORD,
        }),
      );
      await expect(passwordSignIn(up, email, password)).rejects.toMatchObject({ name: "NotAuthorizedException" });
      expect((await passwordSignIn(up, email, NEW_PASSWORD)).AccessToken).toBeTruthy();
      expect((await up.anon.send(new GetUserCommand({ AccessToken: other.AccessToken! }))).Username).toBeTruthy();
      expect(
        (
          await up.anon.send(
            new GetTokensFromRefreshTokenCommand({ ClientId: CLIENT_ID, RefreshToken: other.RefreshToken! }),
          )
        ).AuthenticationResult,
      ).toBeTruthy();
    });

    it("an expired access token is refused", async () => {
      const { email, password } = await confirmedUser(up);
      const t = await passwordSignIn(up, email, password);
      clock.advance(3600_000 + 1000);
      try {
        await expect(
          up.anon.send(
            new ChangePasswordCommand({
              AccessToken: t.AccessToken!,
              PreviousPassword: password,
              ProposedPassword: NEW_PASSWORD,
            }),
          ),
        ).rejects.toMatchObject({
          name: "NotAuthorizedException",
          message: "Access Token has expired",
        });
      } finally {
        clock.advance(-(3600_000 + 1000));
      }
    });

    it("RevokeSessionsOnPasswordChange ends the other sessions but keeps the caller's", async () => {
      const { email, password } = await confirmedUser(up, { clientId: STRICT_CLIENT_ID });
      const other = await passwordSignIn(up, email, password, STRICT_CLIENT_ID);
      const mine = await passwordSignIn(up, email, password, STRICT_CLIENT_ID);
      await up.anon.send(
        new ChangePasswordCommand({
          AccessToken: mine.AccessToken!,
          PreviousPassword: password,
          ProposedPassword: NEW_PASSWORD,
        }),
      );
      await expect(up.anon.send(new GetUserCommand({ AccessToken: other.AccessToken! }))).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "Access Token has been revoked",
      });
      await expect(
        up.anon.send(
          new GetTokensFromRefreshTokenCommand({ ClientId: STRICT_CLIENT_ID, RefreshToken: other.RefreshToken! }),
        ),
      ).rejects.toMatchObject({
        name: "NotAuthorizedException",
      });
      expect((await up.anon.send(new GetUserCommand({ AccessToken: mine.AccessToken! }))).Username).toBeTruthy();
      expect(
        (
          await up.anon.send(
            new GetTokensFromRefreshTokenCommand({ ClientId: STRICT_CLIENT_ID, RefreshToken: mine.RefreshToken! }),
          )
        ).AuthenticationResult,
      ).toBeTruthy();

      // A forgotten-password reset (no caller session) ends them all.
      await up.anon.send(new ForgotPasswordCommand({ ClientId: STRICT_CLIENT_ID, Username: email }));
      await up.anon.send(
        new ConfirmForgotPasswordCommand({
          ClientId: STRICT_CLIENT_ID,
          Username: email,
          ConfirmationCode: await latestCode(up.url, email),
          Password: "Third-Passw0rd!",
        }),
      );
      await expect(up.anon.send(new GetUserCommand({ AccessToken: mine.AccessToken! }))).rejects.toMatchObject({
        name: "NotAuthorizedException",
      });
    });
  });

  describe("AdminCreateUser's temporary password", () => {
    it("is mailed, puts the user in FORCE_CHANGE_PASSWORD, and NEW_PASSWORD_REQUIRED sets the real one", async () => {
      const email = uniqueEmail("invite");
      const created = await admin().send(
        new AdminCreateUserCommand({ UserPoolId: POOL_ID, Username: email, DesiredDeliveryMediums: ["EMAIL"] }),
      );
      expect(created.User?.UserStatus).toBe("FORCE_CHANGE_PASSWORD");
      const m = await latestMessage(up.url, email);
      expect(m.subject).toBe("Your temporary password");
      const temp = /temporary password is (\S+)\. $/.exec(m.text)![1]!;
      const challenge = await up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: { USERNAME: email, PASSWORD: temp },
        }),
      );
      expect(challenge.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
      const done = await up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: CLIENT_ID,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: email, NEW_PASSWORD: NEW_PASSWORD },
        }),
      );
      expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
      expect((await admin().send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }))).UserStatus).toBe(
        "CONFIRMED",
      );
    });

    it("lasts 7 days to the second (−1 s still challenges, +1 s has expired)", async () => {
      const [a, b] = [uniqueEmail("temp"), uniqueEmail("temp")];
      for (const u of [a, b])
        await admin().send(
          new AdminCreateUserCommand({
            UserPoolId: POOL_ID,
            Username: u,
            TemporaryPassword: "Temp-Passw0rd!",
            MessageAction: "SUPPRESS",
          }),
        );
      const week = 7 * 86_400_000;
      clock.advance(week - 1000);
      try {
        const r = await up.anon.send(
          new InitiateAuthCommand({
            AuthFlow: "USER_PASSWORD_AUTH",
            ClientId: CLIENT_ID,
            AuthParameters: { USERNAME: a, PASSWORD: "Temp-Passw0rd!" },
          }),
        );
        expect(r.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
        clock.advance(2000);
        await expect(
          up.anon.send(
            new InitiateAuthCommand({
              AuthFlow: "USER_PASSWORD_AUTH",
              ClientId: CLIENT_ID,
              AuthParameters: { USERNAME: b, PASSWORD: "Temp-Passw0rd!" },
            }),
          ),
        ).rejects.toMatchObject({
          name: "NotAuthorizedException",
          message: "Temporary password has expired and must be reset by an administrator.",
        });
        // An administrator resets it: a new temporary password, a new week.
        await adminAt(up.url, clock).send(
          new AdminSetUserPasswordCommand({
            UserPoolId: POOL_ID,
            Username: b,
            Password: "Temp-Passw0rd!2",
            Permanent: false,
          }),
        );
        const again = await up.anon.send(
          new InitiateAuthCommand({
            AuthFlow: "USER_PASSWORD_AUTH",
            ClientId: CLIENT_ID,
            AuthParameters: { USERNAME: b, PASSWORD: "Temp-Passw0rd!2" },
          }),
        );
        expect(again.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
      } finally {
        clock.advance(-(week + 1000));
      }
    });
  });

  it("a disabled user's ForgotPassword is simulated (ENABLED) or refused (LEGACY)", async () => {
    const { email } = await confirmedUser(up);
    await admin().send(new AdminDisableUserCommand({ UserPoolId: POOL_ID, Username: email }));
    const before = (await (await fetch(`${up.url}/_dev/messages?to=${encodeURIComponent(email)}`)).json()) as unknown[];
    expect(
      (await up.anon.send(new ForgotPasswordCommand({ ClientId: CLIENT_ID, Username: email }))).CodeDeliveryDetails
        ?.Destination,
    ).toBe(`${email[0]}***@e***`);
    const after = (await (await fetch(`${up.url}/_dev/messages?to=${encodeURIComponent(email)}`)).json()) as unknown[];
    expect(after.length).toBe(before.length);
    expect(
      await rejection(up.anon.send(new ForgotPasswordCommand({ ClientId: LEGACY_CLIENT_ID, Username: email }))),
    ).toMatchObject({
      name: "NotAuthorizedException",
      message: "User is disabled.",
    });
    await expect(
      up.anon.send(
        new ConfirmForgotPasswordCommand({
          ClientId: CLIENT_ID,
          Username: email,
          ConfirmationCode: "123456",
          Password: NEW_PASSWORD,
        }),
      ),
    ).rejects.toMatchObject({
      name: "CodeMismatchException",
    });
  });
});

/**
 * The public operations through the official AWS SDK v3, unsigned: sign-up and confirmation,
 * every InitiateAuth flow, both challenges, both refresh calls and GetUser.
 */
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  ConfirmSignUpCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeSecretHash } from "../src/services/secretHash.js";
import { srpSignIn } from "./support/signIn.js";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  GOOD_PASSWORD,
  LEGACY_CLIENT_ID,
  POOL_ID,
  ROTATING_CLIENT_ID,
  SECRET_CLIENT_ID,
  latestCode,
  latestMessage,
  startTestUserpool,
  uniqueEmail,
  type TestUserpool,
} from "./support/userpool.js";

let up: TestUserpool;
beforeAll(async () => {
  up = await startTestUserpool();
});
afterAll(async () => {
  await up?.close();
});

async function confirmedUser(email = uniqueEmail(), password = GOOD_PASSWORD): Promise<{ email: string; sub: string }> {
  const r = await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: password }));
  await up.anon.send(
    new ConfirmSignUpCommand({
      ClientId: CLIENT_ID,
      Username: email,
      ConfirmationCode: await latestCode(up.url, email),
    }),
  );
  return { email, sub: r.UserSub! };
}

describe("sign-up and confirmation", () => {
  it(
    "SignUp with e-mail as username: the stored username is the sub, " + "a code is mailed with the pool's template",
    async () => {
      const email = uniqueEmail("Signup");
      const r = await up.anon.send(
        new SignUpCommand({
          ClientId: CLIENT_ID,
          Username: email,
          Password: GOOD_PASSWORD,
          UserAttributes: [{ Name: "custom:tenant", Value: "acme" }],
        }),
      );
      expect(r.UserConfirmed).toBe(false);
      expect(r.UserSub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.CodeDeliveryDetails).toEqual({
        Destination: "S***@e***",
        DeliveryMedium: "EMAIL",
        AttributeName: "email",
      });
      const m = await latestMessage(up.url, email);
      expect(m.subject).toBe("Your code");
      expect(m.text).toMatch(new RegExp(`^Hello ${email.replace(/[.+]/g, "\\$&")}, your code is \\d{6}\\.$`));

      const u = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }));
      expect(u.Username).toBe(r.UserSub);
      expect(u.UserStatus).toBe("UNCONFIRMED");
      expect(Object.fromEntries(u.UserAttributes!.map((a) => [a.Name, a.Value]))).toEqual({
        sub: r.UserSub,
        email,
        "custom:tenant": "acme",
      });
    },
  );

  it(
    "ResendConfirmationCode sends a new code and only the newest one confirms; " + "ConfirmSignUp verifies the e-mail",
    async () => {
      const email = uniqueEmail();
      await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
      const first = await latestCode(up.url, email);
      const resent = await up.anon.send(new ResendConfirmationCodeCommand({ ClientId: CLIENT_ID, Username: email }));
      expect(resent.CodeDeliveryDetails?.DeliveryMedium).toBe("EMAIL");
      const second = await latestCode(up.url, email);
      if (first !== second) {
        await expect(
          up.anon.send(new ConfirmSignUpCommand({ ClientId: CLIENT_ID, Username: email, ConfirmationCode: first })),
        ).rejects.toMatchObject({ name: "CodeMismatchException" });
      }
      await up.anon.send(
        new ConfirmSignUpCommand({ ClientId: CLIENT_ID, Username: email.toUpperCase(), ConfirmationCode: second }),
      );
      const u = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }));
      expect(u.UserStatus).toBe("CONFIRMED");
      expect(u.UserAttributes).toContainEqual({ Name: "email_verified", Value: "true" });
      await expect(
        up.anon.send(new ConfirmSignUpCommand({ ClientId: CLIENT_ID, Username: email, ConfirmationCode: second })),
      ).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "User cannot be confirmed. Current status is CONFIRMED",
      });
      // (Only with LEGACY user-existence errors: ENABLED answers a confirmed account like any other name.)
      await expect(
        up.anon.send(new ResendConfirmationCodeCommand({ ClientId: LEGACY_CLIENT_ID, Username: email })),
      ).rejects.toMatchObject({ name: "InvalidParameterException" });
    },
  );

  it("a client with a secret requires a correct SecretHash", async () => {
    const email = uniqueEmail();
    await expect(
      up.anon.send(new SignUpCommand({ ClientId: SECRET_CLIENT_ID, Username: email, Password: GOOD_PASSWORD })),
    ).rejects.toMatchObject({ name: "NotAuthorizedException" });
    await expect(
      up.anon.send(
        new SignUpCommand({
          ClientId: SECRET_CLIENT_ID,
          Username: email,
          Password: GOOD_PASSWORD,
          SecretHash: computeSecretHash("wrong", email, SECRET_CLIENT_ID),
        }),
      ),
    ).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: `Unable to verify secret hash for client ${SECRET_CLIENT_ID}`,
    });
    const hash = computeSecretHash(CLIENT_SECRET, email, SECRET_CLIENT_ID);
    await up.anon.send(
      new SignUpCommand({ ClientId: SECRET_CLIENT_ID, Username: email, Password: GOOD_PASSWORD, SecretHash: hash }),
    );
    await up.anon.send(
      new ConfirmSignUpCommand({
        ClientId: SECRET_CLIENT_ID,
        Username: email,
        SecretHash: hash,
        ConfirmationCode: await latestCode(up.url, email),
      }),
    );
    const r = await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: SECRET_CLIENT_ID,
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD, SECRET_HASH: hash },
      }),
    );
    expect(r.AuthenticationResult?.AccessToken).toBeTruthy();
    // Refresh: the hash may be computed over the stored username (the sub) too.
    const sub = (decodeJwt(r.AuthenticationResult!.IdToken!) as { sub: string }).sub;
    const refreshed = await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: SECRET_CLIENT_ID,
        AuthParameters: {
          REFRESH_TOKEN: r.AuthenticationResult!.RefreshToken!,
          SECRET_HASH: computeSecretHash(CLIENT_SECRET, sub, SECRET_CLIENT_ID),
        },
      }),
    );
    expect(refreshed.AuthenticationResult?.IdToken).toBeTruthy();
    await expect(
      up.anon.send(
        new GetTokensFromRefreshTokenCommand({
          ClientId: SECRET_CLIENT_ID,
          RefreshToken: r.AuthenticationResult!.RefreshToken!,
        }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException" });
    const viaSecret = await up.anon.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: SECRET_CLIENT_ID,
        ClientSecret: CLIENT_SECRET,
        RefreshToken: r.AuthenticationResult!.RefreshToken!,
      }),
    );
    expect(viaSecret.AuthenticationResult?.AccessToken).toBeTruthy();
  });
});

describe("sign-in, tokens and refresh", () => {
  it("USER_SRP_AUTH → PASSWORD_VERIFIER issues Cognito-shaped ID, access and refresh tokens", async () => {
    const { email, sub } = await confirmedUser();
    const r = await srpSignIn(up.anon, {
      poolId: POOL_ID,
      clientId: CLIENT_ID,
      username: email,
      password: GOOD_PASSWORD,
    });
    const result = r.AuthenticationResult!;
    expect(result.TokenType).toBe("Bearer");
    expect(result.ExpiresIn).toBe(3600);
    expect(result.RefreshToken!.length).toBeGreaterThanOrEqual(22);

    const id = decodeJwt(result.IdToken!);
    const access = decodeJwt(result.AccessToken!);
    const iss = up.issuer(POOL_ID);
    expect(Object.keys(id).sort()).toEqual(
      [
        "aud",
        "auth_time",
        "cognito:username",
        "email",
        "email_verified",
        "event_id",
        "exp",
        "iat",
        "iss",
        "jti",
        "origin_jti",
        "sub",
        "token_use",
      ].sort(),
    );
    expect(id).toMatchObject({
      sub,
      iss,
      aud: CLIENT_ID,
      token_use: "id",
      "cognito:username": sub,
      email,
      email_verified: true,
    });
    expect(Object.keys(access).sort()).toEqual(
      [
        "auth_time",
        "client_id",
        "event_id",
        "exp",
        "iat",
        "iss",
        "jti",
        "origin_jti",
        "scope",
        "sub",
        "token_use",
        "username",
        "version",
      ].sort(),
    );
    expect(access).toMatchObject({
      sub,
      iss,
      client_id: CLIENT_ID,
      token_use: "access",
      scope: "aws.cognito.signin.user.admin",
      username: sub,
      version: 2,
    });
    expect(access.aud).toBeUndefined();
    expect(id.origin_jti).toBe(access.origin_jti);
    expect(id.event_id).toBe(access.event_id);
    expect(id.exp! - id.iat!).toBe(3600);
    const idKid = decodeProtectedHeader(result.IdToken!).kid;
    const accessKid = decodeProtectedHeader(result.AccessToken!).kid;
    expect(idKid).not.toBe(accessKid);
    expect(decodeProtectedHeader(result.IdToken!).alg).toBe("RS256");

    // Refresh keeps origin_jti and auth_time, with fresh jti.
    const refreshed = await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { REFRESH_TOKEN: result.RefreshToken! },
      }),
    );
    expect(refreshed.AuthenticationResult?.RefreshToken).toBeUndefined();
    const id2 = decodeJwt(refreshed.AuthenticationResult!.IdToken!);
    expect(id2.origin_jti).toBe(id.origin_jti);
    expect(id2.auth_time).toBe(id.auth_time);
    expect(id2.jti).not.toBe(id.jti);
    // REFRESH_TOKEN is Cognito's older name for the same flow.
    const legacyName = await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "REFRESH_TOKEN",
        ClientId: CLIENT_ID,
        AuthParameters: { REFRESH_TOKEN: result.RefreshToken! },
      }),
    );
    expect(decodeJwt(legacyName.AuthenticationResult!.IdToken!).origin_jti).toBe(id.origin_jti);
    const viaGet = await up.anon.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: CLIENT_ID, RefreshToken: result.RefreshToken! }),
    );
    expect(viaGet.AuthenticationResult?.RefreshToken).toBeUndefined();
    expect(decodeJwt(viaGet.AuthenticationResult!.AccessToken!).origin_jti).toBe(id.origin_jti);

    const user = await up.anon.send(new GetUserCommand({ AccessToken: result.AccessToken! }));
    expect(user.Username).toBe(sub);
    expect(Object.fromEntries(user.UserAttributes!.map((a) => [a.Name, a.Value]))).toMatchObject({
      sub,
      email,
      email_verified: "true",
    });
    // The ID token is not an access token.
    await expect(up.anon.send(new GetUserCommand({ AccessToken: result.IdToken! }))).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
  });

  it("SRP with a wrong password fails with Cognito's message; a SECRET_BLOCK cannot be replayed", async () => {
    const { email } = await confirmedUser();
    await expect(
      srpSignIn(up.anon, { poolId: POOL_ID, clientId: CLIENT_ID, username: email, password: "Wr0ng-Password!" }),
    ).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
    const started = await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_SRP_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: email, SRP_A: "ab".repeat(192) },
      }),
    );
    const responses = {
      USERNAME: started.ChallengeParameters!.USER_ID_FOR_SRP!,
      PASSWORD_CLAIM_SECRET_BLOCK: started.ChallengeParameters!.SECRET_BLOCK!,
      PASSWORD_CLAIM_SIGNATURE: Buffer.alloc(32).toString("base64"),
      TIMESTAMP: "Tue Sep 25 00:09:40 UTC 2018",
    };
    await expect(
      up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: CLIENT_ID,
          ChallengeName: "PASSWORD_VERIFIER",
          ChallengeResponses: responses,
        }),
      ),
    ).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
    await expect(
      up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: CLIENT_ID,
          ChallengeName: "PASSWORD_VERIFIER",
          ChallengeResponses: responses,
        }),
      ),
    ).rejects.toMatchObject({
      name: "NotAuthorizedException",
      message: "Invalid session for the user, session is expired.",
    });
  });

  it(
    "an unknown user gets a normal-looking SRP challenge and then the wrong-password error " +
      "(PreventUserExistenceErrors ENABLED)",
    async () => {
      const r = await srpSignIn(up.anon, {
        poolId: POOL_ID,
        clientId: CLIENT_ID,
        username: uniqueEmail("ghost"),
        password: GOOD_PASSWORD,
      }).catch((e) => e);
      expect(r).toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
      const ghost = uniqueEmail("ghost");
      const a = await up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_SRP_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: { USERNAME: ghost, SRP_A: "ab".repeat(192) },
        }),
      );
      const b = await up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_SRP_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: { USERNAME: ghost, SRP_A: "ab".repeat(192) },
        }),
      );
      expect(a.ChallengeParameters!.SALT).toBe(b.ChallengeParameters!.SALT);
      expect(a.ChallengeParameters!.USER_ID_FOR_SRP).toMatch(/^[0-9a-f-]{36}$/);
      expect(a.ChallengeParameters!.SRP_B).not.toBe(b.ChallengeParameters!.SRP_B);
    },
  );

  it("USER_PASSWORD_AUTH checks the password by recomputing the SRP verifier", async () => {
    const { email } = await confirmedUser();
    const ok = await up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: CLIENT_ID,
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
      }),
    );
    expect(ok.AuthenticationResult?.IdToken).toBeTruthy();
    expect(ok.ChallengeParameters).toEqual({});
    await expect(
      up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: { USERNAME: email, PASSWORD: `${GOOD_PASSWORD}x` },
        }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException", message: "Incorrect username or password." });
  });

  it("NEW_PASSWORD_REQUIRED after AdminCreateUser: policy enforced, attributes accepted, then tokens", async () => {
    const email = uniqueEmail("invited");
    await up.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL_ID,
        Username: email,
        TemporaryPassword: "Temp-Passw0rd!",
        MessageAction: "SUPPRESS",
      }),
    );
    const challenge = await srpSignIn(up.anon, {
      poolId: POOL_ID,
      clientId: CLIENT_ID,
      username: email,
      password: "Temp-Passw0rd!",
    });
    expect(challenge.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    expect(challenge.Session!.length).toBeGreaterThanOrEqual(20);
    expect(JSON.parse(challenge.ChallengeParameters!.userAttributes!)).toEqual({ email });
    const username = challenge.ChallengeParameters!.USER_ID_FOR_SRP!;
    await expect(
      up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: CLIENT_ID,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: username, NEW_PASSWORD: "short" },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidPasswordException" });
    // The session survives a policy failure and is single use after success.
    const done = await up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: CLIENT_ID,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: challenge.Session,
        ChallengeResponses: {
          USERNAME: username,
          NEW_PASSWORD: "Brand-New-Passw0rd!",
          "userAttributes.given_name": "Ada",
        },
      }),
    );
    expect(decodeJwt(done.AuthenticationResult!.IdToken!)).toMatchObject({ email, given_name: "Ada" });
    await expect(
      up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: CLIENT_ID,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: username, NEW_PASSWORD: "Other-Passw0rd!!" },
        }),
      ),
    ).rejects.toMatchObject({ name: "NotAuthorizedException" });
    const again = await srpSignIn(up.anon, {
      poolId: POOL_ID,
      clientId: CLIENT_ID,
      username: email,
      password: "Brand-New-Passw0rd!",
    });
    expect(again.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it(
    "GetTokensFromRefreshToken rotates when the client enables RefreshTokenRotation; " +
      "the old token then dies, and its replay ends the session",
    async () => {
      const { email } = await confirmedUser();
      const r = await up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: ROTATING_CLIENT_ID,
          AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
        }),
      );
      const first = r.AuthenticationResult!.RefreshToken!;
      const rotated = await up.anon.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: ROTATING_CLIENT_ID, RefreshToken: first }),
      );
      const second = rotated.AuthenticationResult!.RefreshToken!;
      expect(second).toBeTruthy();
      expect(second).not.toBe(first);
      expect(decodeJwt(rotated.AuthenticationResult!.IdToken!).origin_jti).toBe(
        decodeJwt(r.AuthenticationResult!.IdToken!).origin_jti,
      );
      const third = await up.anon.send(
        new GetTokensFromRefreshTokenCommand({ ClientId: ROTATING_CLIENT_ID, RefreshToken: second }),
      );
      expect(third.AuthenticationResult?.RefreshToken).toBeTruthy();
      await expect(
        up.anon.send(new GetTokensFromRefreshTokenCommand({ ClientId: ROTATING_CLIENT_ID, RefreshToken: first })),
      ).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "Refresh Token has been revoked",
      });
      // The replay ended the session (RefreshTokenReuse REVOKE_FAMILY, the default): the newest successor dies too.
      await expect(
        up.anon.send(
          new GetTokensFromRefreshTokenCommand({
            ClientId: ROTATING_CLIENT_ID,
            RefreshToken: third.AuthenticationResult!.RefreshToken!,
          }),
        ),
      ).rejects.toMatchObject({
        name: "NotAuthorizedException",
        message: "Refresh Token has been revoked",
      });
      // Rotation must go through GetTokensFromRefreshToken.
      await expect(
        up.anon.send(
          new InitiateAuthCommand({
            AuthFlow: "REFRESH_TOKEN_AUTH",
            ClientId: ROTATING_CLIENT_ID,
            AuthParameters: { REFRESH_TOKEN: third.AuthenticationResult!.RefreshToken! },
          }),
        ),
      ).rejects.toMatchObject({ name: "InvalidParameterException" });
      // A refresh token only works with the client it was issued to.
      await expect(
        up.anon.send(new GetTokensFromRefreshTokenCommand({ ClientId: CLIENT_ID, RefreshToken: second })),
      ).rejects.toMatchObject({ name: "NotAuthorizedException" });
    },
  );
});

/**
 * The IAM-authorised (admin) operations through the official AWS SDK v3, signed with SigV4 using
 * the configured access keys; and the refusals for unsigned, badly signed and stale requests.
 */
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  SignUpCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import {
  adminClient,
  CLIENT_ID,
  GOOD_PASSWORD,
  latestMessage,
  POOL_ID,
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

describe("pools and app clients", () => {
  it("CreateUserPool / DescribeUserPool / UpdateUserPool / ListUserPools / DeleteUserPool", async () => {
    const west = new CognitoIdentityProviderClient({
      endpoint: up.url,
      region: "eu-west-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
    });
    const created = await west.send(
      new CreateUserPoolCommand({
        PoolName: "sdk-pool",
        AliasAttributes: ["email", "preferred_username"],
        Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: false } },
        UserPoolTags: { team: "auth" },
      }),
    );
    const pool = created.UserPool!;
    // The pool ID carries the region the request was signed for.
    expect(pool.Id).toMatch(/^eu-west-1_[0-9A-Za-z]{9}$/);
    expect(pool.Arn).toBe(`arn:aws:cognito-idp:eu-west-1:000000000000:userpool/${pool.Id}`);
    expect(pool.Policies?.PasswordPolicy).toEqual({
      MinimumLength: 12,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: false,
      TemporaryPasswordValidityDays: 7,
    });
    expect(pool.CreationDate).toBeInstanceOf(Date);
    expect(pool.VerificationMessageTemplate?.DefaultEmailOption).toBe("CONFIRM_WITH_CODE");
    expect(pool.SchemaAttributes?.find((a) => a.Name === "sub")).toMatchObject({ Mutable: false, Required: true });

    const described = await up.admin.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
    expect(described.UserPool).toMatchObject({
      Id: pool.Id,
      Name: "sdk-pool",
      AliasAttributes: ["email", "preferred_username"],
      EstimatedNumberOfUsers: 0,
      UserPoolTags: { team: "auth" },
    });

    await up.admin.send(
      new UpdateUserPoolCommand({
        UserPoolId: pool.Id,
        AutoVerifiedAttributes: ["email"],
        VerificationMessageTemplate: { DefaultEmailOption: "CONFIRM_WITH_LINK" },
      }),
    );
    const updated = (await up.admin.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }))).UserPool!;
    expect(updated.AutoVerifiedAttributes).toEqual(["email"]);
    expect(updated.VerificationMessageTemplate?.DefaultEmailOption).toBe("CONFIRM_WITH_LINK");
    // UpdateUserPool resets omitted settings to defaults but cannot touch the immutable sign-in attributes.
    expect(updated.Policies?.PasswordPolicy?.MinimumLength).toBe(8);
    expect(updated.AliasAttributes).toEqual(["email", "preferred_username"]);

    const ids: string[] = [];
    let token: string | undefined;
    do {
      const page = await up.admin.send(
        new ListUserPoolsCommand({ MaxResults: 1, ...(token ? { NextToken: token } : {}) }),
      );
      ids.push(...page.UserPools!.map((p) => p.Id!));
      token = page.NextToken;
    } while (token);
    expect(ids).toEqual(expect.arrayContaining([POOL_ID, pool.Id]));

    await up.admin.send(new DeleteUserPoolCommand({ UserPoolId: pool.Id }));
    await expect(up.admin.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: `User pool ${pool.Id} does not exist.`,
    });
  });

  it("DeletionProtection ACTIVE blocks DeleteUserPool", async () => {
    const { UserPool } = await up.admin.send(
      new CreateUserPoolCommand({ PoolName: "protected", DeletionProtection: "ACTIVE" }),
    );
    await expect(up.admin.send(new DeleteUserPoolCommand({ UserPoolId: UserPool!.Id }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
    await up.admin.send(new UpdateUserPoolCommand({ UserPoolId: UserPool!.Id, DeletionProtection: "INACTIVE" }));
    await up.admin.send(new DeleteUserPoolCommand({ UserPoolId: UserPool!.Id }));
  });

  it(
    "CreateUserPoolClient / DescribeUserPoolClient / " +
      "UpdateUserPoolClient / ListUserPoolClients / DeleteUserPoolClient",
    async () => {
      const { UserPool } = await up.admin.send(new CreateUserPoolCommand({ PoolName: "clients" }));
      const poolId = UserPool!.Id!;
      const a = (await up.admin.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "web" })))
        .UserPoolClient!;
      expect(a.ClientId).toMatch(/^[a-z0-9]{26}$/);
      expect(a.ClientSecret).toBeUndefined();
      expect(a).toMatchObject({
        ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        RefreshTokenValidity: 30,
        AccessTokenValidity: 60,
        IdTokenValidity: 60,
        TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
        PreventUserExistenceErrors: "LEGACY",
        EnableTokenRevocation: true,
        AuthSessionValidity: 3,
      });
      const b = (
        await up.admin.send(
          new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "server", GenerateSecret: true }),
        )
      ).UserPoolClient!;
      expect(b.ClientSecret).toMatch(/^[a-z0-9]{52}$/);
      expect(
        (await up.admin.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: b.ClientId })))
          .UserPoolClient?.ClientSecret,
      ).toBe(b.ClientSecret);

      const u = await up.admin.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientId: a.ClientId,
          ClientName: "web2",
          ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
          AccessTokenValidity: 2,
          RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 10 },
          CallbackURLs: ["https://app.example.com/cb"],
          DefaultRedirectURI: "https://app.example.com/cb",
        }),
      );
      expect(u.UserPoolClient).toMatchObject({
        ClientName: "web2",
        AccessTokenValidity: 2,
        TokenValidityUnits: { AccessToken: "hours" },
        RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 10 },
      });
      await expect(
        up.admin.send(
          new UpdateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientId: a.ClientId,
            AccessTokenValidity: 2,
            TokenValidityUnits: { AccessToken: "days" },
          }),
        ),
      ).rejects.toMatchObject({
        name: "InvalidParameterException",
        message: "Access token validity should be between 5 minutes and 1 day.",
      });

      const listed: string[] = [];
      let token: string | undefined;
      do {
        const page = await up.admin.send(
          new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 1, ...(token ? { NextToken: token } : {}) }),
        );
        listed.push(...page.UserPoolClients!.map((c) => c.ClientName!));
        token = page.NextToken;
      } while (token);
      expect(listed.sort()).toEqual(["server", "web2"]);

      await up.admin.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: b.ClientId }));
      await expect(
        up.admin.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: b.ClientId })),
      ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
      await up.admin.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    },
  );
});

describe("users", () => {
  it(
    "AdminCreateUser sends the invitation, AdminGetUser resolves the e-mail alias, " +
      "AdminSetUserPassword makes it permanent",
    async () => {
      const email = uniqueEmail("admin");
      const created = await up.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: POOL_ID,
          Username: email,
          UserAttributes: [
            { Name: "email_verified", Value: "true" },
            { Name: "name", Value: "Grace" },
          ],
          DesiredDeliveryMediums: ["EMAIL"],
        }),
      );
      expect(created.User).toMatchObject({ UserStatus: "FORCE_CHANGE_PASSWORD", Enabled: true });
      const invite = await latestMessage(up.url, email);
      expect(invite.subject).toBe("Your temporary password");
      const temp = /temporary password is (\S+)\. $/.exec(invite.text)?.[1];
      expect(temp).toBeTruthy();
      expect(invite.text).toContain(`Your username is ${email}`);

      const got = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }));
      expect(got.Username).toBe(created.User!.Username);
      expect(got.UserAttributes).toEqual(
        expect.arrayContaining([
          { Name: "name", Value: "Grace" },
          { Name: "email", Value: email },
        ]),
      );

      const first = await up.admin.send(
        new AdminInitiateAuthCommand({
          UserPoolId: POOL_ID,
          ClientId: CLIENT_ID,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: email, PASSWORD: temp! },
        }),
      );
      expect(first.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
      const done = await up.admin.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: POOL_ID,
          ClientId: CLIENT_ID,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: first.Session,
          ChallengeResponses: { USERNAME: email, NEW_PASSWORD: GOOD_PASSWORD },
        }),
      );
      expect(done.AuthenticationResult?.IdToken).toBeTruthy();

      await up.admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: POOL_ID,
          Username: email,
          Password: "Another-Passw0rd!",
          Permanent: true,
        }),
      );
      const again = await up.admin.send(
        new AdminInitiateAuthCommand({
          UserPoolId: POOL_ID,
          ClientId: CLIENT_ID,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: email, PASSWORD: "Another-Passw0rd!" },
        }),
      );
      expect(again.AuthenticationResult?.AccessToken).toBeTruthy();
      const refreshed = await up.admin.send(
        new AdminInitiateAuthCommand({
          UserPoolId: POOL_ID,
          ClientId: CLIENT_ID,
          AuthFlow: "REFRESH_TOKEN_AUTH",
          AuthParameters: { REFRESH_TOKEN: again.AuthenticationResult!.RefreshToken! },
        }),
      );
      expect(refreshed.AuthenticationResult?.AccessToken).toBeTruthy();

      await up.admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: POOL_ID,
          Username: email,
          Password: "Temporary-Passw0rd!",
          Permanent: false,
        }),
      );
      expect((await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }))).UserStatus).toBe(
        "FORCE_CHANGE_PASSWORD",
      );
      await expect(
        up.admin.send(
          new AdminSetUserPasswordCommand({
            UserPoolId: POOL_ID,
            Username: email,
            Password: "weakweakweak",
            Permanent: true,
          }),
        ),
      ).rejects.toMatchObject({
        name: "InvalidPasswordException",
      });
    },
  );

  it(
    "AdminConfirmSignUp confirms without verifying the e-mail; " +
      "AdminUpdateUserAttributes; Disable/Enable end and restore sign-in",
    async () => {
      const email = uniqueEmail("confirm");
      await up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: GOOD_PASSWORD }));
      await up.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: POOL_ID, Username: email }));
      const u = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }));
      expect(u.UserStatus).toBe("CONFIRMED");
      expect(u.UserAttributes?.find((a) => a.Name === "email_verified")).toBeUndefined();
      await expect(
        up.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: POOL_ID, Username: email })),
      ).rejects.toMatchObject({ name: "NotAuthorizedException" });

      await up.admin.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: POOL_ID,
          Username: email,
          UserAttributes: [
            { Name: "given_name", Value: "Lin" },
            { Name: "email_verified", Value: "true" },
            { Name: "custom:tenant", Value: "t1" },
          ],
        }),
      );
      const signIn = await up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
        }),
      );
      expect(decodeJwt(signIn.AuthenticationResult!.IdToken!)).toMatchObject({
        given_name: "Lin",
        email_verified: true,
        "custom:tenant": "t1",
      });

      // A new e-mail replaces the alias: the old address no longer signs in, the new one does.
      const newEmail = uniqueEmail("moved");
      await up.admin.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: POOL_ID,
          Username: email,
          UserAttributes: [{ Name: "email", Value: newEmail }],
        }),
      );
      const moved = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: newEmail }));
      expect(moved.UserAttributes).toContainEqual({ Name: "email_verified", Value: "false" });
      await expect(
        up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email })),
      ).rejects.toMatchObject({ name: "UserNotFoundException" });
      await expect(
        up.admin.send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: POOL_ID,
            Username: newEmail,
            UserAttributes: [{ Name: "sub", Value: "x" }],
          }),
        ),
      ).rejects.toMatchObject({ name: "InvalidParameterException" });
      await expect(
        up.admin.send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: POOL_ID,
            Username: newEmail,
            UserAttributes: [{ Name: "custom:unknown", Value: "x" }],
          }),
        ),
      ).rejects.toMatchObject({ name: "InvalidParameterException" });

      await up.admin.send(new AdminDisableUserCommand({ UserPoolId: POOL_ID, Username: newEmail }));
      expect((await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: newEmail }))).Enabled).toBe(
        false,
      );
      await expect(
        up.anon.send(
          new InitiateAuthCommand({
            AuthFlow: "USER_PASSWORD_AUTH",
            ClientId: CLIENT_ID,
            AuthParameters: { USERNAME: newEmail, PASSWORD: GOOD_PASSWORD },
          }),
        ),
      ).rejects.toMatchObject({ name: "NotAuthorizedException", message: "User is disabled." });
      await expect(
        up.anon.send(
          new InitiateAuthCommand({
            AuthFlow: "REFRESH_TOKEN_AUTH",
            ClientId: CLIENT_ID,
            AuthParameters: { REFRESH_TOKEN: signIn.AuthenticationResult!.RefreshToken! },
          }),
        ),
      ).rejects.toMatchObject({ name: "NotAuthorizedException", message: "User is disabled." });
      await expect(
        up.anon.send(new GetUserCommand({ AccessToken: signIn.AuthenticationResult!.AccessToken! })),
      ).rejects.toMatchObject({ name: "NotAuthorizedException" });
      await up.admin.send(new AdminEnableUserCommand({ UserPoolId: POOL_ID, Username: newEmail }));
      await up.anon.send(
        new InitiateAuthCommand({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: CLIENT_ID,
          AuthParameters: { USERNAME: newEmail, PASSWORD: GOOD_PASSWORD },
        }),
      );

      await up.admin.send(new AdminDeleteUserCommand({ UserPoolId: POOL_ID, Username: newEmail }));
      await expect(
        up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: newEmail })),
      ).rejects.toMatchObject({ name: "UserNotFoundException", message: "User does not exist." });
      await expect(
        up.anon.send(
          new InitiateAuthCommand({
            AuthFlow: "REFRESH_TOKEN_AUTH",
            ClientId: CLIENT_ID,
            AuthParameters: { REFRESH_TOKEN: signIn.AuthenticationResult!.RefreshToken! },
          }),
        ),
      ).rejects.toMatchObject({ name: "NotAuthorizedException" });
    },
  );

  it("ListUsers pages and filters with = and ^=", async () => {
    const { UserPool } = await up.admin.send(
      new CreateUserPoolCommand({ PoolName: "listing", UsernameConfiguration: { CaseSensitive: false } }),
    );
    const poolId = UserPool!.Id!;
    for (const [name, given] of [
      ["alice", "Alice"],
      ["alfred", "Alfred"],
      ["bob", "Bob"],
      ["carol", 'Ca"rol'],
    ] as const) {
      await up.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: name,
          MessageAction: "SUPPRESS",
          UserAttributes: [
            { Name: "given_name", Value: given },
            { Name: "email", Value: `${name}@Example.com` },
          ],
        }),
      );
    }
    await up.admin.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "bob" }));
    const all: string[] = [];
    let token: string | undefined;
    do {
      const page = await up.admin.send(
        new ListUsersCommand({ UserPoolId: poolId, Limit: 3, ...(token ? { PaginationToken: token } : {}) }),
      );
      all.push(...page.Users!.map((u) => u.Username!));
      token = page.PaginationToken;
    } while (token);
    expect(all).toEqual(["alfred", "alice", "bob", "carol"]);
    const names = async (Filter: string) =>
      (await up.admin.send(new ListUsersCommand({ UserPoolId: poolId, Filter }))).Users!.map((u) => u.Username);
    expect(await names('username ^= "al"')).toEqual(["alfred", "alice"]);
    expect(await names('given_name = "Bob"')).toEqual(["bob"]);
    expect(await names('email = "ALICE@example.com"')).toEqual(["alice"]);
    expect(await names('given_name = "Ca\\"rol"')).toEqual(["carol"]);
    expect(await names('status = "Disabled"')).toEqual(["bob"]);
    expect(await names('cognito:user_status = "force_change_password"')).toEqual(["alfred", "alice", "bob", "carol"]);
    const limited = await up.admin.send(
      new ListUsersCommand({ UserPoolId: poolId, Filter: 'username = "alice"', AttributesToGet: ["given_name"] }),
    );
    expect(limited.Users![0]!.Attributes).toEqual([{ Name: "given_name", Value: "Alice" }]);
    await expect(
      up.admin.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'custom:x = "1"' })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(
      up.admin.send(new ListUsersCommand({ UserPoolId: poolId, Filter: "username = alice" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    await up.admin.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
  });
});

describe("SigV4 on admin operations", () => {
  it("refuses unsigned, unknown-key, wrong-secret and stale requests with AWS's error names", async () => {
    const body = JSON.stringify({ UserPoolId: POOL_ID });
    const unsigned = await fetch(up.url, {
      method: "POST",
      headers: {
        "x-amz-target": "AWSCognitoIdentityProviderService.DescribeUserPool",
        "content-type": "application/x-amz-json-1.1",
      },
      body,
    });
    expect(unsigned.status).toBe(400);
    expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await unsigned.json()).toMatchObject({ __type: "MissingAuthenticationTokenException" });

    await expect(
      adminClient(up.url, { accessKeyId: "nobody", secretAccessKey: "local" }).send(
        new DescribeUserPoolCommand({ UserPoolId: POOL_ID }),
      ),
    ).rejects.toMatchObject({
      name: "UnrecognizedClientException",
    });
    await expect(
      adminClient(up.url, { accessKeyId: "local", secretAccessKey: "wrong" }).send(
        new DescribeUserPoolCommand({ UserPoolId: POOL_ID }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidSignatureException",
    });
    // The SDK signs with its own clock; a server clock 20 minutes ahead sees a stale signature.
    const skewed = await startTestUserpool({ clock: new ManualClock(Date.now() + 20 * 60_000) });
    try {
      const stale = adminClient(skewed.url);
      stale.config.systemClockOffset = 0;
      const err = await stale.send(new DescribeUserPoolCommand({ UserPoolId: POOL_ID })).catch((e) => e);
      expect(err).toMatchObject({ name: "InvalidSignatureException" });
      expect(String(err.message)).toMatch(/expired|Signature/i);
    } finally {
      await skewed.close();
    }
    // Public operations need no signature.
    await expect(
      up.anon.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: uniqueEmail(), Password: GOOD_PASSWORD })),
    ).resolves.toBeTruthy();
  });
});

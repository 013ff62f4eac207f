/**
 * Answers worded as Cognito words them, through the AWS SDK on every engine: AdminCreateUser's taken
 * username, the two wordings of a password the policy refuses, and the `version` claim of user access tokens.
 */
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminDeleteUserAttributesCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { GOOD_PASSWORD, startTestUserpoolOn, type EngineUserpool } from "./support/userpool.js";

describe.each(testEngines())("Cognito's wording on $name", (engine) => {
  let up: EngineUserpool;
  let poolId: string;
  let clientId: string;
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine);
    poolId = (await up.admin.send(new CreateUserPoolCommand({ PoolName: "wording" }))).UserPool!.Id!;
    clientId = (
      await up.admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: "app",
          ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
      )
    ).UserPoolClient!.ClientId!;
  });
  afterAll(async () => {
    await up?.stop();
  });

  it("AdminCreateUser for a taken username: UsernameExistsException 'User account already exists'", async () => {
    await up.admin.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: "taken", MessageAction: "SUPPRESS" }),
    );
    await expect(
      up.admin.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "taken", MessageAction: "SUPPRESS" })),
    ).rejects.toMatchObject({ name: "UsernameExistsException", message: "User account already exists" });
    // SignUp keeps its own wording for the same conflict.
    await expect(
      up.anon.send(new SignUpCommand({ ClientId: clientId, Username: "taken", Password: GOOD_PASSWORD })),
    ).rejects.toMatchObject({ name: "UsernameExistsException", message: "User already exists" });
  });

  it("a refused password: SignUp 'did not conform with', the admin operations 'does not conform to'", async () => {
    await expect(
      up.anon.send(new SignUpCommand({ ClientId: clientId, Username: "weak-signup", Password: "Sh0rt!" })),
    ).rejects.toMatchObject({
      name: "InvalidPasswordException",
      message: "Password did not conform with policy: Password not long enough",
    });
    await expect(
      up.admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: "weak-admin",
          TemporaryPassword: "no-upper-123!",
          MessageAction: "SUPPRESS",
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidPasswordException",
      message: "Password does not conform to policy: Password must have uppercase characters",
    });
    await up.admin.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: "reset", MessageAction: "SUPPRESS" }),
    );
    await expect(
      up.admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username: "reset",
          Password: "NoSymbols123",
          Permanent: true,
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidPasswordException",
      message: "Password does not conform to policy: Password must have symbol characters",
    });
  });

  it("a user's access token carries version 2, as Cognito's do", async () => {
    await up.admin.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: "tokens", MessageAction: "SUPPRESS" }),
    );
    await up.admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: "tokens",
        Password: GOOD_PASSWORD,
        Permanent: true,
      }),
    );
    const r = await up.admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "tokens", PASSWORD: GOOD_PASSWORD },
      }),
    );
    expect(decodeJwt(r.AuthenticationResult!.AccessToken!)).toMatchObject({ token_use: "access", version: 2 });
    expect(decodeJwt(r.AuthenticationResult!.IdToken!).version).toBeUndefined();
  });

  it("a pool's Schema is honoured: immutable attributes and length constraints", async () => {
    const { Id } = (
      await up.admin.send(
        new CreateUserPoolCommand({
          PoolName: "schema",
          Schema: [
            { Name: "tenant", AttributeDataType: "String", Mutable: false },
            { Name: "code", AttributeDataType: "String", StringAttributeConstraints: { MaxLength: "4" } },
          ],
        }),
      )
    ).UserPool!;
    await up.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: Id!,
        Username: "member",
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "custom:tenant", Value: "acme" }],
      }),
    );
    await expect(
      up.admin.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: Id!,
          Username: "member",
          UserAttributes: [{ Name: "custom:tenant", Value: "other" }],
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "Cannot modify an immutable attribute: custom:tenant",
    });
    await expect(
      up.admin.send(
        new AdminDeleteUserAttributesCommand({
          UserPoolId: Id!,
          Username: "member",
          UserAttributeNames: ["custom:tenant"],
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "Cannot modify an immutable attribute: custom:tenant",
    });
    await expect(
      up.admin.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: Id!,
          Username: "member",
          UserAttributes: [{ Name: "custom:code", Value: "toolong" }],
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "Attributes did not conform to the schema: custom:code: String must be no longer than 4 characters",
    });
  });
});

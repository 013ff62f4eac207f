/**
 * What triggers do to real operations, through the official AWS SDK v3: PreSignUp auto-confirmation,
 * CustomMessage e-mail, UserMigration on first sign-in, PreTokenGeneration claims (V1_0 in-process,
 * V2_0 through the Lambda Invoke API), failures as Cognito reports them (and a failed PreSignUp
 * leaving nothing behind), and LambdaConfig through Create/Update/DescribeUserPool and the config
 * file. Runs on SQLite and, with USERPOOL_DATABASE_URL, on PostgreSQL.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  ConfirmSignUpCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startUserpool } from "../src/main.js";
import { testEngines } from "./support/engines.js";
import { startLambdaServer, type LambdaServer } from "./support/lambdaServer.js";
import { srpSignIn } from "./support/signIn.js";
import {
  POOL2_CLIENT_ID,
  POOL2_ID,
  RECORDER,
  TRIGGER_MODULES,
  allTriggers,
  eventsOf,
  recorder,
  resetRecorder,
  triggerConfig,
} from "./support/triggerPools.js";
import {
  adminClient,
  anonClient,
  CLIENT_ID,
  fastRsaKeys,
  GOOD_PASSWORD,
  latestCode,
  latestMessage,
  LEGACY_CLIENT_ID,
  POOL_ID,
  startTestUserpoolOn,
  uniqueEmail,
  type EngineUserpool,
} from "./support/userpool.js";

// Long enough for an in-process trigger on a loaded 2-core CI machine; the timeout case then waits this long.
const TIMEOUT_MS = 2000;
const LAMBDA_KEY = { id: "trigger-invoker", secret: "trigger-invoker-secret" };
const ARN = "arn:aws:lambda:us-east-1:123456789012:function:recorder";
const hang = () => new Promise(() => {});

describe.each(testEngines())("Lambda triggers through the AWS SDK on $name", (engine) => {
  let up: EngineUserpool;
  let lambda: LambdaServer;
  beforeAll(async () => {
    lambda = await startLambdaServer({ recorder: RECORDER }, { [LAMBDA_KEY.id]: LAMBDA_KEY.secret });
    up = await startTestUserpoolOn(engine, {
      // Pool 1 runs the recorder in-process (V1_0); pool 2 invokes it by ARN through the local Lambda API (V2_0).
      config: triggerConfig(allTriggers(RECORDER, "V1_0"), allTriggers(ARN, "V2_0")),
      env: {
        TEST_CLIENT_SECRET: "testclientsecret0123456789abcdefghijklmnopqrstuvwxyz",
        USERPOOL_LAMBDA_ENDPOINT: lambda.url,
        AWS_ACCESS_KEY_ID: LAMBDA_KEY.id,
        AWS_SECRET_ACCESS_KEY: LAMBDA_KEY.secret,
      },
      triggerTimeoutMs: TIMEOUT_MS,
      // The API test below names a fixture module; only an allow-listed directory lets it.
      triggerModuleDirs: [TRIGGER_MODULES],
    });
  });
  afterAll(async () => {
    await up?.stop();
    await lambda?.close();
  });
  beforeEach(() => resetRecorder());

  const behave = (source: string, fn: (event: any) => unknown) => (recorder().behaviour[source] = fn);
  const signUp = (email: string, clientId = CLIENT_ID) =>
    up.anon.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: GOOD_PASSWORD }));
  const mailTo = async (email: string) =>
    (await fetch(`${up.url}/_dev/messages?to=${encodeURIComponent(email)}`)).json() as Promise<unknown[]>;
  async function confirmedUser(clientId = CLIENT_ID): Promise<string> {
    const email = uniqueEmail("trig");
    await signUp(email, clientId);
    await up.anon.send(
      new ConfirmSignUpCommand({
        ClientId: clientId,
        Username: email,
        ConfirmationCode: await latestCode(up.url, email),
      }),
    );
    return email;
  }

  describe("PreSignUp", () => {
    it("autoConfirmUser and autoVerifyEmail: confirmed at once, e-mail verified, no code, sign-in works", async () => {
      behave("PreSignUp_SignUp", (e) => ({
        ...e,
        response: { ...e.response, autoConfirmUser: true, autoVerifyEmail: true },
      }));
      const email = uniqueEmail("auto");
      const out = await signUp(email);
      expect([out.UserConfirmed, out.CodeDeliveryDetails]).toEqual([true, undefined]);
      expect(await mailTo(email)).toEqual([]);
      const user = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }));
      expect(user.UserStatus).toBe("CONFIRMED");
      expect(user.UserAttributes).toContainEqual({ Name: "email_verified", Value: "true" });
      const tokens = await srpSignIn(up.anon, {
        poolId: POOL_ID,
        clientId: CLIENT_ID,
        username: email,
        password: GOOD_PASSWORD,
      });
      expect(decodeJwt(tokens.AuthenticationResult!.IdToken!).email_verified).toBe(true);
      // An auto-confirmed user is not "confirmed" through a confirmation flow: no PostConfirmation.
      expect(eventsOf("PostConfirmation_ConfirmSignUp")).toEqual([]);
    });

    it.each([
      [
        "throws",
        () => Promise.reject(new Error("Sign-ups from this domain are closed")),
        "PreSignUp failed with error Sign-ups from this domain are closed.",
      ],
      [
        "answers a malformed response",
        (e: any) => ({ ...e, response: { autoConfirmUser: "yes" } }),
        "PreSignUp failed with error Invalid lambda response: response.autoConfirmUser must be a boolean.",
      ],
      ["answers something that is not an event", () => 42, "PreSignUp failed with error Unrecognizable lambda output."],
      ["runs past the timeout", hang, "PreSignUp failed with error Task timed out after 2.00 seconds."],
    ])(
      "a trigger that %s fails SignUp with UserLambdaValidationException and leaves no user, code or e-mail",
      async (_what, fn, message) => {
        behave("PreSignUp_SignUp", fn);
        const email = uniqueEmail("refused");
        const before = await up.store.db
          .selectFrom("confirmation_codes")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow();
        await expect(signUp(email)).rejects.toMatchObject({
          name: "UserLambdaValidationException",
          message,
          $metadata: { httpStatusCode: 400 },
        });
        await expect(
          up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email })),
        ).rejects.toMatchObject({ name: "UserNotFoundException" });
        const users = await up.store.db.selectFrom("users").select("id").where("pool_id", "=", POOL_ID).execute();
        const aliases = await up.store.db
          .selectFrom("user_aliases")
          .select("user_id")
          .where("alias_key", "=", email.toLowerCase())
          .execute();
        const after = await up.store.db
          .selectFrom("confirmation_codes")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow();
        expect(users.filter((u) => u.id === eventsOf("PreSignUp_SignUp")[0].userName)).toEqual([]);
        expect([aliases, Number(after.n)]).toEqual([[], Number(before.n)]);
        expect(await mailTo(email)).toEqual([]);
      },
    );

    it("AdminCreateUser: PreSignUp_AdminCreateUser may verify the e-mail; a failure refuses the user", async () => {
      behave("PreSignUp_AdminCreateUser", (e) => ({ ...e, response: { ...e.response, autoVerifyEmail: true } }));
      const email = uniqueEmail("invited");
      const out = await up.admin.send(
        new AdminCreateUserCommand({ UserPoolId: POOL_ID, Username: email, MessageAction: "SUPPRESS" }),
      );
      expect(out.User!.UserStatus).toBe("FORCE_CHANGE_PASSWORD");
      expect(out.User!.Attributes).toContainEqual({ Name: "email_verified", Value: "true" });
      behave("PreSignUp_AdminCreateUser", () => Promise.reject(new Error("not invited")));
      const refused = uniqueEmail("refused-admin");
      await expect(
        up.admin.send(new AdminCreateUserCommand({ UserPoolId: POOL_ID, Username: refused })),
      ).rejects.toMatchObject({
        name: "UserLambdaValidationException",
        message: "PreSignUp failed with error not invited.",
      });
      await expect(
        up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: refused })),
      ).rejects.toMatchObject({ name: "UserNotFoundException" });
    });
  });

  describe("CustomMessage", () => {
    it("replaces subject and body of the verification e-mail in the dev mailbox; the code in it works", async () => {
      behave("CustomMessage_SignUp", (e) => ({
        ...e,
        response: {
          ...e.response,
          emailSubject: "Welcome to Authhub",
          emailMessage: `Hello ${e.request.userAttributes.email}, your Authhub code: ${e.request.codeParameter}`,
        },
      }));
      const email = uniqueEmail("custom");
      await signUp(email);
      const mail = await latestMessage(up.url, email);
      expect(mail.subject).toBe("Welcome to Authhub");
      expect(mail.text).toMatch(new RegExp(`^Hello ${email.replace(/\./g, "\\.")}, your Authhub code: \\d{6}$`));
      await up.anon.send(
        new ConfirmSignUpCommand({
          ClientId: CLIENT_ID,
          Username: email,
          ConfirmationCode: await latestCode(up.url, email),
        }),
      );
    });

    it("customises the AdminCreateUser invitation (username and temporary password placeholders)", async () => {
      behave("CustomMessage_AdminCreateUser", (e) => ({
        ...e,
        response: {
          ...e.response,
          emailSubject: "You are invited",
          emailMessage: `Sign in as ${e.request.usernameParameter} with ${e.request.codeParameter}`,
        },
      }));
      const email = uniqueEmail("invite");
      await up.admin.send(
        new AdminCreateUserCommand({ UserPoolId: POOL_ID, Username: email, TemporaryPassword: "Temp-Passw0rd!" }),
      );
      const mail = await latestMessage(up.url, email);
      expect([mail.subject, mail.text]).toEqual(["You are invited", `Sign in as ${email} with Temp-Passw0rd!`]);
    });

    it("a message without the code placeholder is not sent; the pool's template is", async () => {
      behave("CustomMessage_SignUp", (e) => ({
        ...e,
        response: { ...e.response, emailMessage: "Welcome! (no code here)" },
      }));
      const email = uniqueEmail("nocode");
      await signUp(email);
      expect((await latestMessage(up.url, email)).text).toMatch(/^Hello .+, your code is \d{6}\.$/);
    });

    it("a failing CustomMessage fails the operation with Cognito's message", async () => {
      behave("CustomMessage_SignUp", () => Promise.reject(new Error("template service down")));
      await expect(signUp(uniqueEmail("cmfail"))).rejects.toMatchObject({
        name: "UserLambdaValidationException",
        message: "CustomMessage failed with error template service down.",
      });
    });
  });

  describe("UserMigration", () => {
    const legacyUsers = new Map<string, string>();
    beforeEach(() => {
      behave("UserMigration_Authentication", (e) => {
        const password = legacyUsers.get(e.userName);
        if (password === undefined) return e; // unknown there too
        if (password !== e.request.password) throw new Error("Bad password");
        return {
          ...e,
          response: {
            ...e.response,
            userAttributes: { email: e.userName, email_verified: "true", name: "Legacy User" },
            finalUserStatus: "CONFIRMED",
            messageAction: "SUPPRESS",
          },
        };
      });
    });

    it(
      "creates the user on the first password sign-in, once; " +
        "afterwards SRP works and the function is not asked again",
      async () => {
        const email = uniqueEmail("legacy");
        legacyUsers.set(email, "Legacy-Passw0rd");
        const auth = {
          AuthFlow: "USER_PASSWORD_AUTH" as const,
          ClientId: CLIENT_ID,
          AuthParameters: { USERNAME: email, PASSWORD: "Legacy-Passw0rd" },
        };
        const first = await up.anon.send(new InitiateAuthCommand(auth));
        expect(decodeJwt(first.AuthenticationResult!.IdToken!)).toMatchObject({
          email,
          email_verified: true,
          name: "Legacy User",
        });
        const user = await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }));
        expect(user.UserStatus).toBe("CONFIRMED");
        await up.anon.send(new InitiateAuthCommand(auth));
        await srpSignIn(up.anon, {
          poolId: POOL_ID,
          clientId: CLIENT_ID,
          username: email,
          password: "Legacy-Passw0rd",
        });
        expect(eventsOf("UserMigration_Authentication")).toHaveLength(1);
      },
    );

    it("concurrent first sign-ins of one legacy user create exactly one user and all succeed", async () => {
      const email = uniqueEmail("legacy-race");
      legacyUsers.set(email, "Legacy-Passw0rd");
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          up.anon.send(
            new InitiateAuthCommand({
              AuthFlow: "USER_PASSWORD_AUTH",
              ClientId: CLIENT_ID,
              AuthParameters: { USERNAME: email, PASSWORD: "Legacy-Passw0rd" },
            }),
          ),
        ),
      );
      expect(new Set(results.map((r) => decodeJwt(r.AuthenticationResult!.IdToken!).sub)).size).toBe(1);
      const rows = await up.store.db
        .selectFrom("user_aliases")
        .select("user_id")
        .where("pool_id", "=", POOL_ID)
        .where("alias_key", "=", email.toLowerCase())
        .execute();
      expect(rows).toHaveLength(1);
    });

    it("a wrong legacy password is the function's error; an unknown user stays unknown", async () => {
      const email = uniqueEmail("legacy-bad");
      legacyUsers.set(email, "Legacy-Passw0rd");
      await expect(
        up.anon.send(
          new InitiateAuthCommand({
            AuthFlow: "USER_PASSWORD_AUTH",
            ClientId: CLIENT_ID,
            AuthParameters: { USERNAME: email, PASSWORD: "Wrong-Passw0rd" },
          }),
        ),
      ).rejects.toMatchObject({
        name: "UserLambdaValidationException",
        message: "UserMigration failed with error Bad password.",
      });
      await expect(
        up.anon.send(
          new InitiateAuthCommand({
            AuthFlow: "USER_PASSWORD_AUTH",
            ClientId: LEGACY_CLIENT_ID,
            AuthParameters: { USERNAME: uniqueEmail("nobody"), PASSWORD: "Any-Passw0rd" },
          }),
        ),
      ).rejects.toMatchObject({ name: "UserNotFoundException" });
    });

    it("RESET_REQUIRED: the user is created but must reset the password", async () => {
      const email = uniqueEmail("legacy-reset");
      behave("UserMigration_Authentication", (e) => ({
        ...e,
        response: {
          ...e.response,
          userAttributes: { email: e.userName, email_verified: "true" },
          finalUserStatus: "RESET_REQUIRED",
        },
      }));
      await expect(
        up.anon.send(
          new InitiateAuthCommand({
            AuthFlow: "USER_PASSWORD_AUTH",
            ClientId: CLIENT_ID,
            AuthParameters: { USERNAME: email, PASSWORD: "Legacy-Passw0rd" },
          }),
        ),
      ).rejects.toMatchObject({ name: "PasswordResetRequiredException" });
      expect((await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }))).UserStatus).toBe(
        "RESET_REQUIRED",
      );
    });
  });

  describe("authentication triggers", () => {
    it("PreAuthentication can refuse a sign-in; PostAuthentication failing fails it too", async () => {
      const email = await confirmedUser();
      behave("PreAuthentication_Authentication", () => Promise.reject(new Error("account under review")));
      await expect(
        srpSignIn(up.anon, { poolId: POOL_ID, clientId: CLIENT_ID, username: email, password: GOOD_PASSWORD }),
      ).rejects.toMatchObject({
        name: "UserLambdaValidationException",
        message: "PreAuthentication failed with error account under review.",
      });
      delete recorder().behaviour.PreAuthentication_Authentication;
      behave("PostAuthentication_Authentication", () => Promise.reject(new Error("audit log unavailable")));
      await expect(
        srpSignIn(up.anon, { poolId: POOL_ID, clientId: CLIENT_ID, username: email, password: GOOD_PASSWORD }),
      ).rejects.toMatchObject({
        message: "PostAuthentication failed with error audit log unavailable.",
      });
      // The SRP answer stores the refresh token with the sign-in; a sign-in refused after that leaves it revoked.
      const sub = (await up.admin.send(new AdminGetUserCommand({ UserPoolId: POOL_ID, Username: email }))).Username!;
      const stored = await up.store.db
        .selectFrom("refresh_tokens")
        .select(["revoked_at"])
        .where("user_id", "=", sub)
        .execute();
      expect(stored).toHaveLength(1);
      expect(stored[0]!.revoked_at).not.toBeNull();
    });

    it("PostConfirmation failing fails ConfirmSignUp with Cognito's message", async () => {
      behave("PostConfirmation_ConfirmSignUp", () => Promise.reject(new Error("welcome mail failed")));
      const email = uniqueEmail("postconf");
      await signUp(email);
      await expect(
        up.anon.send(
          new ConfirmSignUpCommand({
            ClientId: CLIENT_ID,
            Username: email,
            ConfirmationCode: await latestCode(up.url, email),
          }),
        ),
      ).rejects.toMatchObject({
        name: "UserLambdaValidationException",
        message: "PostConfirmation failed with error welcome mail failed.",
      });
    });
  });

  describe("PreTokenGeneration", () => {
    it(
      "V1_0 (in-process): claims added, overridden and suppressed on the ID token only; " +
        "protected claims stay Cognito's",
      async () => {
        const email = await confirmedUser();
        behave("TokenGeneration_Authentication", (e) => ({
          ...e,
          response: {
            claimsOverrideDetails: {
              claimsToAddOrOverride: {
                tenant: "acme",
                name: "Overridden",
                sub: "00000000-0000-4000-8000-000000000000",
                iss: "https://evil.example",
                aud: "someone-else",
                exp: "9999999999",
                token_use: "access",
              },
              claimsToSuppress: ["email_verified", "cognito:username"],
            },
          },
        }));
        const out = await srpSignIn(up.anon, {
          poolId: POOL_ID,
          clientId: CLIENT_ID,
          username: email,
          password: GOOD_PASSWORD,
        });
        const id = decodeJwt(out.AuthenticationResult!.IdToken!);
        const access = decodeJwt(out.AuthenticationResult!.AccessToken!);
        expect(id).toMatchObject({
          tenant: "acme",
          name: "Overridden",
          iss: up.issuer(POOL_ID),
          aud: CLIENT_ID,
          token_use: "id",
          sub: access.sub,
        });
        expect(id).not.toHaveProperty("email_verified");
        expect(id["cognito:username"]).toBe(access.username);
        expect(id.exp! - id.iat!).toBe(3600);
        expect(access).not.toHaveProperty("tenant");
      },
    );

    it("V2_0 (Lambda Invoke API): both tokens and the access token's scopes; the token still works", async () => {
      const email = await confirmedUser(POOL2_CLIENT_ID);
      behave("TokenGeneration_Authentication", (e) => ({
        ...e,
        response: {
          claimsAndScopeOverrideDetails: {
            idTokenGeneration: { claimsToAddOrOverride: { tenant: "acme" } },
            accessTokenGeneration: {
              claimsToAddOrOverride: { tenant: "acme", roles: ["reader", "writer"], client_id: "forged" },
              scopesToAdd: ["api/read"],
            },
          },
        },
      }));
      const before = lambda.invocations.length;
      const out = await srpSignIn(up.anon, {
        poolId: POOL2_ID,
        clientId: POOL2_CLIENT_ID,
        username: email,
        password: GOOD_PASSWORD,
      });
      expect(
        lambda.invocations.slice(before).map((i) => [i.functionName, i.accessKeyId, i.event.triggerSource]),
      ).toContainEqual([ARN, LAMBDA_KEY.id, "TokenGeneration_Authentication"]);
      const access = decodeJwt(out.AuthenticationResult!.AccessToken!);
      expect(decodeJwt(out.AuthenticationResult!.IdToken!).tenant).toBe("acme");
      expect(access).toMatchObject({
        tenant: "acme",
        roles: ["reader", "writer"],
        client_id: POOL2_CLIENT_ID,
        scope: "aws.cognito.signin.user.admin api/read",
      });
      await expect(
        up.anon.send(new GetUserCommand({ AccessToken: out.AuthenticationResult!.AccessToken! })),
      ).resolves.toMatchObject({ UserAttributes: expect.any(Array) });
    });

    it("groupConfiguration carries the user's groups; groupOverrideDetails replaces them in both tokens", async () => {
      const email = await confirmedUser();
      const role = "arn:aws:iam::123456789012:role/editor";
      await up.admin.send(
        new CreateGroupCommand({ UserPoolId: POOL_ID, GroupName: "editors", RoleArn: role, Precedence: 1 }),
      );
      await up.admin.send(
        new AdminAddUserToGroupCommand({ UserPoolId: POOL_ID, Username: email, GroupName: "editors" }),
      );
      behave("TokenGeneration_Authentication", (e) => ({
        ...e,
        response: {
          claimsOverrideDetails: {
            groupOverrideDetails: { groupsToOverride: ["admins"], iamRolesToOverride: [], preferredRole: null },
          },
        },
      }));
      const out = await srpSignIn(up.anon, {
        poolId: POOL_ID,
        clientId: CLIENT_ID,
        username: email,
        password: GOOD_PASSWORD,
      });
      expect(eventsOf("TokenGeneration_Authentication")[0].request.groupConfiguration).toEqual({
        groupsToOverride: ["editors"],
        iamRolesToOverride: [role],
        preferredRole: role,
      });
      const id = decodeJwt(out.AuthenticationResult!.IdToken!);
      expect(id["cognito:groups"]).toEqual(["admins"]);
      expect(id).not.toHaveProperty("cognito:roles");
      expect(id).not.toHaveProperty("cognito:preferred_role");
      expect(decodeJwt(out.AuthenticationResult!.AccessToken!)["cognito:groups"]).toEqual(["admins"]);
    });

    it("a failing or slow PreTokenGeneration fails sign-in and AdminInitiateAuth with Cognito's message", async () => {
      const email = await confirmedUser();
      behave("TokenGeneration_Authentication", hang);
      await expect(
        srpSignIn(up.anon, { poolId: POOL_ID, clientId: CLIENT_ID, username: email, password: GOOD_PASSWORD }),
      ).rejects.toMatchObject({
        name: "UserLambdaValidationException",
        message: "PreTokenGeneration failed with error Task timed out after 2.00 seconds.",
      });
      behave("TokenGeneration_Authentication", (e) => ({
        ...e,
        response: { claimsOverrideDetails: { claimsToSuppress: "email" } },
      }));
      await expect(
        up.admin.send(
          new AdminInitiateAuthCommand({
            UserPoolId: POOL_ID,
            ClientId: CLIENT_ID,
            AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
          }),
        ),
      ).rejects.toMatchObject({
        message:
          "PreTokenGeneration failed with error Invalid lambda response: " +
          "response.claimsOverrideDetails.claimsToSuppress must be a list of strings.",
      });
      // Through the Lambda API, the function's error message arrives the same way.
      const email2 = await confirmedUser(POOL2_CLIENT_ID);
      behave("TokenGeneration_Authentication", () =>
        Promise.reject(new Error("could not sync the user with the app database")),
      );
      await expect(
        srpSignIn(up.anon, { poolId: POOL2_ID, clientId: POOL2_CLIENT_ID, username: email2, password: GOOD_PASSWORD }),
      ).rejects.toMatchObject({
        message: "PreTokenGeneration failed with error could not sync the user with the app database.",
      });
    });
  });

  describe("LambdaConfig through the admin API", () => {
    it(
      "CreateUserPool / DescribeUserPool / UpdateUserPool keep Cognito's members; " +
        "bad references are InvalidParameterException",
      async () => {
        const created = await up.admin.send(
          new CreateUserPoolCommand({
            PoolName: "api-triggers",
            LambdaConfig: {
              PreSignUp: "./test/support/triggers/callback.cjs",
              PreTokenGenerationConfig: { LambdaArn: ARN, LambdaVersion: "V2_0" },
            },
          }),
        );
        const id = created.UserPool!.Id!;
        const described = await up.admin.send(new DescribeUserPoolCommand({ UserPoolId: id }));
        expect(described.UserPool!.LambdaConfig).toEqual({
          PreSignUp: "./test/support/triggers/callback.cjs",
          PreTokenGeneration: ARN,
          PreTokenGenerationConfig: { LambdaArn: ARN, LambdaVersion: "V2_0" },
        });
        // A relative module set through the API is resolved against the server's working directory
        // (apps/userpool here).
        const client = await up.admin.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: "c" }));
        const signed = await up.anon.send(
          new SignUpCommand({
            ClientId: client.UserPoolClient!.ClientId!,
            Username: "callback-user",
            Password: GOOD_PASSWORD,
          }),
        );
        expect(signed.UserConfirmed).toBe(true);

        await up.admin.send(new UpdateUserPoolCommand({ UserPoolId: id, LambdaConfig: { PostConfirmation: ARN } }));
        expect((await up.admin.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.LambdaConfig).toEqual({
          PostConfirmation: ARN,
        });

        await expect(
          up.admin.send(
            new UpdateUserPoolCommand({
              UserPoolId: id,
              LambdaConfig: { PreSignUp: "arn:aws:iam::123456789012:role/not-a-function" },
            }),
          ),
        ).rejects.toMatchObject({
          name: "InvalidParameterException",
          message:
            "LambdaConfig.PreSignUp must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>).",
        });
        await expect(
          up.admin.send(
            new UpdateUserPoolCommand({
              UserPoolId: id,
              LambdaConfig: {
                PreTokenGeneration: ARN,
                PreTokenGenerationConfig: { LambdaArn: `${ARN}-other`, LambdaVersion: "V1_0" },
              },
            }),
          ),
        ).rejects.toMatchObject({ name: "InvalidParameterException" });
      },
    );

    it("a function that does not exist fails with UnexpectedLambdaException", async () => {
      const created = await up.admin.send(
        new CreateUserPoolCommand({
          PoolName: "missing-fn",
          LambdaConfig: { PreSignUp: "arn:aws:lambda:us-east-1:123456789012:function:nope" },
        }),
      );
      const client = await up.admin.send(
        new CreateUserPoolClientCommand({ UserPoolId: created.UserPool!.Id!, ClientName: "c" }),
      );
      await expect(
        up.anon.send(
          new SignUpCommand({
            ClientId: client.UserPoolClient!.ClientId!,
            Username: "someone",
            Password: GOOD_PASSWORD,
          }),
        ),
      ).rejects.toMatchObject({
        name: "UnexpectedLambdaException",
        message: "PreSignUp invocation failed due to error ResourceNotFoundException.",
      });
    });
  });
});

describe("LambdaConfig in a config file", () => {
  it("relative module paths are relative to the file; a bad reference names the pool and member", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trigger-config-"));
    try {
      copyFileSync(join(TRIGGER_MODULES, "callback.cjs"), join(dir, "auto-confirm.cjs"));
      const cfg = triggerConfig({ PreSignUp: "file:./auto-confirm.cjs" });
      writeFileSync(join(dir, "userpool.config.json"), JSON.stringify(cfg));
      const up = await startUserpool({
        config: join(dir, "userpool.config.json"),
        env: { TEST_CLIENT_SECRET: "x".repeat(40) },
        generateRsaKeyPair: fastRsaKeys,
        logLevel: "silent",
      });
      try {
        const out = await anonClient(up.url).send(
          new SignUpCommand({ ClientId: CLIENT_ID, Username: uniqueEmail("file"), Password: GOOD_PASSWORD }),
        );
        expect(out.UserConfirmed).toBe(true);
        const described = await adminClient(up.url).send(new DescribeUserPoolCommand({ UserPoolId: POOL_ID }));
        expect(described.UserPool!.LambdaConfig!.PreSignUp).toBe(`file:${join(dir, "auto-confirm.cjs")}`);
      } finally {
        await up.close();
      }
      writeFileSync(join(dir, "bad.json"), JSON.stringify(triggerConfig({ PreSignUp: "auto-confirm" })));
      await expect(
        startUserpool({
          config: join(dir, "bad.json"),
          env: { TEST_CLIENT_SECRET: "x".repeat(40) },
          generateRsaKeyPair: fastRsaKeys,
          logLevel: "silent",
        }),
      ).rejects.toThrow(
        `UserPools[0] (${POOL_ID}): LambdaConfig.PreSignUp must be a Lambda function ARN ` +
          "or a module path such as file:./triggers/handler.mjs.",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Point-in-time recovery through the AWS SDK v3 on every engine: a real restore of a pool's users to a time, from
 * the change log every user write appends to. Users deleted since come back (attributes, aliases, password), users
 * created since go, changed users are reverted except a password changed since; the preview counts what changes.
 * Users created by an import job are in the change log too.
 * ADR 0032.
 */
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CancelPointInTimeRecoveryCommand,
  CreateUserPoolClientCommand,
  CreateUserImportJobCommand,
  CreateUserPoolCommand,
  DescribePointInTimeRecoveryCommand,
  DescribeUserImportJobCommand,
  InitiatePointInTimeRecoveryCommand,
  ListPointInTimeRecoveriesCommand,
  ListUsersCommand,
  StartPointInTimeRecoveryCommand,
  StartUserImportJobCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import { adminAt } from "./support/lifecycle.js";
import { GOOD_PASSWORD, startTestUserpoolOn, uniqueEmail, type EngineUserpool } from "./support/userpool.js";

const MINUTE = 60_000;
const NEW_PASSWORD = "N3w-Password!x";

describe.each(testEngines())("point-in-time recovery through the AWS SDK v3 on $name", (engine) => {
  let up: EngineUserpool;
  const clock = new ManualClock();
  /** A client signing with the server's clock as it is now (the clock moves by minutes and days here). */
  const admin = (): CognitoIdentityProviderClient => adminAt(up.url, clock);
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, { clock });
  });
  afterAll(() => up?.stop());

  async function newPool(name: string, tier: "LITE" | "ESSENTIALS" | "PLUS" = "ESSENTIALS") {
    const pool = (
      await admin().send(
        new CreateUserPoolCommand({ PoolName: name, UsernameAttributes: ["email"], UserPoolTier: tier }),
      )
    ).UserPool!;
    const client = (
      await admin().send(
        new CreateUserPoolClientCommand({
          UserPoolId: pool.Id!,
          ClientName: "app",
          ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
      )
    ).UserPoolClient!;
    return { poolId: pool.Id!, clientId: client.ClientId! };
  }

  async function newUser(poolId: string, name: string): Promise<string> {
    const email = uniqueEmail(name);
    await admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: email,
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: "true" },
          { Name: "name", Value: `${name} at first` },
        ],
      }),
    );
    await admin().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: email,
        Password: GOOD_PASSWORD,
        Permanent: true,
      }),
    );
    return email;
  }

  const signIn = (poolId: string, clientId: string, email: string, password: string) =>
    admin().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
  const attribute = async (poolId: string, email: string, name: string) =>
    (await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: email }))).UserAttributes!.find(
      (a) => a.Name === name,
    )?.Value;

  it("restores the pool's users to the recovery point after a preview that counts the changes", async () => {
    const { poolId, clientId } = await newPool("recovery");
    const alice = await newUser(poolId, "alice");
    const bob = await newUser(poolId, "bob");
    const dave = await newUser(poolId, "dave");
    clock.advance(MINUTE);
    const point = clock.now();
    clock.advance(MINUTE);

    // After the recovery point: alice renamed, her password changed; bob deleted; dave disabled; carol created.
    await admin().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: alice,
        UserAttributes: [{ Name: "name", Value: "alice renamed" }],
      }),
    );
    await admin().send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: alice, Password: NEW_PASSWORD, Permanent: true }),
    );
    await admin().send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: bob }));
    await admin().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: dave }));
    const carol = await newUser(poolId, "carol");
    clock.advance(20 * MINUTE);

    const initiated = (
      await admin().send(new InitiatePointInTimeRecoveryCommand({ UserPoolId: poolId, RestoreTimestamp: point }))
    ).Restoration!;
    expect(initiated).toMatchObject({
      RestoreStatus: "PREVIEW_GENERATED",
      RestoreTimestamp: point,
      TriggerTimestamp: clock.now(),
      RestorePreview: [{ Entity: "Users", CreateCount: 1, UpdateCount: 2, DeleteCount: 1 }],
    });
    const restoreId = initiated.RestoreId!;
    expect(
      (await admin().send(new DescribePointInTimeRecoveryCommand({ UserPoolId: poolId, RestoreId: restoreId })))
        .Restoration,
    ).toEqual(initiated);
    // Nothing has changed yet.
    expect(await attribute(poolId, alice, "name")).toBe("alice renamed");
    await expect(admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: bob }))).rejects.toMatchObject({
      name: "UserNotFoundException",
    });
    // "A user pool can have only one active recovery at a time."
    await expect(
      admin().send(new InitiatePointInTimeRecoveryCommand({ UserPoolId: poolId, RestoreTimestamp: point })),
    ).rejects.toMatchObject({ name: "LimitExceededException", message: expect.stringContaining(restoreId) });

    const started = (
      await admin().send(new StartPointInTimeRecoveryCommand({ UserPoolId: poolId, RestoreId: restoreId }))
    ).Restoration!;
    expect(started).toMatchObject({ RestoreId: restoreId, RestoreStatus: "RESTORE_COMPLETED" });

    // bob is back, with his attributes, his e-mail alias and his password.
    expect(await attribute(poolId, bob, "name")).toBe("bob at first");
    expect((await signIn(poolId, clientId, bob, GOOD_PASSWORD)).AuthenticationResult?.AccessToken).toBeTruthy();
    const byEmail = await admin().send(new ListUsersCommand({ UserPoolId: poolId, Filter: `email = "${bob}"` }));
    expect(byEmail.Users).toHaveLength(1);
    // carol, created after the point, is gone.
    await expect(admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: carol }))).rejects.toMatchObject({
      name: "UserNotFoundException",
    });
    // alice's name is reverted; the password she set after the point is kept ("keep their current password").
    expect(await attribute(poolId, alice, "name")).toBe("alice at first");
    expect((await signIn(poolId, clientId, alice, NEW_PASSWORD)).AuthenticationResult?.AccessToken).toBeTruthy();
    await expect(signIn(poolId, clientId, alice, GOOD_PASSWORD)).rejects.toMatchObject({
      name: "NotAuthorizedException",
    });
    // dave is enabled again.
    expect((await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: dave }))).Enabled).toBe(true);

    // A started recovery cannot be started or cancelled again.
    await expect(
      admin().send(new StartPointInTimeRecoveryCommand({ UserPoolId: poolId, RestoreId: restoreId })),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("RESTORE_COMPLETED"),
    });
    await expect(
      admin().send(new CancelPointInTimeRecoveryCommand({ UserPoolId: poolId, RestoreId: restoreId })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });

    // The restore is logged too: a recovery to a point after it changes nothing.
    clock.advance(20 * MINUTE);
    const again = (
      await admin().send(
        new InitiatePointInTimeRecoveryCommand({
          UserPoolId: poolId,
          RestoreTimestamp: new Date(clock.now().getTime() - 16 * MINUTE),
        }),
      )
    ).Restoration!;
    expect(again.RestorePreview).toEqual([{ Entity: "Users", CreateCount: 0, UpdateCount: 0, DeleteCount: 0 }]);
    expect(
      (await admin().send(new CancelPointInTimeRecoveryCommand({ UserPoolId: poolId, RestoreId: again.RestoreId! })))
        .Restoration,
    ).toMatchObject({ RestoreStatus: "PREVIEW_CANCELLED" });
  });

  it("an import is in the change log: a recovery before it removes its users, one after restores them", async () => {
    const pool = (
      await admin().send(
        new CreateUserPoolCommand({
          PoolName: "recovery-import",
          AutoVerifiedAttributes: ["email"],
          AliasAttributes: ["email"],
          UserPoolTier: "ESSENTIALS",
        }),
      )
    ).UserPool!;
    const poolId = pool.Id!;
    await admin().send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: "before", MessageAction: "SUPPRESS" }),
    );
    clock.advance(MINUTE);
    const beforeImport = clock.now();
    clock.advance(MINUTE);

    const job = (
      await admin().send(
        new CreateUserImportJobCommand({
          JobName: "recovery",
          UserPoolId: poolId,
          CloudWatchLogsRoleArn: "arn:aws:iam::000000000000:role/CognitoImportRole",
        }),
      )
    ).UserImportJob!;
    const csv = [
      "cognito:username,name,email,email_verified,cognito:mfa_enabled",
      "imported1,Imported One,imported1@example.com,true,false",
      "imported2,Imported Two,imported2@example.com,true,false",
    ].join("\n");
    expect((await fetch(job.PreSignedUrl!, { method: "PUT", body: csv })).status).toBe(200);
    await admin().send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }));
    for (let i = 0; ; i++) {
      const j = (await admin().send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! })))
        .UserImportJob!;
      if (!["Pending", "InProgress"].includes(j.Status!)) {
        expect(j).toMatchObject({ Status: "Succeeded", ImportedUsers: 2 });
        break;
      }
      if (i > 600) throw new Error("the import did not end");
      await new Promise((r) => setTimeout(r, 50));
    }
    clock.advance(MINUTE);
    const afterImport = clock.now();
    clock.advance(MINUTE);
    // Changed after the import: without the import's own history row, a recovery to afterImport deleted this user.
    await admin().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: "imported1",
        UserAttributes: [{ Name: "name", Value: "changed later" }],
      }),
    );
    clock.advance(20 * MINUTE);

    const recover = async (at: Date) => {
      const r = (
        await admin().send(new InitiatePointInTimeRecoveryCommand({ UserPoolId: poolId, RestoreTimestamp: at }))
      ).Restoration!;
      const preview = r.RestorePreview;
      const done = await admin().send(
        new StartPointInTimeRecoveryCommand({ UserPoolId: poolId, RestoreId: r.RestoreId! }),
      );
      expect(done.Restoration?.RestoreStatus).toBe("RESTORE_COMPLETED");
      return preview;
    };
    expect(await recover(afterImport)).toEqual([{ Entity: "Users", CreateCount: 0, UpdateCount: 1, DeleteCount: 0 }]);
    // imported1 as the import made it: its attributes, status and e-mail alias.
    const one = await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "imported1@example.com" }));
    expect(one).toMatchObject({ Username: "imported1", UserStatus: "RESET_REQUIRED", Enabled: true });
    expect(one.UserAttributes?.find((a) => a.Name === "name")?.Value).toBe("Imported One");
    expect(await attribute(poolId, "imported2", "name")).toBe("Imported Two");

    clock.advance(20 * MINUTE);
    expect(await recover(beforeImport)).toEqual([{ Entity: "Users", CreateCount: 0, UpdateCount: 0, DeleteCount: 2 }]);
    for (const name of ["imported1", "imported2", "imported1@example.com"])
      await expect(admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: name }))).rejects.toMatchObject(
        { name: "UserNotFoundException" },
      );
    expect((await admin().send(new ListUsersCommand({ UserPoolId: poolId }))).Users?.map((u) => u.Username)).toEqual([
      "before",
    ]);
  });

  it("cancel changes nothing; an unused preview expires in 24 hours; recoveries are listed newest first", async () => {
    const { poolId } = await newPool("recovery-cancel");
    const erin = await newUser(poolId, "erin");
    clock.advance(MINUTE);
    const point = clock.now();
    clock.advance(MINUTE);
    await admin().send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: erin }));
    clock.advance(20 * MINUTE);

    const first = (
      await admin().send(new InitiatePointInTimeRecoveryCommand({ UserPoolId: poolId, RestoreTimestamp: point }))
    ).Restoration!;
    expect(first.RestorePreview).toEqual([{ Entity: "Users", CreateCount: 1, UpdateCount: 0, DeleteCount: 0 }]);
    expect(
      (await admin().send(new CancelPointInTimeRecoveryCommand({ UserPoolId: poolId, RestoreId: first.RestoreId! })))
        .Restoration,
    ).toMatchObject({ RestoreId: first.RestoreId, RestoreStatus: "PREVIEW_CANCELLED" });
    await expect(admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: erin }))).rejects.toMatchObject({
      name: "UserNotFoundException",
    });
    await expect(
      admin().send(new StartPointInTimeRecoveryCommand({ UserPoolId: poolId, RestoreId: first.RestoreId! })),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("PREVIEW_CANCELLED"),
    });

    clock.advance(MINUTE);
    const second = (
      await admin().send(new InitiatePointInTimeRecoveryCommand({ UserPoolId: poolId, RestoreTimestamp: point }))
    ).Restoration!;
    clock.advance(24 * 60 * MINUTE);
    expect(
      (await admin().send(new DescribePointInTimeRecoveryCommand({ UserPoolId: poolId, RestoreId: second.RestoreId! })))
        .Restoration,
    ).toMatchObject({ RestoreStatus: "PREVIEW_EXPIRED" });
    await expect(
      admin().send(new StartPointInTimeRecoveryCommand({ UserPoolId: poolId, RestoreId: second.RestoreId! })),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("PREVIEW_EXPIRED") });

    const page1 = await admin().send(new ListPointInTimeRecoveriesCommand({ UserPoolId: poolId, MaxResults: 1 }));
    expect(page1.Restorations).toEqual([
      { RestoreId: second.RestoreId, RestoreStatus: "PREVIEW_EXPIRED", RestoreTimestamp: point },
    ]);
    const page2 = await admin().send(
      new ListPointInTimeRecoveriesCommand({ UserPoolId: poolId, MaxResults: 1, NextToken: page1.NextToken! }),
    );
    expect(page2.Restorations).toEqual([
      { RestoreId: first.RestoreId, RestoreStatus: "PREVIEW_CANCELLED", RestoreTimestamp: point },
    ]);
    expect(page2.NextToken).toBeUndefined();
  });

  it("refuses recovery points too recent, too old or before the pool, a Lite pool, and bad input", async () => {
    const { poolId } = await newPool("recovery-refusals");
    const created = clock.now().getTime();
    clock.advance(30 * MINUTE);
    const initiate = (at: number, id = poolId) =>
      admin().send(new InitiatePointInTimeRecoveryCommand({ UserPoolId: id, RestoreTimestamp: new Date(at) }));
    await expect(initiate(clock.now().getTime() - 14 * MINUTE)).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("at least 15 minutes in the past"),
    });
    await expect(initiate(created - MINUTE)).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("can't be earlier than"),
    });
    clock.advance(2 * 24 * 60 * MINUTE);
    await expect(initiate(created + MINUTE)).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("ESSENTIALS feature plan recovers up to 1 day"),
    });
    const lite = await newPool("recovery-lite", "LITE");
    clock.advance(30 * MINUTE);
    await expect(initiate(clock.now().getTime() - 20 * MINUTE, lite.poolId)).rejects.toMatchObject({
      name: "FeatureUnavailableInTierException",
    });
    await expect(initiate(clock.now().getTime() - 20 * MINUTE, "us-east-1_Nope00000")).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    await expect(
      admin().send(new DescribePointInTimeRecoveryCommand({ UserPoolId: poolId, RestoreId: "nope" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(
      admin().send(new ListPointInTimeRecoveriesCommand({ UserPoolId: poolId, MaxResults: 61 })),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringMatching(/maxResults/i) });
    await expect(
      admin().send(new ListPointInTimeRecoveriesCommand({ UserPoolId: poolId, NextToken: "bogus" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: "Invalid NextToken." });
    expect((await admin().send(new ListPointInTimeRecoveriesCommand({ UserPoolId: poolId }))).Restorations).toEqual([]);
  });
});

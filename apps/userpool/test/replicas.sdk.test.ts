/**
 * The replica operations through the AWS SDK v3 on every engine. A pool lists itself as its PRIMARY replica, then
 * the secondaries CreateUserPoolReplica stored; nothing is replicated on one server (ADR 0032, issue #23).
 */
import {
  CreateUserPoolCommand,
  CreateUserPoolReplicaCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolReplicaCommand,
  DescribeUserPoolCommand,
  ListUserPoolReplicasCommand,
  UpdateUserPoolCommand,
  UpdateUserPoolReplicaCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseOptions, testEngines } from "./support/engines.js";
import {
  POOL_ID,
  startTestUserpool,
  startTestUserpoolOn,
  type EngineUserpool,
  type TestUserpool,
} from "./support/userpool.js";

describe.each(testEngines())("user pool replicas through the AWS SDK v3 on $name", (engine) => {
  let up: EngineUserpool;
  let poolId: string;
  let arn: string;
  beforeAll(async () => {
    up = await startTestUserpoolOn(engine);
    const pool = (await up.admin.send(new CreateUserPoolCommand({ PoolName: "replicated" }))).UserPool!;
    poolId = pool.Id!;
    arn = pool.Arn!;
  });
  afterAll(() => up?.stop());

  const primary = () => ({ RegionName: "us-east-1", Status: "ACTIVE", Role: "PRIMARY", UserPoolArn: arn });

  it("lists the pool itself as its primary, ACTIVE in its own Region", async () => {
    const r = await up.admin.send(new ListUserPoolReplicasCommand({ UserPoolId: poolId }));
    expect(r.UserPoolReplicas).toEqual([primary()]);
    expect(r.NextToken).toBeUndefined();
    await expect(
      up.admin.send(new ListUserPoolReplicasCommand({ UserPoolId: poolId, NextToken: "more" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: "Invalid NextToken." });
  });

  const secondary = (region: string, Status: string) => ({
    RegionName: region,
    Status,
    Role: "SECONDARY",
    UserPoolArn: arn.replace(":us-east-1:", `:${region}:`),
  });

  it("stores a replica per Region with its tags, lists it, updates it and deletes it only when INACTIVE", async () => {
    const created = await up.admin.send(
      new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "eu-west-1", UserPoolTags: { a: "b" } }),
    );
    expect(created.UserPoolReplica).toEqual(secondary("eu-west-1", "ACTIVE"));
    await expect(
      up.admin.send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "eu-west-1" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("already has") });
    await expect(
      up.admin.send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "us-east-1" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("its primary") });
    await up.admin.send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "ap-southeast-2" }));
    const listed = await up.admin.send(new ListUserPoolReplicasCommand({ UserPoolId: poolId }));
    expect(listed.UserPoolReplicas).toEqual([
      primary(),
      secondary("eu-west-1", "ACTIVE"),
      secondary("ap-southeast-2", "ACTIVE"),
    ]);
    // The replica's tags are its own, not the pool's.
    expect(
      (await up.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.UserPoolTags,
    ).toBeUndefined();
    await expect(
      up.admin.send(new DeleteUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "eu-west-1" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("INACTIVE") });
    expect(
      (
        await up.admin.send(
          new UpdateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "eu-west-1", Status: "INACTIVE" }),
        )
      ).UserPoolReplica,
    ).toEqual(secondary("eu-west-1", "INACTIVE"));
    expect((await up.admin.send(new ListUserPoolReplicasCommand({ UserPoolId: poolId }))).UserPoolReplicas![1]).toEqual(
      secondary("eu-west-1", "INACTIVE"),
    );
    expect(
      (await up.admin.send(new DeleteUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "eu-west-1" })))
        .UserPoolReplica,
    ).toEqual(secondary("eu-west-1", "DELETING"));
    expect((await up.admin.send(new ListUserPoolReplicasCommand({ UserPoolId: poolId }))).UserPoolReplicas).toEqual([
      primary(),
      secondary("ap-southeast-2", "ACTIVE"),
    ]);
    // UpdateUserPool keeps the replicas.
    await up.admin.send(new UpdateUserPoolCommand({ UserPoolId: poolId }));
    expect(
      (await up.admin.send(new ListUserPoolReplicasCommand({ UserPoolId: poolId }))).UserPoolReplicas,
    ).toHaveLength(2);
    await up.admin.send(
      new UpdateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "ap-southeast-2", Status: "INACTIVE" }),
    );
    await up.admin.send(new DeleteUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "ap-southeast-2" }));
  });

  it("DeleteUserPool removes the pool's replicas with it", async () => {
    const other = (await up.admin.send(new CreateUserPoolCommand({ PoolName: "gone" }))).UserPool!.Id!;
    await up.admin.send(new CreateUserPoolReplicaCommand({ UserPoolId: other, RegionName: "eu-central-1" }));
    await up.admin.send(new DeleteUserPoolCommand({ UserPoolId: other }));
    await expect(up.admin.send(new ListUserPoolReplicasCommand({ UserPoolId: other }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });

  it("the primary stays ACTIVE and is deleted only with the pool; an unknown Region is not found", async () => {
    await expect(
      up.admin.send(
        new UpdateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "sa-east-1", Status: "ACTIVE" }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException", message: expect.stringContaining("sa-east-1") });
    await expect(
      up.admin.send(new DeleteUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "sa-east-1" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    expect(
      (
        await up.admin.send(
          new UpdateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "us-east-1", Status: "ACTIVE" }),
        )
      ).UserPoolReplica,
    ).toEqual(primary());
    await expect(
      up.admin.send(
        new UpdateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "us-east-1", Status: "INACTIVE" }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("INACTIVE") });
    await expect(
      up.admin.send(new DeleteUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "us-east-1" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("DeleteUserPool") });
  });

  it("a pool of the configuration file keeps its replicas when a restart applies the file again", async () => {
    const db = await engine.create();
    const opts = { ...databaseOptions(db), dataKey: Buffer.alloc(32, 7) };
    let running: TestUserpool | undefined;
    try {
      running = await startTestUserpool(opts);
      await running.admin.send(new CreateUserPoolReplicaCommand({ UserPoolId: POOL_ID, RegionName: "eu-north-1" }));
      await running.close();
      running = await startTestUserpool(opts);
      const r = await running.admin.send(new ListUserPoolReplicasCommand({ UserPoolId: POOL_ID }));
      expect(r.UserPoolReplicas!.map((x) => [x.RegionName, x.Role, x.Status])).toEqual([
        ["us-east-1", "PRIMARY", "ACTIVE"],
        ["eu-north-1", "SECONDARY", "ACTIVE"],
      ]);
    } finally {
      await running?.close();
      await db.cleanup();
    }
  });

  it("refuses bad input and unknown pools", async () => {
    await expect(
      up.admin.send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "eu" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringMatching(/regionName/i) });
    await expect(
      up.admin.send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "nowhere" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("RegionName") });
    await expect(
      up.admin.send(
        new UpdateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "us-east-1", Status: "DELETING" as never }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringMatching(/status/i) });
    await expect(
      up.admin.send(new ListUserPoolReplicasCommand({ UserPoolId: "us-east-1_Nope00000" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(
      up.admin.send(new CreateUserPoolReplicaCommand({ UserPoolId: "us-east-1_Nope00000", RegionName: "eu-west-1" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});

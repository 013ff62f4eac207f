/**
 * The replica operations through the AWS SDK v3 on every engine. No other Region exists on one server, so a pool
 * lists itself as its PRIMARY replica, and creating a replica is refused by name rather than stored (ADR 0032).
 */
import {
  CreateUserPoolCommand,
  CreateUserPoolReplicaCommand,
  DeleteUserPoolReplicaCommand,
  DescribeUserPoolCommand,
  ListUserPoolReplicasCommand,
  UpdateUserPoolReplicaCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "./support/engines.js";
import { startTestUserpoolOn, type EngineUserpool } from "./support/userpool.js";

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

  it("refuses to create a replica in another Region by name, and stores nothing", async () => {
    await expect(
      up.admin.send(
        new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "eu-west-1", UserPoolTags: { a: "b" } }),
      ),
    ).rejects.toMatchObject({
      name: "OperationNotEnabledException",
      message: expect.stringContaining("CreateUserPoolReplica (RegionName eu-west-1) is not supported"),
    });
    await expect(
      up.admin.send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "us-east-1" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringContaining("its primary") });
    expect((await up.admin.send(new ListUserPoolReplicasCommand({ UserPoolId: poolId }))).UserPoolReplicas).toEqual([
      primary(),
    ]);
    expect(
      (await up.admin.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.UserPoolTags,
    ).toBeUndefined();
  });

  it("update and delete: no replica elsewhere; the primary stays ACTIVE, deleted only with the pool", async () => {
    await expect(
      up.admin.send(
        new UpdateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "eu-west-1", Status: "ACTIVE" }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException", message: expect.stringContaining("eu-west-1") });
    await expect(
      up.admin.send(new DeleteUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "eu-west-1" })),
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

  it("refuses bad input and unknown pools", async () => {
    await expect(
      up.admin.send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: "eu" })),
    ).rejects.toMatchObject({ name: "InvalidParameterException", message: expect.stringMatching(/regionName/i) });
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

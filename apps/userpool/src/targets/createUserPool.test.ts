import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool } from "../../test/support/fakes.js";
import { createUserPool } from "./createUserPool.js";

function setup() {
  const created = pool({}, "eu-west-1_NewPool01");
  const pools = { createPool: vi.fn(async () => created), describePool: vi.fn(() => ({ Id: created.id })) };
  const triggerModules = { checkApiLambdaConfig: vi.fn(async () => {}) };
  return { created, pools, triggerModules, deps: fakeDeps(createUserPool, { pools, triggerModules }) };
}

describe("CreateUserPool", () => {
  it("checks the triggers, creates the pool in the signed region and describes it with no users", async () => {
    const { created, pools, triggerModules, deps } = setup();
    const LambdaConfig = { PreSignUp: "arn:aws:lambda:eu-west-1:123456789012:function:f" };
    const res = await createUserPool.handle(
      deps,
      { PoolName: "test", LambdaConfig, AutoVerifiedAttributes: ["email"] },
      { ...ctx, region: "eu-west-1" },
    );
    expect(triggerModules.checkApiLambdaConfig).toHaveBeenCalledWith(LambdaConfig, undefined);
    expect(pools.createPool).toHaveBeenCalledWith(
      "test",
      { LambdaConfig, AutoVerifiedAttributes: ["email"] },
      { region: "eu-west-1" },
    );
    expect(pools.describePool).toHaveBeenCalledWith(created, { estimatedUsers: 0 });
    expect(res).toEqual({ UserPool: { Id: created.id } });
  });

  it("creates the pool in us-east-1 when the request names no region", async () => {
    const { pools, deps } = setup();
    await createUserPool.handle(deps, { PoolName: "test" }, ctx);
    expect(pools.createPool).toHaveBeenCalledWith("test", {}, { region: "us-east-1" });
  });

  it("creates nothing when the trigger check fails", async () => {
    const { pools, triggerModules, deps } = setup();
    triggerModules.checkApiLambdaConfig.mockRejectedValueOnce(new Error("module not allowed"));
    await expect(createUserPool.handle(deps, { PoolName: "test" }, ctx)).rejects.toThrow("module not allowed");
    expect(pools.createPool).not.toHaveBeenCalled();
  });
});

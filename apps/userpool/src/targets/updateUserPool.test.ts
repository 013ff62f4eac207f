import { describe, expect, it, vi } from "vitest";
import { ctx, fakeDeps, pool } from "../../test/support/fakes.js";
import { updateUserPool } from "./updateUserPool.js";

const ARN = "arn:aws:lambda:us-east-1:123456789012:function:";

function setup() {
  const current = pool({ LambdaConfig: { PreSignUp: `${ARN}old` } });
  const pools = { getPool: vi.fn(async () => current), updatePool: vi.fn(async () => current) };
  const triggerModules = { checkApiLambdaConfig: vi.fn(async () => {}) };
  return { current, pools, triggerModules, deps: fakeDeps(updateUserPool, { pools, triggerModules }) };
}

describe("UpdateUserPool", () => {
  it("checks the new triggers against the pool's current ones, then updates the settings and name", async () => {
    const { current, pools, triggerModules, deps } = setup();
    const LambdaConfig = { PreSignUp: `${ARN}new` };
    expect(
      await updateUserPool.handle(deps, { UserPoolId: current.id, PoolName: "renamed", LambdaConfig }, ctx),
    ).toEqual({});
    expect(pools.getPool).toHaveBeenCalledWith(current.id);
    expect(triggerModules.checkApiLambdaConfig).toHaveBeenCalledWith(LambdaConfig, current.settings.LambdaConfig);
    expect(pools.updatePool).toHaveBeenCalledWith(current.id, { LambdaConfig }, "renamed");
  });

  it("keeps the name when PoolName is absent", async () => {
    const { current, pools, deps } = setup();
    await updateUserPool.handle(deps, { UserPoolId: current.id, MfaConfiguration: "OFF" }, ctx);
    expect(pools.updatePool).toHaveBeenCalledWith(current.id, { MfaConfiguration: "OFF" }, undefined);
  });

  it("updates nothing when the trigger check fails", async () => {
    const { current, pools, triggerModules, deps } = setup();
    triggerModules.checkApiLambdaConfig.mockRejectedValueOnce(new Error("module not allowed"));
    await expect(updateUserPool.handle(deps, { UserPoolId: current.id }, ctx)).rejects.toThrow("module not allowed");
    expect(pools.updatePool).not.toHaveBeenCalled();
  });
});

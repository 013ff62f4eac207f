import { describe, expect, it, vi } from "vitest";
import { ResourceNotFoundException } from "../errors/cognitoErrors.js";
import { ctx, fakeDeps, pool } from "../../test/support/fakes.js";
import { getLogDeliveryConfiguration } from "./getLogDeliveryConfiguration.js";

const p = pool();

// API reference, GetLogDeliveryConfiguration.
describe("GetLogDeliveryConfiguration", () => {
  it("answers the pool's stored configurations", async () => {
    const pools = { getPool: vi.fn(async () => p) };
    const stored = [{ LogLevel: "ERROR" as const, EventSource: "userNotification" as const }];
    const logDelivery = { configuration: vi.fn(async () => stored) };
    expect(
      await getLogDeliveryConfiguration.handle(
        fakeDeps(getLogDeliveryConfiguration, { pools, logDelivery }),
        { UserPoolId: p.id },
        ctx,
      ),
    ).toEqual({ LogDeliveryConfiguration: { UserPoolId: p.id, LogConfigurations: stored } });
    expect(pools.getPool).toHaveBeenCalledWith(p.id);
  });

  it("refuses an unknown pool", async () => {
    const missing = new ResourceNotFoundException("User pool us-east-1_Nope00000 does not exist.");
    const pools = { getPool: vi.fn(async () => Promise.reject(missing)) };
    await expect(
      getLogDeliveryConfiguration.handle(
        fakeDeps(getLogDeliveryConfiguration, { pools }),
        { UserPoolId: "us-east-1_Nope00000" },
        ctx,
      ),
    ).rejects.toBe(missing);
  });
});

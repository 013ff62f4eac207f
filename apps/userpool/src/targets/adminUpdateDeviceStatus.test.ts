import { describe, expect, it, vi } from "vitest";
import { ResourceNotFoundException } from "../errors/cognitoErrors.js";
import { ctx, fakeDeps, pool, user } from "../../test/support/fakes.js";
import { adminUpdateDeviceStatus } from "./adminUpdateDeviceStatus.js";

const p = pool({ DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } });
const u = user();
const KEY = "us-east-1_0b0e5c4a-1111-4222-8333-444455556666";

describe("AdminUpdateDeviceStatus", () => {
  it("sets the status of the named user's device", async () => {
    const setStatus = vi.fn(async () => {});
    const deps = fakeDeps(adminUpdateDeviceStatus, {
      pools: { getPool: async () => p },
      users: { get: async () => u },
      devices: { setStatus },
    });
    const input = {
      UserPoolId: p.id,
      Username: "alice",
      DeviceKey: KEY,
      DeviceRememberedStatus: "remembered" as const,
    };
    expect(await adminUpdateDeviceStatus.handle(deps, input, ctx)).toEqual({});
    expect(setStatus).toHaveBeenCalledWith(p, u, KEY, "remembered");
  });

  it("passes on the device service's ResourceNotFoundException", async () => {
    const deps = fakeDeps(adminUpdateDeviceStatus, {
      pools: { getPool: async () => p },
      users: { get: async () => u },
      devices: {
        setStatus: async () => {
          throw new ResourceNotFoundException("Device does not exist.");
        },
      },
    });
    await expect(
      adminUpdateDeviceStatus.handle(
        deps,
        { UserPoolId: p.id, Username: "alice", DeviceKey: KEY, DeviceRememberedStatus: "not_remembered" },
        ctx,
      ),
    ).rejects.toMatchObject({ code: "ResourceNotFoundException" });
  });

  it("refuses a request without DeviceRememberedStatus by name", () => {
    const r = adminUpdateDeviceStatus.input.safeParse({ UserPoolId: p.id, Username: "alice", DeviceKey: KEY });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain("DeviceRememberedStatus");
  });
});

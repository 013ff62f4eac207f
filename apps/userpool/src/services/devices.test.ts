import { describe, expect, it } from "vitest";
import { pool, user } from "../../test/support/fakes.js";
import type { DeviceRow, Store } from "../store/index.js";
import { DeviceService } from "./devices.js";

const KEY = "us-east-1_0b0e5c4a-1111-4222-8333-444455556666";
const alice = user();

function service(row: Partial<DeviceRow> | undefined) {
  const stored: DeviceRow | undefined = row && {
    deviceKey: KEY,
    poolId: "us-east-1_TestPool1",
    userId: alice.id,
    groupKey: "-g",
    name: null,
    status: "remembered",
    salt: "0a",
    verifierEnc: "v1.x",
    lastIp: null,
    createdAt: 0,
    updatedAt: 0,
    lastAuthenticatedAt: 0,
    confirmedAt: 1,
    ...row,
  };
  const store = { devices: { get: async () => stored } } as unknown as Store;
  return new DeviceService({ store } as unknown as ConstructorParameters<typeof DeviceService>[0]);
}

describe("DeviceService.skipsMfa (for the MFA core)", () => {
  const skipping = pool({ DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } });

  it("skips MFA only for a confirmed, remembered device of the user when ChallengeRequiredOnNewDevice", async () => {
    expect(await service({}).skipsMfa(skipping, alice, KEY)).toBe(true);
  });

  it.each([
    ["no device key", {}, undefined, skipping],
    ["a device not remembered", { status: "not_remembered" as const }, KEY, skipping],
    ["an unconfirmed device", { confirmedAt: null }, KEY, skipping],
    ["another user's device", { userId: "someone-else" }, KEY, skipping],
    [
      "ChallengeRequiredOnNewDevice false",
      {},
      KEY,
      pool({ DeviceConfiguration: { ChallengeRequiredOnNewDevice: false } }),
    ],
    ["a pool without DeviceConfiguration", {}, KEY, pool()],
  ])("does not skip for %s", async (_name, row, key, p) => {
    expect(await service(row).skipsMfa(p, alice, key)).toBe(false);
  });

  it("does not skip for an unknown device", async () => {
    expect(await service(undefined).skipsMfa(skipping, alice, KEY)).toBe(false);
  });
});

/**
 * Remembered devices: confirmed once, listed by key for their user only, a status change and a delete
 * touch only the named user's device, a delete returns the device's bound sessions and takes them
 * with it, and housekeeping drops unconfirmed devices and expired bindings.
 */
import { expect, it } from "vitest";
import type { DeviceRow, Store } from "../index.js";
import { createPool, createUser, HOUR, storeTest, T0 } from "./fixtures.js";

const device = (poolId: string, userId: string, key: string, over: Partial<DeviceRow> = {}): DeviceRow => ({
  deviceKey: key,
  poolId,
  userId,
  groupKey: "-group",
  name: null,
  status: "not_remembered",
  salt: null,
  verifierEnc: null,
  lastIp: null,
  createdAt: T0,
  updatedAt: T0,
  lastAuthenticatedAt: T0,
  confirmedAt: null,
  ...over,
});

export function deviceStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "devices: confirmed once, listed by key for their own user, status and delete scoped to the user",
    withStore(async (s) => {
      const p = await createPool(s);
      const alice = await createUser(s, p, "alice");
      const bob = await createUser(s, p, "bob");
      for (const k of ["us-east-1_c", "us-east-1_a", "us-east-1_b"]) await s.devices.insert(device(p, alice.id, k));
      await s.devices.insert(device(p, bob.id, "us-east-1_z"));
      const confirm = {
        name: "phone",
        status: "remembered" as const,
        salt: "0a",
        verifierEnc: "v1.x",
        ip: "203.0.113.9",
        now: T0 + 5,
      };
      expect(await s.devices.listConfirmed(p, alice.id, 10)).toEqual([]);
      expect(await s.devices.confirm(p, bob.id, "us-east-1_a", confirm)).toBe(false);
      for (const k of ["us-east-1_a", "us-east-1_b", "us-east-1_c"])
        expect(await s.devices.confirm(p, alice.id, k, confirm)).toBe(true);
      expect(await s.devices.confirm(p, alice.id, "us-east-1_a", { ...confirm, verifierEnc: "v1.y" })).toBe(false);
      const a = await s.devices.get(p, "us-east-1_a");
      expect(a).toMatchObject({
        verifierEnc: "v1.x",
        salt: "0a",
        name: "phone",
        lastIp: "203.0.113.9",
        confirmedAt: T0 + 5,
      });
      expect((await s.devices.listConfirmed(p, alice.id, 2)).map((d) => d.deviceKey)).toEqual([
        "us-east-1_a",
        "us-east-1_b",
      ]);
      expect((await s.devices.listConfirmed(p, alice.id, 2, "us-east-1_b")).map((d) => d.deviceKey)).toEqual([
        "us-east-1_c",
      ]);
      expect(await s.devices.setStatus(p, bob.id, "us-east-1_a", "not_remembered", T0 + 6)).toBe(false);
      expect(await s.devices.setStatus(p, alice.id, "us-east-1_a", "not_remembered", T0 + 6)).toBe(true);
      expect(await s.devices.setStatus(p, bob.id, "us-east-1_z", "remembered", T0 + 6)).toBe(false); // unconfirmed
      expect(await s.devices.get(p, "us-east-1_a")).toMatchObject({ status: "not_remembered", updatedAt: T0 + 6 });
      await s.devices.touch(p, "us-east-1_a", T0 + 7, null);
      expect(await s.devices.get(p, "us-east-1_a")).toMatchObject({
        lastAuthenticatedAt: T0 + 7,
        lastIp: "203.0.113.9",
      });

      await s.devices.bindSession({ originJti: "o-1", poolId: p, deviceKey: "us-east-1_a", expiresAt: T0 + HOUR });
      await s.devices.bindSession({ originJti: "o-2", poolId: p, deviceKey: "us-east-1_a", expiresAt: T0 + 2 * HOUR });
      expect(await s.devices.sessionDevice("o-1")).toMatchObject({ deviceKey: "us-east-1_a", expiresAt: T0 + HOUR });
      expect(await s.devices.delete(p, bob.id, "us-east-1_a")).toBeUndefined();
      const ended = await s.devices.delete(p, alice.id, "us-east-1_a");
      expect(ended?.map((x) => x.originJti).sort()).toEqual(["o-1", "o-2"]);
      expect(await s.devices.get(p, "us-east-1_a")).toBeUndefined();
      expect(await s.devices.sessionDevice("o-1")).toBeUndefined();
    }),
  );

  it(
    "devices: housekeeping deletes unconfirmed devices issued before the cut-off and expired bindings",
    withStore(async (s) => {
      const p = await createPool(s);
      const u = await createUser(s, p, "carol");
      await s.devices.insert(device(p, u.id, "us-east-1_old", { createdAt: T0 }));
      await s.devices.insert(device(p, u.id, "us-east-1_new", { createdAt: T0 + 2 * HOUR }));
      await s.devices.insert(
        device(p, u.id, "us-east-1_kept", { createdAt: T0, confirmedAt: T0, verifierEnc: "v1.x", salt: "0a" }),
      );
      await s.devices.bindSession({ originJti: "h-1", poolId: p, deviceKey: "us-east-1_kept", expiresAt: T0 + HOUR });
      await s.devices.bindSession({
        originJti: "h-2",
        poolId: p,
        deviceKey: "us-east-1_kept",
        expiresAt: T0 + 3 * HOUR,
      });
      // The store is shared with the other suites, whose rows may go too: at least these two.
      expect(await s.devices.purgeExpired(T0 + HOUR, T0 + HOUR)).toBeGreaterThanOrEqual(2);
      expect(await s.devices.get(p, "us-east-1_old")).toBeUndefined();
      expect(await s.devices.get(p, "us-east-1_new")).toBeDefined();
      expect(await s.devices.get(p, "us-east-1_kept")).toBeDefined();
      expect(await s.devices.sessionDevice("h-1")).toBeUndefined();
      expect(await s.devices.sessionDevice("h-2")).toBeDefined();
    }),
  );
}

/**
 * Settings documents of the administration operations (session configuration, log delivery) and the server's
 * provisioned request-rate limits. store.test.ts runs every suite of contract/ on every engine.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { Store } from "../index.js";
import { createPool, storeTest, T0 } from "./fixtures.js";

export function administrationStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "administration: pool and client documents are replaced whole, kept per owner, and go with their owner",
    withStore(async (s) => {
      const poolId = await createPool(s);
      const other = await createPool(s);
      const clientId = `c${randomUUID().replace(/-/g, "").slice(0, 20)}`;
      await s.clients.create({ id: clientId, poolId, name: "c", secrets: [], settings: {}, createdAt: T0, updatedAt: T0 });
      expect(await s.administration.getPoolDocument(poolId, "session")).toBeUndefined();
      await s.administration.putPoolDocument(poolId, "session", { a: 1, b: [1, 2] }, T0);
      await s.administration.putPoolDocument(poolId, "session", { c: "x" }, T0 + 1);
      await s.administration.putPoolDocument(other, "session", { d: true }, T0);
      expect(await s.administration.getPoolDocument(poolId, "session")).toEqual({ c: "x" });
      expect(await s.administration.getPoolDocument(other, "session")).toEqual({ d: true });
      expect(await s.administration.getPoolDocument(poolId, "logDelivery")).toBeUndefined();

      await s.administration.putClientDocument(clientId, "session", { m: 5 }, T0);
      await s.administration.putClientDocument(clientId, "session", { m: 6 }, T0 + 1);
      expect(await s.administration.getClientDocument(clientId, "session")).toEqual({ m: 6 });

      expect(await s.clients.delete(clientId)).toBe(true);
      expect(await s.administration.getClientDocument(clientId, "session")).toBeUndefined();
      expect(await s.pools.delete(poolId)).toBe(true);
      expect(await s.administration.getPoolDocument(poolId, "session")).toBeUndefined();
      expect(await s.administration.getPoolDocument(other, "session")).toEqual({ d: true });
    }),
  );

  it(
    "administration: provisioned limits are set and replaced per category",
    withStore(async (s) => {
      // Server-wide rows: a category name no other suite uses keeps parallel files apart.
      const category = `Test${randomUUID().slice(0, 8)}`;
      await s.administration.putProvisionedLimit(category, 60, T0);
      expect((await s.administration.provisionedLimits())[category]).toBe(60);
      await s.administration.putProvisionedLimit(category, 75, T0 + 1);
      expect((await s.administration.provisionedLimits())[category]).toBe(75);
    }),
  );
}

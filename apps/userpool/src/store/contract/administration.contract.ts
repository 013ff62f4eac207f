/**
 * Settings documents of the administration operations (session configuration, log delivery), the server's
 * provisioned request-rate limits, and point-in-time recovery over the users' change log. store.test.ts runs every
 * suite of contract/ on every engine.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { Store } from "../index.js";
import { createPool, storeTest, T0, userRow } from "./fixtures.js";

export function administrationStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "administration: pool and client documents are replaced whole, kept per owner, and go with their owner",
    withStore(async (s) => {
      const poolId = await createPool(s);
      const other = await createPool(s);
      const clientId = `c${randomUUID().replace(/-/g, "").slice(0, 20)}`;
      await s.clients.create({
        id: clientId,
        poolId,
        name: "c",
        secrets: [],
        settings: {},
        createdAt: T0,
        updatedAt: T0,
      });
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

  it(
    "recoveries: every user write is logged; a restore to a time puts the users back, keeping newer passwords",
    withStore(async (s) => {
      const p = await createPool(s);
      const alias = (userId: string, key: string) => ({ poolId: p, type: "email" as const, key, userId });
      const kept = userRow(p, "kept", { updatedAt: T0 });
      const gone = userRow(p, "gone", { updatedAt: T0 });
      await s.users.create(kept, [alias(kept.id, "kept@example.com")]);
      await s.users.create(gone, [alias(gone.id, "gone@example.com")]);
      const at = T0 + 1000;
      // After `at`: kept renamed, its alias moved, its password changed; gone deleted; a newcomer takes gone's alias.
      await s.users.update(
        p,
        kept.id,
        {
          attributes: { ...kept.attributes, name: "renamed" },
          verifierEnc: "v1.newer",
          passwordSetAt: at + 1,
          updatedAt: at + 1,
        },
        { aliases: [alias(kept.id, "kept2@example.com")] },
      );
      await s.users.delete(p, gone.id, at + 2);
      const newcomer = userRow(p, "newcomer", { updatedAt: at + 3 });
      await s.users.create(newcomer, [alias(newcomer.id, "gone@example.com")]);

      expect(await s.recoveries.preview(p, at)).toEqual({ create: 1, update: 1, delete: 1 });
      expect(await s.recoveries.preview(p, at + 10)).toEqual({ create: 0, update: 0, delete: 0 });
      expect(await s.recoveries.restoreUsers(p, at, at + 100)).toEqual({ create: 1, update: 1, delete: 1 });

      const back = await s.users.getById(p, kept.id);
      expect(back).toMatchObject({ attributes: kept.attributes, verifierEnc: "v1.newer", passwordSetAt: at + 1 });
      expect(await s.users.aliasesOf(p, kept.id)).toEqual([alias(kept.id, "kept@example.com")]);
      expect(await s.users.getById(p, gone.id)).toMatchObject({ username: "gone", verifierEnc: gone.verifierEnc });
      expect((await s.users.getByAlias(p, "email", "gone@example.com"))?.id).toBe(gone.id);
      expect(await s.users.getById(p, newcomer.id)).toBeUndefined();
      // The restore is logged: restoring to a time after it changes nothing, to a time before it undoes it.
      expect(await s.recoveries.preview(p, at + 100)).toEqual({ create: 0, update: 0, delete: 0 });
      expect(await s.recoveries.preview(p, at + 50)).toEqual({ create: 1, update: 1, delete: 1 });
      // Trimming the log before a time keeps every recovery to that time or later as it was.
      expect(await s.recoveries.purgeHistory(at + 50)).toBeGreaterThan(0);
      expect(await s.recoveries.purgeHistory(at + 50)).toBe(0);
      expect(await s.recoveries.preview(p, at + 50)).toEqual({ create: 1, update: 1, delete: 1 });
      expect(await s.recoveries.preview(p, at + 100)).toEqual({ create: 0, update: 0, delete: 0 });
      expect(await s.recoveries.restoreUsers(p, at + 50, at + 200)).toEqual({ create: 1, update: 1, delete: 1 });
      expect(await s.users.getById(p, newcomer.id)).toMatchObject({ username: "newcomer" });
      expect(await s.users.getById(p, gone.id)).toBeUndefined();
      expect(await s.users.getById(p, kept.id)).toMatchObject({ attributes: { ...kept.attributes, name: "renamed" } });
    }),
  );

  it(
    "recoveries: recorded, read per pool, listed newest first by pages, and moved between statuses only as expected",
    withStore(async (s) => {
      const p = await createPool(s);
      const other = await createPool(s);
      const row = (n: number) => ({
        restoreId: randomUUID(),
        poolId: p,
        status: "PREVIEW_GENERATED" as const,
        restoreTimestamp: T0,
        triggerTimestamp: T0 + n,
        preview: { create: n, update: 0, delete: 0 },
        createdAt: T0 + n,
        updatedAt: T0 + n,
      });
      const rows = [row(1), row(2), row(3)];
      for (const r of rows) await s.recoveries.create(r);
      expect(await s.recoveries.get(p, rows[0]!.restoreId)).toEqual(rows[0]);
      expect(await s.recoveries.get(other, rows[0]!.restoreId)).toBeUndefined();
      const page1 = await s.recoveries.list(p, 2);
      expect(page1.map((r) => r.restoreId)).toEqual([rows[2]!.restoreId, rows[1]!.restoreId]);
      const page2 = await s.recoveries.list(p, 2, page1[1]!);
      expect(page2.map((r) => r.restoreId)).toEqual([rows[0]!.restoreId]);
      expect(await s.recoveries.setStatus(rows[0]!.restoreId, "PREVIEW_GENERATED", "RESTORING", T0 + 9)).toBe(true);
      expect(await s.recoveries.setStatus(rows[0]!.restoreId, "PREVIEW_GENERATED", "PREVIEW_CANCELLED", T0 + 9)).toBe(
        false,
      );
      expect(await s.recoveries.get(p, rows[0]!.restoreId)).toMatchObject({ status: "RESTORING", updatedAt: T0 + 9 });
      expect(await s.pools.delete(p)).toBe(true);
      expect(await s.recoveries.list(p, 10)).toEqual([]);
    }),
  );
}

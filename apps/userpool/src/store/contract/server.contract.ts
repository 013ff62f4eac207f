/**
 * What belongs to the server rather than to a pool: meta values, the development mailbox and SMS outbox.
 * store.test.ts runs every suite of contract/ on every engine, so SQLite and PostgreSQL cannot drift apart.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { Store } from "../index.js";
import { migrations } from "../migrations/index.js";
import { storeTest, T0 } from "./fixtures.js";

export function serverStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "dev mail: newest first, filtered by lower-cased recipient",
    withStore(async (s) => {
      await s.devMail.insert({ id: randomUUID(), to: "Zed@Example.com", createdAt: T0, contentEnc: "a" });
      await s.devMail.insert({ id: randomUUID(), to: "zed@example.com", createdAt: T0 + 1, contentEnc: "b" });
      await s.devMail.insert({ id: randomUUID(), to: "other@example.com", createdAt: T0 + 2, contentEnc: "c" });
      expect((await s.devMail.list({ to: "ZED@example.com", limit: 10 })).map((m) => m.contentEnc)).toEqual(["b", "a"]);
      expect((await s.devMail.list({ limit: 2 })).map((m) => m.contentEnc)).toEqual(["c", "b"]);
    }),
  );

  it(
    "dev SMS: newest first (then by ID), filtered by the exact number",
    withStore(async (s) => {
      const row = (id: string, to: string, createdAt: number) => ({
        id,
        to,
        poolId: "us-east-1_Pool00001",
        kind: "sign-up",
        createdAt,
        contentEnc: id,
      });
      await s.devSms.insert(row("a1", "+15555550101", T0));
      await s.devSms.insert(row("a3", "+15555550101", T0 + 1));
      await s.devSms.insert(row("a2", "+15555550101", T0 + 1));
      await s.devSms.insert(row("b1", "+15555550102", T0 + 2));
      const listed = await s.devSms.list({ to: "+15555550101", limit: 10 });
      expect(listed.map((m) => m.id)).toEqual(["a3", "a2", "a1"]);
      expect(listed[0]).toEqual(row("a3", "+15555550101", T0 + 1));
      expect((await s.devSms.list({ to: "+15555550102", limit: 10 })).map((m) => m.id)).toEqual(["b1"]);
      expect(await s.devSms.list({ to: "15555550101", limit: 10 })).toEqual([]);
      expect((await s.devSms.list({ limit: 2 })).map((m) => m.id)).toEqual(["b1", "a3"]);
    }),
  );

  it(
    "dev SMS: purge deletes texts before the cut-off and all but the newest `keep`",
    withStore(async (s) => {
      const to = "+15555550199";
      const base = T0 + 1_000_000;
      for (const [id, at] of [
        ["p1", base],
        ["p2", base + 10],
        ["p3", base + 20],
        ["p4", base + 20],
        ["p5", base + 30],
      ] as const)
        await s.devSms.insert({ id, to, poolId: "p", kind: "sign-up", createdAt: at, contentEnc: "x" });
      const ids = async () => (await s.devSms.list({ to, limit: 10 })).map((m) => m.id);
      // Other tests share this store: what a purge must delete is counted from every row.
      const all = () => s.devSms.list({ limit: 100_000 });
      // Nothing older than the cut-off and fewer rows than `keep`: nothing goes.
      expect(await s.devSms.purge({ before: 0, keep: 100_000 })).toBe(0);
      expect(await ids()).toEqual(["p5", "p4", "p3", "p2", "p1"]);
      // p1 (and any other test's older rows) is before the cut-off.
      const older = (await all()).filter((r) => r.createdAt < base + 1).length;
      expect(await s.devSms.purge({ before: base + 1, keep: 100_000 })).toBe(older);
      expect(await ids()).toEqual(["p5", "p4", "p3", "p2"]);
      // Two newest kept; p3 and p4 share a time, and the ID decides between them.
      const total = (await all()).length;
      expect(await s.devSms.purge({ before: 0, keep: 2 })).toBe(total - 2);
      expect(await ids()).toEqual(["p5", "p4"]);
    }),
  );

  it(
    "meta: setIfAbsent keeps the first value",
    withStore(async (s) => {
      expect(await s.meta.get("k")).toBeUndefined();
      expect(await s.meta.setIfAbsent("k", "first")).toBe("first");
      expect(await s.meta.setIfAbsent("k", "second")).toBe("first");
      expect(await s.meta.get("k")).toBe("first");
    }),
  );

  it(
    "health: ping answers, every migration of the code is recorded, the pool state matches the engine",
    withStore(async (s) => {
      await s.health.ping();
      expect(await s.health.appliedMigrations()).toEqual(Object.keys(migrations).sort());
      const state = s.health.poolState();
      if (s.engine === "sqlite") expect(state).toBeUndefined();
      else {
        expect(state!.total).toBeGreaterThanOrEqual(1);
        expect(state!.idle).toBeLessThanOrEqual(state!.total);
        expect(state!.waiting).toBeGreaterThanOrEqual(0);
      }
    }),
  );
}

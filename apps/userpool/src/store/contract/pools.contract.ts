/**
 * Pools, their app clients and signing keys, and what deleting a pool takes with it.
 * store.test.ts runs every suite of contract/ on every engine, so SQLite and PostgreSQL cannot drift apart.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { StoreConflictError, type Store } from "../index.js";
import { createPool, createUser, HOUR, refreshRow, storeTest, T0, userRow } from "./fixtures.js";

export function poolStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "pools: create, get, list with pagination, update, refuse duplicate IDs, delete with cascade",
    withStore(async (s) => {
      const ids = ["us-east-1_aaaaaaaa1", "us-east-1_aaaaaaaa2", "us-east-1_aaaaaaaa3"];
      for (const id of ids) await createPool(s, id);
      expect((await s.pools.get(ids[0]!))?.settings).toEqual({ a: 1 });
      await expect(createPool(s, ids[0])).rejects.toSatisfy(
        (e) => e instanceof StoreConflictError && e.kind === "pool",
      );
      const page1 = await s.pools.list({ limit: 2 });
      const page2 = await s.pools.list({ limit: 2, after: page1.at(-1)!.id });
      expect([...page1, ...page2].map((p) => p.id)).toEqual(ids);
      expect(await s.pools.update(ids[1]!, { name: "renamed", settings: { b: 2 }, updatedAt: T0 + 1 })).toBe(true);
      expect(await s.pools.get(ids[1]!)).toMatchObject({ name: "renamed", settings: { b: 2 }, updatedAt: T0 + 1 });
      expect(await s.pools.update("us-east-1_nope00000", { name: "x", settings: {}, updatedAt: 1 })).toBe(false);

      const u = userRow(ids[2]!, "cascade");
      await s.users.create(u, [{ poolId: ids[2]!, type: "email", key: "cascade@example.com", userId: u.id }]);
      await s.clients.create({
        id: "cascadeclient",
        poolId: ids[2]!,
        name: "c",
        secrets: [{ id: "cascadeclient--1", secretEnc: "v1.cascade", createdAt: T0 }],
        settings: {},
        createdAt: T0,
        updatedAt: T0,
      });
      expect(await s.pools.delete(ids[2]!)).toBe(true);
      expect(await s.pools.delete(ids[2]!)).toBe(false);
      expect(await s.users.getById(ids[2]!, u.id)).toBeUndefined();
      expect(await s.users.getByAlias(ids[2]!, "email", "cascade@example.com")).toBeUndefined();
      expect(await s.clients.get("cascadeclient")).toBeUndefined();
    }),
  );

  it(
    "clients: create, get, list per pool, update keeps or replaces the secret, delete",
    withStore(async (s) => {
      const p = await createPool(s);
      for (const id of ["c1", "c2", "c3"]) {
        await s.clients.create({
          id: `${p}-${id}`,
          poolId: p,
          name: id,
          secrets: id === "c1" ? [{ id: `${p}-c1--${T0}`, secretEnc: "v1.secret", createdAt: T0 }] : [],
          settings: { x: id },
          createdAt: T0,
          updatedAt: T0,
        });
      }
      await expect(
        s.clients.create({
          id: `${p}-c1`,
          poolId: p,
          name: "dup",
          secrets: [],
          settings: {},
          createdAt: T0,
          updatedAt: T0,
        }),
      ).rejects.toSatisfy((e) => e instanceof StoreConflictError && e.kind === "client");
      const first = await s.clients.list(p, { limit: 2 });
      expect(first.map((c) => c.name)).toEqual(["c1", "c2"]);
      expect((await s.clients.list(p, { limit: 2, after: first[1]!.id })).map((c) => c.name)).toEqual(["c3"]);
      await s.clients.update(`${p}-c1`, { name: "n", settings: { y: 1 }, updatedAt: T0 + 5 });
      expect(await s.clients.get(`${p}-c1`)).toMatchObject({
        name: "n",
        secrets: [{ id: `${p}-c1--${T0}`, secretEnc: "v1.secret", createdAt: T0 }],
        settings: { y: 1 },
      });
      const replaced = [{ id: `${p}-c1--${T0 + 6}`, secretEnc: "v1.other", createdAt: T0 + 6 }];
      await s.clients.update(`${p}-c1`, { name: "n", settings: {}, secrets: replaced, updatedAt: T0 + 6 });
      expect((await s.clients.get(`${p}-c1`))?.secrets).toEqual(replaced);
      await s.clients.update(`${p}-c1`, { name: "n", settings: {}, secrets: [], updatedAt: T0 + 7 });
      expect((await s.clients.get(`${p}-c1`))?.secrets).toEqual([]);
      expect(await s.clients.delete(`${p}-c2`)).toBe(true);
      expect(await s.clients.get(`${p}-c2`)).toBeUndefined();
    }),
  );

  it(
    "client secrets: at most `max` of concurrent adds win, IDs never collide, the last secret stays, cascade",
    withStore(async (s) => {
      const p = await createPool(s);
      const id = `${p}-rot`;
      const first = { id: `${id}--${T0}`, secretEnc: "v1.a", createdAt: T0 };
      await s.clients.create({
        id,
        poolId: p,
        name: "r",
        secrets: [first],
        settings: {},
        createdAt: T0,
        updatedAt: T0,
      });
      // Added at the same instant as the first: its time moves past it, so its ID differs.
      const adds = await Promise.all(
        ["v1.b", "v1.c", "v1.d"].map((secretEnc) => s.clients.addSecret(id, { secretEnc, createdAt: T0 }, 2)),
      );
      const added = adds.filter((a) => typeof a === "object");
      expect(added).toHaveLength(1);
      expect(adds.filter((a) => a === "full")).toHaveLength(2);
      const second = added[0]!;
      expect(second).toMatchObject({ id: `${id}--${T0 + 1}`, createdAt: T0 + 1 });
      expect((await s.clients.get(id))?.secrets).toEqual([first, second]);
      expect(await s.clients.addSecret(`${p}-none`, { secretEnc: "v1.x", createdAt: T0 }, 2)).toBe("missing");

      expect(await s.clients.deleteSecret(id, "nope")).toBe("missing");
      const deletes = await Promise.all([s.clients.deleteSecret(id, first.id), s.clients.deleteSecret(id, second.id)]);
      expect(deletes.sort()).toEqual(["deleted", "last"]);
      expect((await s.clients.get(id))?.secrets).toHaveLength(1);
      expect(await s.clients.deleteSecret(`${p}-none`, first.id)).toBe("missing");

      await s.clients.delete(id);
      const left = await s.db
        .selectFrom("user_pool_client_secrets")
        .select("secret_id")
        .where("client_id", "=", id)
        .execute();
      expect(left).toEqual([]);
    }),
  );

  it(
    "keys: one key per pool and use; a second writer loses and reads the winner",
    withStore(async (s) => {
      const p = await createPool(s);
      const k = { poolId: p, use: "id" as const, publicJwk: { kty: "RSA" }, privateEnc: "v1.k", createdAt: T0 };
      expect(await s.keys.insertIfAbsent({ ...k, kid: `${p}-a` })).toBe(true);
      expect(await s.keys.insertIfAbsent({ ...k, kid: `${p}-b` })).toBe(false);
      expect(await s.keys.insertIfAbsent({ ...k, kid: `${p}-c`, use: "access" })).toBe(true);
      const rows = (await s.keys.listForPool(p)).map((r) => [r.kid, r.use]);
      expect(rows.sort()).toEqual([
        [`${p}-a`, "id"],
        [`${p}-c`, "access"],
      ]);
    }),
  );

  it(
    "deleting a pool removes its lifecycle rows",
    withStore(async (s) => {
      const p = await createPool(s);
      const u = await createUser(s, p, "del");
      const origin = randomUUID();
      await s.refreshTokens.insert(refreshRow(p, u.id, { originJti: origin }));
      await s.revocations.revokeUserSessions({ poolId: p, userId: u.id, now: T0, retainMs: HOUR, watermark: true });
      await s.lockouts.countFailure(p, "u:x", T0, { freeFailures: 4, maxLockMs: 900_000, quietMs: 900_000 });
      await s.quotas.hit({ poolId: p, subject: "u:x", kind: "k", now: T0, windowMs: HOUR });
      await s.groups.create({
        poolId: p,
        name: "g",
        description: null,
        roleArn: null,
        precedence: null,
        createdAt: T0,
        updatedAt: T0,
      });
      await s.groups.addMember(p, "g", u.id);
      await s.pendingAttributes.set({ poolId: p, userId: u.id, name: "email", value: "x@example.com", now: T0 });
      await s.srpAnswers.settle({
        poolId: p,
        challengeId: "e".repeat(32),
        expiresAt: T0 + HOUR,
        now: T0,
        subject: "u:x",
        proofOk: false,
        user: null,
        policy: { freeFailures: 4, maxLockMs: 900_000, quietMs: 900_000 },
      });
      expect(await s.pools.delete(p)).toBe(true);
      for (const t of [
        "revoked_origins",
        "user_signouts",
        "sign_in_lockouts",
        "user_quotas",
        "user_pool_groups",
        "user_group_members",
        "pending_attributes",
        "srp_answered_challenges",
      ] as const) {
        const rows = await s.db.selectFrom(t).selectAll().where("pool_id", "=", p).execute();
        expect(rows, t).toEqual([]);
      }
    }),
  );
}

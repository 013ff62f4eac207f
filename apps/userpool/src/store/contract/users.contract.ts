/**
 * Users and their aliases, groups and memberships, and attribute values waiting for verification.
 * store.test.ts runs every suite of contract/ on every engine, so SQLite and PostgreSQL cannot drift apart.
 */
import { expect, it } from "vitest";
import { StoreConflictError, type Store } from "../index.js";
import { createPool, createUser, storeTest, T0, userRow } from "./fixtures.js";

export function userStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "users: unique usernames and aliases are decided by the index, atomically with the insert",
    withStore(async (s) => {
      const p = await createPool(s);
      const a = userRow(p, "alice");
      await s.users.create(a, [{ poolId: p, type: "email", key: "alice@example.com", userId: a.id }]);
      const dupName = userRow(p, "ALICE", { usernameKey: "alice" });
      await expect(s.users.create(dupName, [])).rejects.toSatisfy(
        (e) => e instanceof StoreConflictError && e.kind === "username",
      );
      const dupAlias = userRow(p, "bob");
      await expect(
        s.users.create(dupAlias, [{ poolId: p, type: "email", key: "alice@example.com", userId: dupAlias.id }]),
      ).rejects.toSatisfy((e) => e instanceof StoreConflictError && e.kind === "alias");
      // The failed alias insert rolled back the user row too.
      expect(await s.users.getById(p, dupAlias.id)).toBeUndefined();
      expect((await s.users.getByUsernameKey(p, "alice"))?.id).toBe(a.id);
      expect((await s.users.getByAlias(p, "email", "alice@example.com"))?.id).toBe(a.id);
      expect(await s.users.count(p)).toBe(1);

      // Same name in another pool is fine.
      const other = await createPool(s);
      await s.users.create(userRow(other, "alice"), []);
    }),
  );

  it(
    "users: concurrent creation of one name yields exactly one user",
    withStore(async (s) => {
      const p = await createPool(s);
      const attempts = Array.from({ length: 20 }, (_, i) => {
        const u = userRow(p, `Race${i % 2 ? "R" : "r"}`, { usernameKey: "racer" });
        return s.users.create(u, [{ poolId: p, type: "email", key: "race@example.com", userId: u.id }]);
      });
      const results = await Promise.allSettled(attempts);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(StoreConflictError);
      expect(await s.users.count(p)).toBe(1);
    }),
  );

  it(
    "users: update with compare-and-set on status, alias replacement, takeAlias, delete",
    withStore(async (s) => {
      const p = await createPool(s);
      const a = userRow(p, "carol");
      const b = userRow(p, "dave");
      await s.users.create(a, [{ poolId: p, type: "email", key: "carol@example.com", userId: a.id }]);
      await s.users.create(b, []);
      expect(
        await s.users.update(p, a.id, { status: "CONFIRMED", updatedAt: T0 + 1 }, { expectStatus: "UNCONFIRMED" }),
      ).toBe(true);
      expect(
        await s.users.update(p, a.id, { status: "CONFIRMED", updatedAt: T0 + 2 }, { expectStatus: "UNCONFIRMED" }),
      ).toBe(false);
      expect(await s.users.getById(p, a.id)).toMatchObject({ status: "CONFIRMED", updatedAt: T0 + 1, enabled: true });

      await s.users.update(
        p,
        a.id,
        { enabled: false, attributes: { sub: a.id, email: "new@example.com" }, updatedAt: T0 + 3 },
        {
          aliases: [{ poolId: p, type: "email", key: "new@example.com", userId: a.id }],
        },
      );
      expect(await s.users.getByAlias(p, "email", "carol@example.com")).toBeUndefined();
      expect(await s.users.getByAlias(p, "email", "new@example.com")).toMatchObject({
        id: a.id,
        enabled: false,
        attributes: { email: "new@example.com" },
      });
      await expect(
        s.users.update(
          p,
          b.id,
          { updatedAt: T0 + 4 },
          { aliases: [{ poolId: p, type: "email", key: "new@example.com", userId: b.id }] },
        ),
      ).rejects.toSatisfy((e) => e instanceof StoreConflictError && e.kind === "alias");
      expect(await s.users.getById(p, b.id)).toMatchObject({ updatedAt: T0 });

      expect(await s.users.takeAlias(p, "email", "new@example.com")).toBe(a.id);
      expect(await s.users.takeAlias(p, "email", "new@example.com")).toBeUndefined();
      expect(await s.users.aliasesOf(p, a.id)).toEqual([]);

      expect(
        await s.users.update(p, a.id, { srpSalt: "cd", verifierEnc: "v1.y", passwordSetAt: T0 + 9, updatedAt: T0 + 9 }),
      ).toBe(true);
      expect(await s.users.getById(p, a.id)).toMatchObject({
        srpSalt: "cd",
        verifierEnc: "v1.y",
        passwordSetAt: T0 + 9,
      });
      expect(await s.users.delete(p, a.id, T0)).toBe(true);
      expect(await s.users.delete(p, a.id, T0)).toBe(false);
      expect(await s.users.update(p, a.id, { updatedAt: T0 })).toBe(false);
    }),
  );

  it(
    "users: list pages by username and filters by = and ^= on columns and attributes",
    withStore(async (s) => {
      const p = await createPool(s);
      const names = ["amy", "Ann", "bea", "ben", "bob"];
      for (const n of names) {
        await s.users.create(
          userRow(p, n, { attributes: { sub: "", email: `${n}@Example.com`, given_name: n === "bob" ? "100%_x" : n } }),
          [],
        );
      }
      const bob = await s.users.getByUsernameKey(p, "bob");
      await s.users.update(p, bob!.id, { status: "CONFIRMED", enabled: false, updatedAt: T0 });

      const page1 = await s.users.list(p, { limit: 2 });
      const page2 = await s.users.list(p, { limit: 2, after: page1.next! });
      const page3 = await s.users.list(p, { limit: 2, after: page2.next! });
      expect(page3.next).toBeUndefined();
      expect([...page1.users, ...page2.users, ...page3.users].map((u) => u.usernameKey)).toEqual([
        "amy",
        "ann",
        "bea",
        "ben",
        "bob",
      ]);

      const by = async (filter: Parameters<Store["users"]["list"]>[1]["filter"]) =>
        (await s.users.list(p, { limit: 60, ...(filter ? { filter } : {}) })).users.map((u) => u.usernameKey);
      expect(await by({ field: "username", op: "^=", value: "b" })).toEqual(["bea", "ben", "bob"]);
      expect(await by({ field: "email", op: "=", value: "ANN@example.COM" })).toEqual(["ann"]);
      // Only e-mail addresses (and the status) are matched without regard to case.
      expect(await by({ field: "given_name", op: "=", value: "ANN" })).toEqual([]);
      expect(await by({ field: "given_name", op: "=", value: "Ann" })).toEqual(["ann"]);
      expect(await by({ field: "given_name", op: "^=", value: "100%" })).toEqual(["bob"]);
      expect(await by({ field: "given_name", op: "^=", value: "1_" })).toEqual([]);
      expect(await by({ field: "cognito:user_status", op: "=", value: "confirmed" })).toEqual(["bob"]);
      expect(await by({ field: "status", op: "=", value: "Disabled" })).toEqual(["bob"]);
      expect(await by({ field: "status", op: "=", value: "Enabled" })).toEqual(["amy", "ann", "bea", "ben"]);
      expect(await by({ field: "sub", op: "=", value: bob!.id })).toEqual(["bob"]);
      expect(await by({ field: "family_name", op: "=", value: "x" })).toEqual([]);
    }),
  );

  it(
    "groups: create refuses duplicates, list pages by name, update, membership is idempotent, " +
      "delete removes memberships",
    withStore(async (s) => {
      const p = await createPool(s);
      const g = (name: string, precedence: number | null = null) => ({
        poolId: p,
        name,
        description: `d-${name}`,
        roleArn: null,
        precedence,
        createdAt: T0,
        updatedAt: T0,
      });
      for (const n of ["beta", "alpha", "Gamma"]) await s.groups.create(g(n));
      await expect(s.groups.create(g("alpha"))).rejects.toSatisfy(
        (e) => e instanceof StoreConflictError && e.kind === "group",
      );
      // Names are case sensitive: "ALPHA" is another group.
      await s.groups.create(g("ALPHA", 3));
      const page1 = await s.groups.list(p, { limit: 2 });
      const page2 = await s.groups.list(p, { limit: 10, after: page1.at(-1)!.name });
      expect([...page1, ...page2].map((x) => x.name)).toEqual(["ALPHA", "Gamma", "alpha", "beta"]);
      expect(await s.groups.get(p, "ALPHA")).toEqual(g("ALPHA", 3));
      expect(
        await s.groups.update(p, "alpha", {
          description: null,
          roleArn: "arn:aws:iam::1:role/r",
          precedence: 7,
          updatedAt: T0 + 1,
        }),
      ).toBe(true);
      expect(await s.groups.get(p, "alpha")).toMatchObject({
        description: null,
        roleArn: "arn:aws:iam::1:role/r",
        precedence: 7,
        updatedAt: T0 + 1,
      });
      expect(
        await s.groups.update(p, "nope", { description: null, roleArn: null, precedence: null, updatedAt: T0 }),
      ).toBe(false);

      const u1 = await createUser(s, p, "Zed");
      const u2 = await createUser(s, p, "amy");
      expect(await s.groups.addMember(p, "alpha", u1.id)).toBe(true);
      expect(await s.groups.addMember(p, "alpha", u1.id)).toBe(true);
      expect(await s.groups.addMember(p, "alpha", u2.id)).toBe(true);
      expect(await s.groups.addMember(p, "beta", u1.id)).toBe(true);
      expect(await s.groups.addMember(p, "missing", u1.id)).toBe(false);
      expect((await s.groups.groupsOf(p, u1.id)).map((x) => x.name)).toEqual(["alpha", "beta"]);
      // The user with its groups in one read: the same rows as the two reads apart.
      expect(await s.users.getByIdWithGroups(p, u1.id)).toEqual({
        user: await s.users.getById(p, u1.id),
        groups: await s.groups.groupsOf(p, u1.id),
      });
      expect(await s.users.getByIdWithGroups(p, u2.id)).toEqual({ user: u2, groups: [await s.groups.get(p, "alpha")] });
      expect(await s.users.getByIdWithGroups(p, (await createUser(s, p, "loner")).id)).toMatchObject({ groups: [] });
      expect(await s.users.getByIdWithGroups(p, "no-such-user")).toBeUndefined();
      expect(await s.users.getByIdWithGroups(await createPool(s), u1.id)).toBeUndefined();
      const m1 = await s.groups.membersOf(p, "alpha", { limit: 1 });
      const m2 = await s.groups.membersOf(p, "alpha", { limit: 1, after: m1[0]!.usernameKey });
      expect([...m1, ...m2].map((x) => x.username)).toEqual(["amy", "Zed"]);
      expect(m1[0]).toEqual(u2);

      expect(await s.groups.removeMember(p, "beta", u1.id)).toBe(true);
      expect(await s.groups.removeMember(p, "beta", u1.id)).toBe(false);
      expect(await s.groups.delete(p, "alpha")).toBe(true);
      expect(await s.groups.delete(p, "alpha")).toBe(false);
      expect(await s.groups.groupsOf(p, u1.id)).toEqual([]);
      // Recreating the group does not bring old members back.
      await s.groups.create(g("alpha"));
      expect(await s.groups.membersOf(p, "alpha", { limit: 10 })).toEqual([]);
      // A deleted user leaves its groups.
      await s.groups.addMember(p, "beta", u2.id);
      await s.users.delete(p, u2.id, T0);
      expect(await s.groups.membersOf(p, "beta", { limit: 10 })).toEqual([]);
    }),
  );

  it(
    "pending attributes: set replaces, get lists per user, delete removes one; they go with the user",
    withStore(async (s) => {
      const p = await createPool(s);
      const u = await createUser(s, p, "pat");
      await s.pendingAttributes.set({ poolId: p, userId: u.id, name: "email", value: "a@example.com", now: T0 });
      await s.pendingAttributes.set({ poolId: p, userId: u.id, name: "email", value: "b@example.com", now: T0 + 1 });
      await s.pendingAttributes.set({
        poolId: p,
        userId: u.id,
        name: "phone_number",
        value: "+15555550100",
        now: T0 + 1,
      });
      expect(await s.pendingAttributes.get(p, u.id)).toEqual({ email: "b@example.com", phone_number: "+15555550100" });
      await s.pendingAttributes.delete(p, u.id, "phone_number");
      expect(await s.pendingAttributes.get(p, u.id)).toEqual({ email: "b@example.com" });
      await s.users.delete(p, u.id, T0);
      expect(await s.pendingAttributes.get(p, u.id)).toEqual({});
    }),
  );
}

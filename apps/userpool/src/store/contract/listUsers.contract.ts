/**
 * ListUsers at the storage level: every filter field and form against a reference written in JavaScript, paged
 * through with small pages (the cursor of a prefix filter carries the matched value), and filters that follow
 * attribute changes and deletions. The EXPLAIN test (test/listUsers.indexes.test.ts) checks each is index-served.
 */
import { expect, it } from "vitest";
import type { Store, UserCursor, UserFilter, UserRow } from "../index.js";
import { createPool, storeTest, T0, userRow } from "./fixtures.js";

/** Code-point order, which is UTF-8 byte order: the order of both engines' keys. */
const byCodePoint = (a: string, b: string) => {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};
const asciiLower = (s: string) => s.replace(/[A-Z]/gu, (c) => c.toLowerCase());

/** What ListUsers should answer, in order, computed from the rows themselves. */
function reference(users: UserRow[], f: UserFilter): string[] {
  const matchedValue = (u: UserRow): string | undefined => {
    switch (f.field) {
      case "username":
        return u.usernameKey;
      case "sub":
        return u.id;
      case "status":
        return u.enabled ? "Enabled" : "Disabled";
      case "cognito:user_status":
        return asciiLower(u.status);
      default: {
        const v = u.attributes[f.field];
        return v !== undefined && f.field === "email" ? asciiLower(v) : v;
      }
    }
  };
  const want = f.field === "email" || f.field === "cognito:user_status" ? asciiLower(f.value) : f.value;
  const byValue = f.op === "^=" && f.field !== "username" && f.field !== "status";
  return users
    .map((u) => ({ u, v: matchedValue(u) }))
    .filter(({ v }) => v !== undefined && (f.op === "=" || f.field === "status" ? v === want : v.startsWith(want)))
    .sort((a, b) => (byValue && a.v !== b.v ? byCodePoint(a.v!, b.v!) : byCodePoint(a.u.usernameKey, b.u.usernameKey)))
    .map(({ u }) => u.usernameKey);
}

async function pageThrough(s: Store, p: string, filter: UserFilter, limit: number): Promise<string[]> {
  const out: string[] = [];
  let after: UserCursor | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await s.users.list(p, { limit, filter, ...(after ? { after } : {}) });
    out.push(...page.users.map((u) => u.usernameKey));
    if (!page.next) return out;
    expect(page.users).toHaveLength(limit);
    after = page.next;
  }
  throw new Error("paging did not end");
}

export function listUsersStoreContract(open: () => Promise<Store>): void {
  const withStore = storeTest(open);

  it(
    "list users: every filter field, exact and prefix, paged by 1 and 2, matches the reference",
    withStore(async (s) => {
      const p = await createPool(s);
      const other = await createPool(s);
      // Values that trip LIKE, collations, case folding and prefix ranges: %, _, non-ASCII, astral, shared prefixes.
      const names = ["Ann", "anna", "an%", "an_x", "ÉCOLE", "écoles", "bob", "b\u{1F600}", "bz", "b\u{FFFF}", "zed"];
      const users: UserRow[] = [];
      names.forEach((n, i) => {
        const shared = i % 3 === 0 ? "Same" : `v-${n}`;
        users.push(
          userRow(p, n, {
            status: i % 2 ? "CONFIRMED" : "FORCE_CHANGE_PASSWORD",
            enabled: i % 4 !== 1,
            attributes: {
              sub: "",
              email: `${n}@Example.COM`,
              phone_number: `+1555000${String(i % 4).padStart(2, "0")}`,
              name: shared,
              given_name: n.toUpperCase(),
              ...(i % 2 ? { family_name: `${n}%` } : {}),
              preferred_username: `p-${n}`,
            },
          }),
        );
      });
      for (const u of users) await s.users.create(u, []);
      // The same values in another pool never leak into this one.
      for (const n of names.slice(0, 4)) await s.users.create(userRow(other, n), []);

      const fields: UserFilter["field"][] = [
        "username",
        "sub",
        "status",
        "cognito:user_status",
        "email",
        "phone_number",
        "name",
        "given_name",
        "family_name",
        "preferred_username",
      ];
      const probes = ["", "a", "an", "an%", "an_", "ann", "Ann", "É", "é", "b", "b\u{1F600}", "b\u{FFFF}", "S", "Same"];
      probes.push("+1555", "+155500001", "CONFIRMED", "force", "Enabled", "Disabled", "v-", "p-b", users[3]!.id);
      probes.push(users[3]!.id.slice(0, 4), "ANN@EXAMPLE.COM", "ann@", "an%@example.com", "zed%");
      let nonEmpty = 0;
      for (const field of fields) {
        for (const op of ["=", "^="] as const) {
          for (const value of probes) {
            const filter: UserFilter = { field, op, value };
            const want = reference(users, filter);
            if (want.length) nonEmpty++;
            const got = await pageThrough(s, p, filter, want.length > 3 ? 2 : 1);
            expect({ filter, got }).toEqual({ filter, got: want });
          }
        }
      }
      // The probes exercise real matches, not just empty answers.
      expect(nonEmpty).toBeGreaterThan(60);
    }),
  );

  it(
    "list users: filters follow attribute changes, deletions and deleted users",
    withStore(async (s) => {
      const p = await createPool(s);
      const a = userRow(p, "amy", { attributes: { sub: "", email: "amy@example.com", name: "Amy" } });
      const b = userRow(p, "bea", { attributes: { sub: "", email: "bea@example.com", name: "Bea" } });
      await s.users.create(a, []);
      await s.users.create(b, []);
      const names = async (field: UserFilter["field"], op: UserFilter["op"], value: string) =>
        (await s.users.list(p, { limit: 60, filter: { field, op, value } })).users.map((u) => u.username);
      expect(await names("name", "^=", "")).toEqual(["amy", "bea"]);
      await s.users.update(p, a.id, { attributes: { sub: "", email: "new@example.com" }, updatedAt: T0 + 1 });
      expect(await names("email", "=", "amy@example.com")).toEqual([]);
      expect(await names("email", "^=", "NEW@")).toEqual(["amy"]);
      // A deleted attribute no longer matches, not even the empty prefix.
      expect(await names("name", "^=", "")).toEqual(["bea"]);
      await s.users.update(p, b.id, { status: "CONFIRMED", enabled: false, updatedAt: T0 + 1 });
      expect(await names("cognito:user_status", "=", "Confirmed")).toEqual(["bea"]);
      expect(await names("status", "=", "Disabled")).toEqual(["bea"]);
      await s.users.delete(p, b.id, T0 + 2);
      expect(await names("name", "=", "Bea")).toEqual([]);
      expect(await names("status", "=", "Disabled")).toEqual([]);
    }),
  );

  it(
    "list users in group: pages in username order by the member rows' own key, one user at a time",
    withStore(async (s) => {
      const p = await createPool(s);
      await s.groups.create({
        poolId: p,
        name: "g",
        description: null,
        roleArn: null,
        precedence: null,
        createdAt: T0,
        updatedAt: T0,
      });
      const names = ["Zed", "amy", "b\u{1F600}", "b\u{FFFF}", "bob", "É"];
      for (const n of [...names].reverse()) {
        const u = userRow(p, n);
        await s.users.create(u, []);
        expect(await s.groups.addMember(p, "g", u.id)).toBe(true);
      }
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await s.groups.membersOf(p, "g", { limit: 2, ...(after !== undefined ? { after } : {}) });
        seen.push(...page.map((u) => u.usernameKey));
        if (page.length < 2) break;
        after = page.at(-1)!.usernameKey;
      }
      expect(seen).toEqual(names.map((n) => n.toLowerCase()).sort(byCodePoint));
      expect(await s.groups.addMember(p, "g", "no-such-user")).toBe(false);
    }),
  );
}

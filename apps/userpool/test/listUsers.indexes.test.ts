/**
 * Every ListUsers filter form and every deep page is served by an index, on each engine: the store's own queries
 * (listUsersQuery, membersQuery) are EXPLAINed over a seeded, analysed pool, and a plan that scans the users
 * table or sorts the matches (work that grows with the pool, not the page) fails. ADR 0034.
 */
import { sql, type Compilable } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedUsers } from "../src/dev/seedUsers.js";
import type { Store, UserCursor, UserFilter } from "../src/store/index.js";
import { membersQuery } from "../src/store/kysely/groups.js";
import { listUsersQuery } from "../src/store/kysely/users.js";
import { openDatabase } from "../src/store/db.js";
import { createStore } from "../src/store/index.js";
import { migrateToLatest } from "../src/store/migrations/index.js";
import { createTestStore, testEngines } from "./support/engines.js";

const POOL = "us-east-1_Explain00";
const USERS = 3000;
const T0 = 1_700_000_000_000;

/** The plan as text lines: SQLite's EXPLAIN QUERY PLAN details, or PostgreSQL's node types with their index. */
async function plan(store: Store, q: Compilable): Promise<string[]> {
  const c = q.compile();
  if (store.engine === "sqlite") {
    const rows = await store.db.executeQuery<{ detail: string }>({
      sql: `explain query plan ${c.sql}`,
      parameters: c.parameters,
      query: c.query,
      queryId: c.queryId,
    });
    return rows.rows.map((x) => x.detail);
  }
  const rows = await store.db.executeQuery<{ "QUERY PLAN": unknown }>({
    sql: `explain (format json) ${c.sql}`,
    parameters: c.parameters,
    query: c.query,
    queryId: c.queryId,
  });
  const out: string[] = [];
  const hasLimit = (n: Record<string, unknown>): boolean =>
    n["Node Type"] === "Limit" || ((n.Plans as Record<string, unknown>[] | undefined) ?? []).some(hasLimit);
  const walk = (n: Record<string, unknown>) => {
    const type = String(n["Node Type"]);
    // A sort above a Limit orders one page (the users of a ListUsersInGroup page), not every match.
    const label = type === "Sort" && (n.Plans as Record<string, unknown>[]).some(hasLimit) ? "Sort of a page" : type;
    out.push(`${label}${n["Index Name"] ? ` using ${n["Index Name"]}` : ""}`);
    for (const child of (n.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk((rows.rows[0]!["QUERY PLAN"] as { Plan: Record<string, unknown> }[])[0]!.Plan);
  return out;
}

/**
 * Index-served and page-bounded: no full scan of a table, no sort of every match (scanning or sorting the at most
 * `limit` rows of a page cut by an index is fine).
 */
function expectIndexServed(engine: string, lines: string[], what: string): void {
  const text = `${what}:\n  ${lines.join("\n  ")}`;
  if (engine === "sqlite") {
    expect(
      lines.some((l) => /^SEARCH \w+ USING (COVERING )?INDEX /u.test(l)),
      text,
    ).toBe(true);
    expect(
      lines.filter((l) => /^SCAN (users|u|user_group_members)\b|TEMP B-TREE/u.test(l)),
      text,
    ).toEqual([]);
  } else {
    expect(
      lines.some((l) => /^Index (Only )?Scan using /u.test(l)),
      text,
    ).toBe(true);
    expect(
      lines.filter((l) => /^(Seq Scan|Sort|Incremental Sort|Bitmap Heap Scan)$/u.test(l)),
      text,
    ).toEqual([]);
  }
}

const FIELDS: [UserFilter["field"], string, string][] = [
  // field, an exact value of a seeded user, a prefix
  ["username", "user0001234", "user00012"],
  ["sub", "", ""],
  ["status", "Disabled", "Enabled"],
  ["cognito:user_status", "reset_required", "RESET"],
  ["email", "USER0001234@example.com", "user00012"],
  ["phone_number", "+15550001234", "+1555000"],
  ["name", "User Number 1234", "User Number 12"],
  ["given_name", "Given234", "Given2"],
  ["family_name", "Family1234", "Family12"],
  ["preferred_username", "pref0001234", "pref00012"],
];

describe.each(testEngines())("ListUsers plans on $name", (engine) => {
  let store: Store;
  let sub: string;
  beforeAll(async () => {
    store = await createTestStore(engine);
    await store.pools.create({ id: POOL, name: "explain", settings: {}, createdAt: T0, updatedAt: T0 });
    await seedUsers(store, { poolId: POOL, count: USERS, now: T0, group: { name: "g", every: 2 } });
    await sql`analyze`.execute(store.db);
    sub = (await store.users.getByUsernameKey(POOL, "user0001234"))!.id;
  }, 120_000);
  afterAll(async () => store?.close());

  const cases = (): { what: string; filter?: UserFilter; after?: UserCursor }[] => {
    const out: { what: string; filter?: UserFilter; after?: UserCursor }[] = [
      { what: "first page" },
      { what: "deep page", after: { key: "user0002700" } },
    ];
    for (const [field, exact, prefix] of FIELDS) {
      const eq = field === "sub" ? sub : exact;
      const pre = field === "sub" ? sub.slice(0, 3) : prefix;
      out.push({ what: `${field} =`, filter: { field, op: "=", value: eq } });
      out.push({
        what: `${field} = (next page)`,
        filter: { field, op: "=", value: eq },
        after: { key: "user0000100" },
      });
      out.push({ what: `${field} ^=`, filter: { field, op: "^=", value: pre } });
      out.push({
        what: `${field} ^= (next page)`,
        filter: { field, op: "^=", value: pre },
        after: { key: "user0000100", value: field === "sub" ? sub : eq },
      });
    }
    return out;
  };

  it("serves every filter field, exact and prefix, first and next pages, from an index", async () => {
    for (const c of cases()) {
      const q = listUsersQuery(store.db, store.engine, POOL, { limit: 61, after: c.after, filter: c.filter });
      expectIndexServed(engine.name, await plan(store, q), c.what);
      // The query the plan is of answers, so the plan is not of a broken query.
      await q.execute();
    }
    // The seeded values really match: a plan of a query that finds nothing would prove little.
    const found = await store.users.list(POOL, {
      limit: 60,
      filter: { field: "email", op: "^=", value: "USER000123" },
    });
    expect(found.users).toHaveLength(10);
  });

  it("serves ListUsersInGroup's first and deep pages from the members' username index", async () => {
    for (const after of [undefined, "user0002700"]) {
      const q = membersQuery(store.db, store.engine, POOL, "g", { limit: 61, after });
      expectIndexServed(engine.name, await plan(store, q), `members after ${after}`);
    }
    const page = await store.groups.membersOf(POOL, "g", { limit: 2, after: "user0002700" });
    expect(page.map((u) => u.username)).toEqual(["user0002702", "user0002704"]);
  });
});

describe.each(testEngines())("migration 0021 on $name", (engine) => {
  it("gives members added before it their username key, so they page in order afterwards", async () => {
    const fresh = await engine.create();
    try {
      const db = await openDatabase(fresh.target);
      try {
        await migrateToLatest(db, "0020_cimd_links_saml");
        await db
          .insertInto("user_pools")
          .values({ id: POOL, name: "m", settings: "{}", created_at: T0, updated_at: T0 })
          .execute();
        await db
          .insertInto("user_pool_groups")
          .values({
            pool_id: POOL,
            name: "g",
            description: null,
            role_arn: null,
            precedence: null,
            created_at: T0,
            updated_at: T0,
          })
          .execute();
        for (const [id, key] of [
          ["u-2", "bob"],
          ["u-1", "amy"],
          ["u-3", "cy"],
        ]) {
          await db
            .insertInto("users")
            .values({
              id: id!,
              pool_id: POOL,
              username: key!,
              username_key: key!,
              status: "CONFIRMED",
              enabled: 1,
              attributes: JSON.stringify({ sub: id, email: `${key}@Example.com` }),
              srp_salt: null,
              verifier_enc: null,
              password_set_at: null,
              created_at: T0,
              updated_at: T0,
            })
            .execute();
          // Before 0021 a member row has no username key (the column does not exist yet).
          await sql`insert into user_group_members (pool_id, group_name, user_id) values (${POOL}, 'g', ${id})`.execute(
            db,
          );
        }
      } finally {
        await db.destroy();
      }
      const store = await createStore(fresh.target);
      try {
        const first = await store.groups.membersOf(POOL, "g", { limit: 2 });
        const rest = await store.groups.membersOf(POOL, "g", { limit: 2, after: first.at(-1)!.usernameKey });
        expect([...first, ...rest].map((u) => u.username)).toEqual(["amy", "bob", "cy"]);
        // Users stored before 0021 are found by the new indexes.
        const found = await store.users.list(POOL, {
          limit: 60,
          filter: { field: "email", op: "=", value: "BOB@example.com" },
        });
        expect(found.users.map((u) => u.id)).toEqual(["u-2"]);
      } finally {
        await store.close();
      }
    } finally {
      await fresh.cleanup();
    }
  });
});

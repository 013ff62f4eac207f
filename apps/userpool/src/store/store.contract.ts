/**
 * The storage contract, as tests. Every backend runs exactly this suite (see store.test.ts), so
 * SQLite and PostgreSQL cannot drift apart.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { StoreConflictError, type RefreshTokenRow, type Store, type UserRow } from "./types.js";

const T0 = 1_700_000_000_000;

function user(poolId: string, name: string, extra: Partial<UserRow> = {}): UserRow {
  const id = randomUUID();
  return {
    id,
    poolId,
    username: name,
    usernameKey: name.toLowerCase(),
    status: "UNCONFIRMED",
    enabled: true,
    attributes: { sub: id, email: `${name}@example.com` },
    srpSalt: "ab",
    verifierEnc: "v1.x",
    passwordSetAt: T0,
    createdAt: T0,
    updatedAt: T0,
    ...extra,
  };
}

function refresh(poolId: string, userId: string, hash: string, extra: Partial<RefreshTokenRow> = {}): RefreshTokenRow {
  return {
    tokenHash: hash,
    poolId,
    clientId: "client1",
    userId,
    originJti: randomUUID(),
    authTime: T0,
    createdAt: T0,
    expiresAt: T0 + 3_600_000,
    revokedAt: null,
    rotatedAt: null,
    parentHash: null,
    ...extra,
  };
}

async function pool(store: Store, id = `us-east-1_${randomUUID().replace(/-/g, "").slice(0, 9)}`): Promise<string> {
  await store.pools.create({ id, name: "p", settings: { a: 1 }, createdAt: T0, updatedAt: T0 });
  return id;
}

export function storeContract(open: () => Promise<Store>): void {
  const withStore = (fn: (s: Store) => Promise<void>) => async () => {
    const s = await open();
    await fn(s);
  };

  it(
    "pools: create, get, list with pagination, update, refuse duplicate IDs, delete with cascade",
    withStore(async (s) => {
      const ids = ["us-east-1_aaaaaaaa1", "us-east-1_aaaaaaaa2", "us-east-1_aaaaaaaa3"];
      for (const id of ids) await pool(s, id);
      expect((await s.pools.get(ids[0]!))?.settings).toEqual({ a: 1 });
      await expect(pool(s, ids[0])).rejects.toSatisfy((e) => e instanceof StoreConflictError && e.kind === "pool");
      const page1 = await s.pools.list({ limit: 2 });
      const page2 = await s.pools.list({ limit: 2, after: page1.at(-1)!.id });
      expect([...page1, ...page2].map((p) => p.id)).toEqual(ids);
      expect(await s.pools.update(ids[1]!, { name: "renamed", settings: { b: 2 }, updatedAt: T0 + 1 })).toBe(true);
      expect(await s.pools.get(ids[1]!)).toMatchObject({ name: "renamed", settings: { b: 2 }, updatedAt: T0 + 1 });
      expect(await s.pools.update("us-east-1_nope00000", { name: "x", settings: {}, updatedAt: 1 })).toBe(false);

      const u = user(ids[2]!, "cascade");
      await s.users.create(u, [{ poolId: ids[2]!, type: "email", key: "cascade@example.com", userId: u.id }]);
      await s.clients.create({
        id: "cascadeclient",
        poolId: ids[2]!,
        name: "c",
        secretEnc: null,
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
      const p = await pool(s);
      for (const id of ["c1", "c2", "c3"]) {
        await s.clients.create({
          id: `${p}-${id}`,
          poolId: p,
          name: id,
          secretEnc: id === "c1" ? "v1.secret" : null,
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
          secretEnc: null,
          settings: {},
          createdAt: T0,
          updatedAt: T0,
        }),
      ).rejects.toSatisfy((e) => e instanceof StoreConflictError && e.kind === "client");
      const first = await s.clients.list(p, { limit: 2 });
      expect(first.map((c) => c.name)).toEqual(["c1", "c2"]);
      expect((await s.clients.list(p, { limit: 2, after: first[1]!.id })).map((c) => c.name)).toEqual(["c3"]);
      await s.clients.update(`${p}-c1`, { name: "n", settings: { y: 1 }, updatedAt: T0 + 5 });
      expect(await s.clients.get(`${p}-c1`)).toMatchObject({ name: "n", secretEnc: "v1.secret", settings: { y: 1 } });
      await s.clients.update(`${p}-c1`, { name: "n", settings: {}, secretEnc: null, updatedAt: T0 + 6 });
      expect((await s.clients.get(`${p}-c1`))?.secretEnc).toBeNull();
      expect(await s.clients.delete(`${p}-c2`)).toBe(true);
      expect(await s.clients.get(`${p}-c2`)).toBeUndefined();
    }),
  );

  it(
    "users: unique usernames and aliases are decided by the index, atomically with the insert",
    withStore(async (s) => {
      const p = await pool(s);
      const a = user(p, "alice");
      await s.users.create(a, [{ poolId: p, type: "email", key: "alice@example.com", userId: a.id }]);
      const dupName = user(p, "ALICE", { usernameKey: "alice" });
      await expect(s.users.create(dupName, [])).rejects.toSatisfy(
        (e) => e instanceof StoreConflictError && e.kind === "username",
      );
      const dupAlias = user(p, "bob");
      await expect(
        s.users.create(dupAlias, [{ poolId: p, type: "email", key: "alice@example.com", userId: dupAlias.id }]),
      ).rejects.toSatisfy((e) => e instanceof StoreConflictError && e.kind === "alias");
      // The failed alias insert rolled back the user row too.
      expect(await s.users.getById(p, dupAlias.id)).toBeUndefined();
      expect((await s.users.getByUsernameKey(p, "alice"))?.id).toBe(a.id);
      expect((await s.users.getByAlias(p, "email", "alice@example.com"))?.id).toBe(a.id);
      expect(await s.users.count(p)).toBe(1);

      // Same name in another pool is fine.
      const other = await pool(s);
      await s.users.create(user(other, "alice"), []);
    }),
  );

  it(
    "users: concurrent creation of one name yields exactly one user",
    withStore(async (s) => {
      const p = await pool(s);
      const attempts = Array.from({ length: 20 }, (_, i) => {
        const u = user(p, `Race${i % 2 ? "R" : "r"}`, { usernameKey: "racer" });
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
      const p = await pool(s);
      const a = user(p, "carol");
      const b = user(p, "dave");
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
      expect(await s.users.delete(p, a.id)).toBe(true);
      expect(await s.users.delete(p, a.id)).toBe(false);
      expect(await s.users.update(p, a.id, { updatedAt: T0 })).toBe(false);
    }),
  );

  it(
    "users: list pages by username and filters by = and ^= on columns and attributes",
    withStore(async (s) => {
      const p = await pool(s);
      const names = ["amy", "Ann", "bea", "ben", "bob"];
      for (const n of names) {
        await s.users.create(
          user(p, n, { attributes: { sub: "", email: `${n}@Example.com`, given_name: n === "bob" ? "100%_x" : n } }),
          [],
        );
      }
      const bob = await s.users.getByUsernameKey(p, "bob");
      await s.users.update(p, bob!.id, { status: "CONFIRMED", enabled: false, updatedAt: T0 });

      const page1 = await s.users.list(p, { limit: 2 });
      const page2 = await s.users.list(p, { limit: 2, after: page1.at(-1)!.usernameKey });
      const page3 = await s.users.list(p, { limit: 2, after: page2.at(-1)!.usernameKey });
      expect([...page1, ...page2, ...page3].map((u) => u.usernameKey)).toEqual(["amy", "ann", "bea", "ben", "bob"]);

      const by = async (filter: Parameters<Store["users"]["list"]>[1]["filter"]) =>
        (await s.users.list(p, { limit: 60, ...(filter ? { filter } : {}) })).map((u) => u.usernameKey);
      expect(await by({ field: "username", op: "^=", value: "b", caseInsensitive: false })).toEqual([
        "bea",
        "ben",
        "bob",
      ]);
      expect(await by({ field: "email", op: "=", value: "ANN@example.COM", caseInsensitive: true })).toEqual(["ann"]);
      expect(await by({ field: "email", op: "=", value: "ann@example.com", caseInsensitive: false })).toEqual([]);
      expect(await by({ field: "given_name", op: "^=", value: "100%", caseInsensitive: false })).toEqual(["bob"]);
      expect(await by({ field: "given_name", op: "^=", value: "1_", caseInsensitive: false })).toEqual([]);
      expect(await by({ field: "cognito:user_status", op: "=", value: "confirmed", caseInsensitive: true })).toEqual([
        "bob",
      ]);
      expect(await by({ field: "status", op: "=", value: "Disabled", caseInsensitive: false })).toEqual(["bob"]);
      expect(await by({ field: "status", op: "=", value: "Enabled", caseInsensitive: false })).toEqual([
        "amy",
        "ann",
        "bea",
        "ben",
      ]);
      expect(await by({ field: "sub", op: "=", value: bob!.id, caseInsensitive: false })).toEqual(["bob"]);
      expect(await by({ field: "family_name", op: "=", value: "x", caseInsensitive: false })).toEqual([]);
    }),
  );

  it(
    "codes: only the newest code works, expiry is exclusive, and consumption is single-use under concurrency",
    withStore(async (s) => {
      const p = await pool(s);
      const u = user(p, "erin");
      await s.users.create(u, []);
      const base = { poolId: p, userId: u.id, purpose: "SIGN_UP" };
      await s.codes.issue({ ...base, id: randomUUID(), codeMac: "old", createdAt: T0, expiresAt: T0 + 1000 });
      await s.codes.issue({ ...base, id: randomUUID(), codeMac: "new", createdAt: T0 + 1, expiresAt: T0 + 1000 });
      expect(await s.codes.consume({ ...base, codeMac: "old", now: T0 + 2 })).toBe("mismatch");
      expect(await s.codes.consume({ ...base, codeMac: "new", now: T0 + 1000 })).toBe("expired");
      expect(await s.codes.consume({ ...base, codeMac: "new", now: T0 + 999 })).toBe("consumed");
      expect(await s.codes.consume({ ...base, codeMac: "new", now: T0 + 999 })).toBe("mismatch");
      expect(await s.codes.consume({ ...base, purpose: "OTHER", codeMac: "new", now: T0 + 3 })).toBe("mismatch");
      // lookup tells a used or retired code from one never issued; it changes nothing.
      expect(await s.codes.lookup({ ...base, codeMac: "new" })).toEqual({ usedAt: T0 + 999, expiresAt: T0 + 1000 });
      expect(await s.codes.lookup({ ...base, codeMac: "old" })).toEqual({ usedAt: T0 + 1, expiresAt: T0 + 1000 });
      expect(await s.codes.lookup({ ...base, codeMac: "never" })).toBeUndefined();
      expect(await s.codes.lookup({ ...base, purpose: "OTHER", codeMac: "new" })).toBeUndefined();

      await s.codes.issue({ ...base, id: randomUUID(), codeMac: "race", createdAt: T0, expiresAt: T0 + 1000 });
      const results = await Promise.all(
        Array.from({ length: 25 }, () => s.codes.consume({ ...base, codeMac: "race", now: T0 + 5 })),
      );
      expect(results.filter((r) => r === "consumed")).toHaveLength(1);
    }),
  );

  it(
    "refresh tokens: insert, get, rotate once, a second rotation is a replay, " +
      "grace-period retry replaces the successor",
    withStore(async (s) => {
      const p = await pool(s);
      const u = user(p, "finn");
      await s.users.create(u, []);
      const r0 = refresh(p, u.id, "h0");
      await s.refreshTokens.insert(r0);
      expect(await s.refreshTokens.get("h0")).toEqual(r0);
      expect(await s.refreshTokens.rotate("h0", refresh(p, u.id, "h1", { originJti: r0.originJti }), T0 + 10, 0)).toBe(
        "rotated",
      );
      expect(await s.refreshTokens.get("h1")).toMatchObject({
        parentHash: "h0",
        originJti: r0.originJti,
        rotatedAt: null,
      });
      expect((await s.refreshTokens.get("h0"))?.rotatedAt).toBe(T0 + 10);
      expect(await s.refreshTokens.rotate("h0", refresh(p, u.id, "h2"), T0 + 11, 0)).toBe("replayed");
      expect(await s.refreshTokens.rotate("missing", refresh(p, u.id, "h3"), T0 + 11, 0)).toBe("refused");

      // Grace period: a retry with h0 within 5 s replaces h1 rather than adding a second live token.
      expect(await s.refreshTokens.rotate("h0", refresh(p, u.id, "h4"), T0 + 4000, 5000)).toBe("rotated");
      expect((await s.refreshTokens.get("h1"))?.revokedAt).toBe(T0 + 4000);
      expect(await s.refreshTokens.rotate("h0", refresh(p, u.id, "h5"), T0 + 6000, 5000)).toBe("replayed");
      // The successor a retry replaced is revoked, never rotated.
      expect(await s.refreshTokens.rotate("h1", refresh(p, u.id, "h7"), T0 + 6000, 5000)).toBe("refused");

      // Expired tokens never rotate.
      await s.refreshTokens.insert(refresh(p, u.id, "old", { expiresAt: T0 }));
      expect(await s.refreshTokens.rotate("old", refresh(p, u.id, "h6"), T0, 0)).toBe("refused");
    }),
  );

  it(
    "refresh tokens: concurrent rotations of one token leave exactly one successor; the others are replays",
    withStore(async (s) => {
      const p = await pool(s);
      const u = user(p, "gail");
      await s.users.create(u, []);
      await s.refreshTokens.insert(refresh(p, u.id, "root"));
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => s.refreshTokens.rotate("root", refresh(p, u.id, `succ${i}`), T0 + 1, 0)),
      );
      // The losers are told it was a replay, so the caller can end the session.
      expect(results.filter((r) => r === "rotated")).toHaveLength(1);
      expect(results.filter((r) => r === "replayed")).toHaveLength(19);
    }),
  );

  it(
    "sessions: consumed once, never after expiry, readable before",
    withStore(async (s) => {
      const p = await pool(s);
      const row = {
        idHash: "s1",
        poolId: p,
        clientId: "c",
        userId: null,
        kind: "SRP",
        dataEnc: "v1.z",
        createdAt: T0,
        expiresAt: T0 + 1000,
        consumedAt: null,
      };
      await s.sessions.create(row);
      expect(await s.sessions.get("s1")).toEqual(row);
      expect(await s.sessions.consume("s1", T0 + 1000)).toBeUndefined();
      await s.sessions.create({ ...row, idHash: "s2" });
      const results = await Promise.all(Array.from({ length: 10 }, () => s.sessions.consume("s2", T0 + 1)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(results.find(Boolean)).toMatchObject({ idHash: "s2", consumedAt: T0 + 1 });
    }),
  );

  it(
    "purging: sessions, refresh tokens and codes expired at or before the cutoff are deleted, the others stay",
    withStore(async (s) => {
      const p = await pool(s);
      const u = user(p, "purge");
      await s.users.create(u, []);
      const session = {
        poolId: p,
        clientId: "c",
        userId: null,
        kind: "NEW_PASSWORD_REQUIRED",
        dataEnc: "v1.z",
        createdAt: T0,
        consumedAt: null,
      };
      await s.sessions.create({ ...session, idHash: "purge-s-old", expiresAt: T0 + 10 });
      await s.sessions.create({ ...session, idHash: "purge-s-new", expiresAt: T0 + 11 });
      await s.refreshTokens.insert(refresh(p, u.id, "purge-r-old", { expiresAt: T0 + 10 }));
      await s.refreshTokens.insert(refresh(p, u.id, "purge-r-new", { expiresAt: T0 + 11 }));
      const code = { poolId: p, userId: u.id, createdAt: T0 };
      await s.codes.issue({ ...code, id: randomUUID(), purpose: "A", codeMac: "purge-c-old", expiresAt: T0 + 10 });
      await s.codes.issue({ ...code, id: randomUUID(), purpose: "B", codeMac: "purge-c-new", expiresAt: T0 + 11 });

      expect(await s.sessions.purgeExpired(T0 + 10)).toBeGreaterThanOrEqual(1);
      expect(await s.refreshTokens.purgeExpired(T0 + 10)).toBeGreaterThanOrEqual(1);
      expect(await s.codes.purgeExpired(T0 + 10)).toBeGreaterThanOrEqual(1);
      expect(await s.sessions.get("purge-s-old")).toBeUndefined();
      expect(await s.sessions.get("purge-s-new")).toBeDefined();
      expect(await s.refreshTokens.get("purge-r-old")).toBeUndefined();
      expect(await s.refreshTokens.get("purge-r-new")).toBeDefined();
      const codes = await s.db
        .selectFrom("confirmation_codes")
        .select("code_mac")
        .where("user_id", "=", u.id)
        .execute();
      expect(codes.map((c) => c.code_mac)).toEqual(["purge-c-new"]);
    }),
  );

  it(
    "keys: one key per pool and use; a second writer loses and reads the winner",
    withStore(async (s) => {
      const p = await pool(s);
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
    "meta: setIfAbsent keeps the first value",
    withStore(async (s) => {
      expect(await s.meta.get("k")).toBeUndefined();
      expect(await s.meta.setIfAbsent("k", "first")).toBe("first");
      expect(await s.meta.setIfAbsent("k", "second")).toBe("first");
      expect(await s.meta.get("k")).toBe("first");
    }),
  );
}

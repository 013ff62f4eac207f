import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toIso, type AppDb } from "@authhub/appdb";
import { createUserSyncStore, type UserSyncStore } from "../../src/store/users.js";
import { createTestDatabase, ENGINES, type TestDatabase } from "../support/engines.js";

// The UserSyncStore contract, run on every backend.
describe.each(ENGINES)("UserSyncStore on %s", (engine) => {
  let tdb: TestDatabase;
  let db: AppDb;
  let store: UserSyncStore;
  beforeAll(async () => {
    tdb = await createTestDatabase(engine);
    db = await tdb.connect();
    store = createUserSyncStore(db);
  });
  afterAll(() => tdb.drop());

  const row = (sub: string) => db.selectFrom("users").selectAll().where("sub", "=", sub).execute();
  const t = (iso: string) => new Date(iso);

  it("inserts a new user and returns its id as a string", async () => {
    const sub = randomUUID();
    const { id } = await store.upsertBySub({ sub, email: "new@example.com" }, t("2030-01-01T00:00:00.000Z"));
    expect(id).toMatch(/^\d+$/);
    const rows = await row(sub);
    expect(rows).toHaveLength(1);
    expect(String(rows[0]!.id)).toBe(id);
    expect(rows[0]!.email).toBe("new@example.com");
    expect(toIso(rows[0]!.created_at)).toBe("2030-01-01T00:00:00.000Z");
    expect(toIso(rows[0]!.updated_at)).toBe("2030-01-01T00:00:00.000Z");
  });

  it("returns the same id for the same sub, and distinct ids for distinct subs", async () => {
    const a = randomUUID();
    const b = randomUUID();
    const first = await store.upsertBySub({ sub: a, email: "a@example.com" }, new Date());
    const again = await store.upsertBySub({ sub: a, email: "a@example.com" }, new Date());
    const other = await store.upsertBySub({ sub: b, email: "a@example.com" }, new Date());
    expect(again.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
  });

  it("keeps the email current and moves updated_at only when it changed", async () => {
    const sub = randomUUID();
    const { id } = await store.upsertBySub({ sub, email: "before@example.com" }, t("2030-01-01T00:00:00.000Z"));

    await store.upsertBySub({ sub, email: "before@example.com" }, t("2030-01-02T00:00:00.000Z"));
    let [r] = await row(sub);
    expect(toIso(r!.updated_at)).toBe("2030-01-01T00:00:00.000Z");

    expect((await store.upsertBySub({ sub, email: "after@example.com" }, t("2030-01-03T00:00:00.000Z"))).id).toBe(id);
    [r] = await row(sub);
    expect(r!.email).toBe("after@example.com");
    expect(toIso(r!.updated_at)).toBe("2030-01-03T00:00:00.000Z");
    expect(toIso(r!.created_at)).toBe("2030-01-01T00:00:00.000Z");

    // NULL is a value too: losing and regaining the email are both changes, NULL→NULL is not.
    await store.upsertBySub({ sub, email: null }, t("2030-01-04T00:00:00.000Z"));
    [r] = await row(sub);
    expect(r!.email).toBeNull();
    expect(toIso(r!.updated_at)).toBe("2030-01-04T00:00:00.000Z");
    await store.upsertBySub({ sub, email: null }, t("2030-01-05T00:00:00.000Z"));
    [r] = await row(sub);
    expect(toIso(r!.updated_at)).toBe("2030-01-04T00:00:00.000Z");
    await store.upsertBySub({ sub, email: "back@example.com" }, t("2030-01-06T00:00:00.000Z"));
    [r] = await row(sub);
    expect(r!.email).toBe("back@example.com");
    expect(toIso(r!.updated_at)).toBe("2030-01-06T00:00:00.000Z");
    expect(await row(sub)).toHaveLength(1);
  });

  it("signing an existing user in again uses no id: the next new user gets the next id", async () => {
    // On PostgreSQL an INSERT … ON CONFLICT DO UPDATE draws nextval before it meets the conflict, so each
    // repeat sign-in used to leave a gap in the ids (ADR 0040).
    const a = randomUUID();
    const first = Number((await store.upsertBySub({ sub: a, email: "a@example.com" }, new Date())).id);
    for (let i = 0; i < 5; i++) {
      const email = i % 2 === 0 ? "a@example.com" : "a2@example.com";
      expect(Number((await store.upsertBySub({ sub: a, email }, new Date())).id)).toBe(first);
    }
    const next = Number((await store.upsertBySub({ sub: randomUUID(), email: null }, new Date())).id);
    expect(next).toBe(first + 1);
  });

  it("creates exactly one row under 20 concurrent upserts of one new sub", async () => {
    const sub = randomUUID();
    const ids = await Promise.all(
      Array.from({ length: 20 }, () => store.upsertBySub({ sub, email: "race@example.com" }, new Date())),
    );
    expect(new Set(ids.map((r) => r.id)).size).toBe(1);
    expect(await row(sub)).toHaveLength(1);
  });

  it("stores hostile text verbatim, as data", async () => {
    const sub = randomUUID();
    const email = "x'); DROP TABLE users;--@example.com";
    await store.upsertBySub({ sub, email }, new Date());
    const [r] = await row(sub);
    expect(r!.email).toBe(email);
    await store.upsertBySub({ sub, email: `${email}"` }, new Date());
    expect((await row(sub))[0]!.email).toBe(`${email}"`);
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AppDb } from "@authhub/appdb";
import { sql } from "kysely";
import { lazyOnce, openAppDbFromEnv } from "../src/connection.js";
import { createHandler } from "../src/handler.js";
import { createTestDatabase, ENGINES, memoryLogger, v1Event, type TestDatabase } from "./support/engines.js";

describe("lazyOnce", () => {
  it("shares one call between concurrent first callers", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const factory = vi.fn(async () => {
      await gate;
      return {};
    });
    const get = lazyOnce(factory);
    const all = Promise.all([get(), get(), get()]);
    release();
    const [a, b, c] = await all;
    expect(factory).toHaveBeenCalledTimes(1);
    expect(a).toBe(b);
    expect(b).toBe(c);
  });

  it("retries after a failure instead of caching it", async () => {
    const factory = vi.fn().mockRejectedValueOnce(new Error("secret fetch timed out")).mockResolvedValue("ok");
    const get = lazyOnce(factory as () => Promise<string>);
    await expect(get()).rejects.toThrow("secret fetch timed out");
    await expect(get()).resolves.toBe("ok");
    await expect(get()).resolves.toBe("ok");
    expect(factory).toHaveBeenCalledTimes(2);
  });

  it("turns a factory that throws synchronously into a rejection", async () => {
    const get = lazyOnce<never>(() => {
      throw new Error("boom");
    });
    await expect(get()).rejects.toThrow("boom");
  });
});

describe.each(ENGINES)("one database per container on %s", (engine) => {
  let tdb: TestDatabase;
  beforeAll(async () => (tdb = await createTestDatabase(engine)));
  afterAll(() => tdb.drop());

  it("opens the database once for many invocations, concurrent cold ones included", async () => {
    const opened: AppDb[] = [];
    const openDb = vi.fn(async () => {
      const db = await tdb.connect();
      opened.push(db);
      return db;
    });
    const handler = createHandler({ openDb, log: memoryLogger().log });
    expect(openDb).not.toHaveBeenCalled(); // nothing happens at import/creation time
    await Promise.all(Array.from({ length: 10 }, () => handler(v1Event(randomUUID(), "cold@example.com"))));
    for (let i = 0; i < 10; i++) await handler(v1Event(randomUUID(), "warm@example.com"));
    expect(openDb).toHaveBeenCalledTimes(1);
    expect(opened).toHaveLength(1);
  });

  it("close() disposes of the database it opened (never a provided one), and a later event reopens", async () => {
    const opened: AppDb[] = [];
    const openDb = vi.fn(async () => {
      const db = await tdb.connect();
      opened.push(db);
      vi.spyOn(db, "destroy");
      return db;
    });
    const handler = createHandler({ openDb, log: memoryLogger().log });
    await handler.close(); // nothing opened yet: a no-op
    await handler(v1Event(randomUUID(), "close@example.com"));
    await handler.close();
    expect(opened[0]!.destroy).toHaveBeenCalledTimes(1);
    await handler(v1Event(randomUUID(), "reopen@example.com"));
    expect(openDb).toHaveBeenCalledTimes(2);
    await handler.close();

    const provided = await tdb.connect();
    const destroy = vi.spyOn(provided, "destroy");
    const withDb = createHandler({ db: provided, log: memoryLogger().log });
    await withDb(v1Event(randomUUID(), "provided@example.com"));
    await withDb.close();
    expect(destroy).not.toHaveBeenCalled();
  });

  it("init() opens the database before any event (the module's init), and the first event uses it", async () => {
    const openDb = vi.fn(() => tdb.connect());
    const handler = createHandler({ openDb, log: memoryLogger().log });
    await handler.init();
    expect(openDb).toHaveBeenCalledTimes(1);
    await Promise.all(Array.from({ length: 3 }, () => handler(v1Event(randomUUID(), "init@example.com"))));
    expect(openDb).toHaveBeenCalledTimes(1);
    await handler.close();
  });

  it(
    "init() never rejects: a failed open is logged (redacted), the first event reports it as before, " +
      "and a later event opens again",
    async () => {
      const { lines, log } = memoryLogger();
      const openDb = vi
        .fn<() => Promise<AppDb>>()
        .mockRejectedValueOnce(new Error("connect ECONNREFUSED postgres://app:hunter2@db.internal:5432/app"))
        .mockImplementation(() => tdb.connect());
      const handler = createHandler({ openDb, log });
      // An unhandled rejection here would fail the run (vitest reports them as errors).
      await expect(handler.init()).resolves.toBeUndefined();
      expect(lines.find((l) => l.msg.startsWith("app database could not be opened at init"))).toMatchObject({
        level: "warn",
      });
      expect(JSON.stringify(lines)).not.toContain("hunter2");
      await expect(handler(v1Event(randomUUID(), "first@example.com"))).rejects.toMatchObject({
        name: "TriggerError",
        code: "UserSyncFailed",
      });
      expect(openDb).toHaveBeenCalledTimes(1); // the first event reported the init's failure, it did not retry
      const out = await handler(v1Event(randomUUID(), "later@example.com"));
      expect(
        (out as ReturnType<typeof v1Event>).response.claimsOverrideDetails.claimsToAddOrOverride?.db_user_id,
      ).toMatch(/^\d+$/);
      expect(openDb).toHaveBeenCalledTimes(2);
      await handler.close();
    },
  );

  it("a handler given its own db opens nothing at init and never closes that db", async () => {
    const provided = await tdb.connect();
    const destroy = vi.spyOn(provided, "destroy");
    const openDb = vi.fn(() => tdb.connect());
    const handler = createHandler({ db: provided, openDb, log: memoryLogger().log });
    await handler.init();
    await handler(v1Event(randomUUID(), "own@example.com"));
    await handler.close();
    expect(openDb).not.toHaveBeenCalled();
    expect(destroy).not.toHaveBeenCalled();
    await provided.destroy();
  });

  it("opens from the environment as the Lambda does (resolveAppDbConfig)", async () => {
    const { lines, log } = memoryLogger();
    const handler = createHandler({ env: { ...tdb.env }, log });
    const sub = randomUUID();
    const out = await handler(v1Event(sub, "env@example.com"));
    const check = await tdb.connect();
    const row = await check.selectFrom("users").select("id").where("sub", "=", sub).executeTakeFirstOrThrow();
    expect((out as ReturnType<typeof v1Event>).response.claimsOverrideDetails.claimsToAddOrOverride?.db_user_id).toBe(
      String(row.id),
    );
    expect(lines.filter((l) => l.msg === "app database opened")).toEqual([expect.objectContaining({ engine })]);
    await handler.close();
    // The connection string (and any password in it) is never logged.
    if (tdb.env.DATABASE_URL) expect(JSON.stringify(lines)).not.toContain(tdb.env.DATABASE_URL);
  });
});

if (process.env.DATABASE_URL) {
  describe("PostgreSQL pool in a Lambda container", () => {
    let tdb: TestDatabase;
    beforeAll(async () => (tdb = await createTestDatabase("postgres")));
    afterAll(() => tdb.drop());

    it("uses one connection per container when running in Lambda", async () => {
      const { lines, log } = memoryLogger();
      const db = await openAppDbFromEnv({ ...tdb.env, AWS_LAMBDA_FUNCTION_NAME: "authhub-user-sync" }, log);
      try {
        expect(lines.find((l) => l.msg === "app database opened")).toMatchObject({ engine: "postgres", max: 1 });
        // Concurrent queries queue on the single connection: one backend pid serves them all.
        const pids = await Promise.all(
          Array.from({ length: 5 }, () =>
            db.selectNoFrom((eb) => eb.fn<number>("pg_backend_pid", []).as("pid")).executeTakeFirstOrThrow(),
          ),
        );
        expect(new Set(pids.map((p) => p.pid)).size).toBe(1);
      } finally {
        await db.destroy();
      }
    });

    it("survives the server closing an idle connection, and reconnects", async () => {
      const { lines, log } = memoryLogger();
      // A unique application_name marks this handler's connection, so we kill only ours.
      const appName = `authhub-triggers-${randomUUID().slice(0, 8)}`;
      const url = new URL(tdb.env.DATABASE_URL!);
      url.searchParams.set("application_name", appName);
      const handler = createHandler({
        env: { ...tdb.env, DATABASE_URL: url.toString(), AWS_LAMBDA_FUNCTION_NAME: "authhub-user-sync" },
        log,
      });
      await handler(v1Event(randomUUID(), "idle@example.com"));
      // Terminate the idle pooled connection behind the handler's back, as a thawed container finds it.
      const admin = await tdb.connect();
      const { rows } = await sql<{
        n: number;
      }>`SELECT count(pg_terminate_backend(pid))::int AS n
        FROM pg_stat_activity WHERE application_name = ${appName}`.execute(admin);
      expect(rows[0]!.n).toBe(1);
      await vi.waitFor(() => expect(lines.some((l) => l.msg === "idle database connection lost")).toBe(true));
      const out = await handler(v1Event(randomUUID(), "again@example.com"));
      expect(
        (out as ReturnType<typeof v1Event>).response.claimsOverrideDetails.claimsToAddOrOverride?.db_user_id,
      ).toMatch(/^\d+$/);
      await handler.close();
    });
  });
}

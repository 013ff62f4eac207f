/**
 * Retention of the admin console's audit log (ADR 0056): USERPOOL_CONSOLE_AUDIT_RETENTION_DAYS, the config file's
 * Console.AuditRetentionDays or the startUserpool option, a year by default, refused outside 1..3650 whole days
 * with the setting's name. Housekeeping, driven by a fake clock, deletes entries older than the retention and
 * keeps the rest, and deletes expired console sessions, on every engine. The audit API's filtered pages and the
 * retention batches are served by migration 0028's indexes, not by scanning the log (EXPLAIN).
 */
import { randomUUID } from "node:crypto";
import { type Compilable, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/clock.js";
import { DEFAULT_AUDIT_RETENTION_DAYS, resolveConsoleConfig } from "../src/config/console.js";
import { ConfigError } from "../src/config/errors.js";
import { parseFileConfig } from "../src/config/file.js";
import { createLogger } from "../src/log.js";
import { Housekeeping } from "../src/services/housekeeping.js";
import { HOUR, T0 } from "../src/store/contract/fixtures.js";
import type { Store } from "../src/store/index.js";
import { auditListQuery } from "../src/store/kysely/consoleAudit.js";
import { createTestStore, testEngines } from "./support/engines.js";
import { testConfig } from "./support/userpool.js";

const DAY = 24 * HOUR;

describe("the console audit log's retention setting", () => {
  const resolve = (env: NodeJS.ProcessEnv, option?: number, file?: number) =>
    resolveConsoleConfig(
      env,
      option === undefined ? {} : { console: { auditRetentionDays: option } },
      file === undefined ? undefined : { AuditRetentionDays: file },
      "production",
    ).auditRetentionMs;

  it("is a year by default, whole days 1..3650 otherwise; the option wins over the variable over the file", () => {
    expect(DEFAULT_AUDIT_RETENTION_DAYS).toBe(365);
    expect(resolve({})).toBe(365 * DAY);
    expect(resolve({ USERPOOL_CONSOLE_AUDIT_RETENTION_DAYS: "1" })).toBe(DAY);
    expect(resolve({ USERPOOL_CONSOLE_AUDIT_RETENTION_DAYS: "3650" })).toBe(3650 * DAY);
    expect(resolve({}, undefined, 90)).toBe(90 * DAY);
    expect(resolve({ USERPOOL_CONSOLE_AUDIT_RETENTION_DAYS: "30" }, undefined, 90)).toBe(30 * DAY);
    expect(resolve({ USERPOOL_CONSOLE_AUDIT_RETENTION_DAYS: "30" }, 7, 90)).toBe(7 * DAY);
    // Empty is unset, as for every other variable.
    expect(resolve({ USERPOOL_CONSOLE_AUDIT_RETENTION_DAYS: "" }, undefined, 90)).toBe(90 * DAY);
  });

  it("refuses anything but whole days 1..3650 in the variable, naming it", () => {
    for (const bad of ["0", "3651", "36.5", "1e3", "-1", " 30", "30d", "year"]) {
      const err = (() => {
        try {
          resolve({ USERPOOL_CONSOLE_AUDIT_RETENTION_DAYS: bad });
        } catch (e) {
          return e;
        }
      })();
      expect(err, bad).toBeInstanceOf(ConfigError);
      expect((err as Error).message, bad).toMatch(
        /USERPOOL_CONSOLE_AUDIT_RETENTION_DAYS must be an integer 1\.\.3650 \(days\)/,
      );
    }
  });

  it("refuses a bad startUserpool option and a bad config-file member, naming each", () => {
    for (const bad of [0, 3651, 1.5, Number.NaN])
      expect(() => resolve({}, bad), String(bad)).toThrow(/console\.auditRetentionDays must be an integer 1\.\.3650/);
    for (const bad of [0, 3651, 1.5, "30"]) {
      const config = { ...testConfig(), Console: { AuditRetentionDays: bad } };
      expect(() => parseFileConfig(config), String(bad)).toThrow(/Console\.AuditRetentionDays: /);
    }
  });
});

describe.each(testEngines())("console audit retention by housekeeping on $name", (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore(engine);
  });
  afterAll(async () => {
    await store?.close();
  });

  const housekeeping = (clock: ManualClock, consoleAuditKeptMs?: number) =>
    new Housekeeping({
      store,
      clock,
      log: createLogger({ level: "silent" }),
      ...(consoleAuditKeptMs !== undefined ? { consoleAuditKeptMs } : {}),
    });
  const write = (who: string, at: number) =>
    store.consoleAudit.append({ at, who, operation: "SignIn", userPoolId: null, target: null, outcome: "ok" });
  const ages = async (who: string, now: number) =>
    (await store.consoleAudit.list({ limit: 100, who })).map((e) => (now - e.at) / DAY);

  it("keeps a year by default: deletes what is older as the clock moves on, never what is younger", async () => {
    const clock = new ManualClock(T0);
    const who = `year-${randomUUID()}`;
    for (const days of [400, 366, 365, 200, 1]) await write(who, T0 - days * DAY);
    const pass = housekeeping(clock);

    const first = await pass.run();
    expect(first.consoleAudit).toBe(2);
    expect(await ages(who, T0)).toEqual([1, 200, 365]);
    expect((await pass.run()).consoleAudit).toBe(0);
    // 165 days on, the entry then 200 days old is 365 days old: kept; a day later it goes.
    clock.advance(165 * DAY);
    const now = clock.now().getTime();
    await pass.run();
    expect(await ages(who, now)).toEqual([166, 365]);
    clock.advance(DAY);
    expect((await pass.run()).consoleAudit).toBe(1);
    expect(await ages(who, now + DAY)).toEqual([167]);
  });

  it("keeps the configured retention, and deletes expired console sessions in the same pass", async () => {
    const clock = new ManualClock(T0);
    const who = `month-${randomUUID()}`;
    for (const days of [31, 30, 29]) await write(who, T0 - days * DAY);
    const session = (idHash: string, expiresAt: number) =>
      store.consoleSessions.create({
        idHash,
        kind: "session",
        who,
        dataEnc: null,
        createdAt: T0 - HOUR,
        idleExpiresAt: expiresAt,
        expiresAt,
      });
    const expired = randomUUID().replaceAll("-", "");
    const live = randomUUID().replaceAll("-", "");
    await session(expired, T0 - 1);
    await session(live, T0 + HOUR);

    const pass = await housekeeping(clock, 30 * DAY).run();
    expect(pass.consoleAudit).toBe(1);
    expect(pass.consoleSessions).toBeGreaterThanOrEqual(1);
    expect(await ages(who, T0)).toEqual([29, 30]);
    expect(await store.consoleSessions.getLive(live, "session", T0)).toBeDefined();
    const left = await store.db.selectFrom("console_sessions").select("id_hash").where("who", "=", who).execute();
    expect(left.map((r) => r.id_hash)).toEqual([live]);
  });

  it("clears a backlog larger than one delete batch in one pass", async () => {
    const clock = new ManualClock(T0);
    const who = `backlog-${randomUUID()}`;
    // 2,500 entries of ten years ago: three batches of DELETE_BATCH (1,000).
    await store.db
      .insertInto("console_audit")
      .values(
        Array.from({ length: 2500 }, (_, i) => ({
          at: T0 - 3650 * DAY + i,
          who,
          operation: "AdminDisableUser",
          user_pool_id: null,
          target: `user${i}`,
          outcome: "ok",
        })),
      )
      .execute();
    await write(who, T0 - DAY);
    expect((await housekeeping(clock).run()).consoleAudit).toBe(2500);
    expect(await ages(who, T0)).toEqual([1]);
  });
});

describe.each(testEngines())("console audit queries served by indexes on $name", (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore(engine);
    // 20,000 entries of 97 actors and 101 operations (about 1% each) over 20,000 minutes; then statistics, as a
    // live database has them.
    await sql`insert into console_audit (at, who, operation, outcome)
      select cast(${T0} as bigint) + i * 60000, 'admin' || (i % 97), 'Operation' || (i % 101), 'ok'
      from (${sql.raw(
        engine.name === "sqlite"
          ? "with recursive n(i) as (select 1 union all select i + 1 from n where i < 20000) select i from n"
          : "select generate_series(1, 20000) as i",
      )}) s`.execute(store.db);
    await sql.raw(engine.name === "sqlite" ? "analyze" : "analyze console_audit").execute(store.db);
  });
  afterAll(async () => {
    await store?.close();
  });

  /** SQLite's EXPLAIN QUERY PLAN details, or PostgreSQL's node types with their index. */
  async function plan(q: Compilable): Promise<string[]> {
    const c = q.compile();
    const explain = (prefix: string) =>
      store.db.executeQuery<Record<string, unknown>>({ ...c, sql: `${prefix} ${c.sql}` });
    if (engine.name === "sqlite") return (await explain("explain query plan")).rows.map((r) => String(r.detail));
    const out: string[] = [];
    const walk = (n: Record<string, unknown>) => {
      out.push(`${String(n["Node Type"])}${n["Index Name"] ? ` using ${String(n["Index Name"])}` : ""}`);
      for (const child of (n.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
    };
    const [row] = (await explain("explain (format json)")).rows;
    walk((row!["QUERY PLAN"] as { Plan: Record<string, unknown> }[])[0]!.Plan);
    return out;
  }
  /**
   * No scan of the whole table, and (unless `sorts`) no sort of every match: work bounded by the page, not the log.
   * Both filters at once use one of the two indexes and check the other on its rows; PostgreSQL may then sort that
   * index's matches (one actor's or one operation's entries), which is still not the log.
   */
  const expectBounded = (lines: string[], what: string, sorts = false) => {
    const text = `${what}:\n  ${lines.join("\n  ")}`;
    if (engine.name === "sqlite") {
      expect(
        lines.every((l) => l.startsWith("SEARCH ")),
        text,
      ).toBe(true);
      if (!sorts)
        expect(
          lines.some((l) => l.includes("TEMP B-TREE")),
          text,
        ).toBe(false);
    } else {
      expect(
        lines.some((l) => l.startsWith("Seq Scan")),
        text,
      ).toBe(false);
      if (!sorts)
        expect(
          lines.some((l) => l.startsWith("Sort")),
          text,
        ).toBe(false);
      if (sorts)
        expect(
          lines.some((l) => /using console_audit_(who|operation|pkey)/.test(l)),
          text,
        ).toBe(true);
    }
  };

  it("pages filtered by actor, by operation or by both from an index", async () => {
    for (const q of [
      { limit: 51, who: "admin1" },
      { limit: 51, who: "admin1", before: 10_000 },
      { limit: 51, operation: "Operation3" },
      { limit: 51, operation: "Operation3", before: 10_000 },
    ])
      expectBounded(await plan(auditListQuery(store.db, q)), JSON.stringify(q));
    const both = { limit: 51, who: "admin1", operation: "Operation3" };
    expectBounded(await plan(auditListQuery(store.db, both)), JSON.stringify(both), true);
    // A single filter reads its own index (the primary key read backwards would pass over every other entry).
    for (const [q, index] of [
      [{ limit: 51, who: "admin1" }, "console_audit_who"],
      [{ limit: 51, operation: "Operation3", before: 10_000 }, "console_audit_operation"],
    ] as const)
      expect((await plan(auditListQuery(store.db, q))).join("\n"), JSON.stringify(q)).toContain(index);
  });

  it("finds each retention batch through console_audit_at", async () => {
    // The batch deleteInBatches selects (store/kysely/batchedDelete.ts): the rows past the cutoff, a batch at a time.
    const batch = store.db
      .selectFrom("console_audit")
      .select(engine.name === "sqlite" ? "id" : sql<string>`ctid`.as("ctid"))
      .where("at", "<", T0 + 500 * 60_000)
      .limit(1000);
    const lines = await plan(batch);
    expectBounded(lines, "retention batch");
    expect(lines.join("\n")).toContain("console_audit_at");
  });
});

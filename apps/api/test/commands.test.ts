import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAppDb, SEED_USERS, type AppDbConfig } from "@authhub/appdb";
import { describe, expect, it } from "vitest";
import { runSeed } from "../src/commands/seed.js";
import { createLogger } from "../src/logger.js";
import { engines } from "./support/engines.js";
import { runMain } from "./support/process.js";

/** The database a child process will use for this engine, as env vars plus the config to inspect it. */
async function target(
  engine: string,
  open: (typeof engines)[number][1],
): Promise<{ env: Record<string, string>; config: AppDbConfig; done(): Promise<void> }> {
  if (engine === "sqlite") {
    // The child is another process, so SQLite needs a file both can open.
    const file = join(mkdtempSync(join(tmpdir(), "api-cmd-")), "app.sqlite");
    const config: AppDbConfig = { engine: "sqlite", file };
    return { env: { DB_ENV: "development", APP_SQLITE_FILE: file }, config, done: async () => undefined };
  }
  const opened = await open();
  return { env: { DB_ENV: "development", ...opened.env }, config: opened.config, done: opened.done };
}

describe.each(engines)("npm run migrate / seed on %s", (engine, open) => {
  it("migrates, then reports the schema as current", async () => {
    const t = await target(engine, open);
    try {
      const first = runMain(["migrate"], t.env);
      expect(await first.exited, first.stderr.join("")).toBe(0);
      expect(first.stdout.join("\n")).toContain('"applied":["0001_users"]');
      const again = runMain(["migrate"], t.env);
      expect(await again.exited).toBe(0);
      expect(again.stdout.join("\n")).toContain("schema already up to date");
    } finally {
      await t.done();
    }
  });

  it("seeds the tutorial's four users after cleaning the table", async () => {
    const t = await target(engine, open);
    try {
      expect(await runMain(["migrate"], t.env).exited).toBe(0);
      const db = await createAppDb(t.config);
      try {
        await db.insertInto("users").values({ sub: "stray", email: "stray@example.com" }).execute();
        const seed = runMain(["seed"], t.env);
        expect(await seed.exited, seed.stderr.join("")).toBe(0);
        const rows = await db.selectFrom("users").select(["sub", "email"]).orderBy("id").execute();
        expect(rows).toEqual(SEED_USERS.map((u) => ({ sub: u.sub, email: u.email })));
      } finally {
        await db.destroy();
      }
    } finally {
      await t.done();
    }
  });

  it("refuses to seed production without --force, leaving the rows alone", async () => {
    const t = await target(engine, open);
    try {
      const logger = createLogger({ level: "silent" });
      await expect(runSeed({ dbEnv: "production", db: t.config }, logger)).rejects.toThrow(/--force/);
      await runSeed({ dbEnv: "production", db: t.config }, logger, { force: true });
      const db = await createAppDb(t.config);
      try {
        expect(await db.selectFrom("users").select("email").execute()).toHaveLength(SEED_USERS.length);
      } finally {
        await db.destroy();
      }
    } finally {
      await t.done();
    }
  });
});

describe("command line errors", () => {
  it("names the bad variable without a stack trace", async () => {
    const p = runMain(["serve"], { DB_ENV: "testing", COGNITO_TOKEN_USE: "refresh" });
    expect(await p.exited).toBe(1);
    expect(p.stderr.join("")).toBe('authhub-api: COGNITO_TOKEN_USE must be id, access or any; got "refresh"\n');
  });

  it("rejects an unknown command", async () => {
    const p = runMain(["frobnicate"], { DB_ENV: "testing" });
    expect(await p.exited).toBe(1);
    expect(p.stderr.join("")).toContain('unknown command "frobnicate"');
  });
});

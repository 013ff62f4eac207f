/**
 * The CLI's operator commands end to end (src/cli.ts): export from a SQLite data directory, import
 * into another, rotate-keys --check / rotate-keys; exit codes and messages of refusals.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestUserpool } from "./support/userpool.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsx = join(root, "../../node_modules/.bin/tsx");

// These commands work on SQLite data directories: a PostgreSQL URL from the test run's environment would win.
const { USERPOOL_DATABASE_URL: _postgres, ...inherited } = process.env;

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(tsx, [join(root, "src/cli.ts"), ...args], { env: { ...inherited, ...env } }, (e, out, err) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

describe("authhub-userpool export / import / rotate-keys", () => {
  const work = mkdtempSync(join(tmpdir(), "userpool-cli-"));
  const key = randomBytes(32).toString("base64");
  const next = randomBytes(32).toString("base64");

  beforeAll(async () => {
    const up = await startTestUserpool({ dataDir: join(work, "a"), dataKey: Buffer.from(key, "base64") });
    await up.close();
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("exports one data directory and imports into another; a second import is refused (65)", async () => {
    const file = join(work, "pools.jsonl");
    const ex = await cli(["export", "--data-dir", join(work, "a"), "--out", file], { USERPOOL_DATA_KEY: key });
    expect([ex.code, ex.err]).toEqual([0, expect.stringMatching(/^exported \d+ rows to /)]);
    const im = await cli(["import", file, "--data-dir", join(work, "b")], { USERPOOL_DATA_KEY: key });
    expect([im.code, im.err]).toEqual([0, expect.stringMatching(/imported \d+ rows: pools us-east-1_TestPool1/)]);
    const again = await cli(["import", file, "--data-dir", join(work, "b")], { USERPOOL_DATA_KEY: key });
    expect([again.code, again.err]).toEqual([65, expect.stringMatching(/already exist in the target database/)]);
  }, 120_000);

  it("rotates the key: --check counts, the run re-seals, the next check finds nothing", async () => {
    const env = { USERPOOL_DATA_KEY: next, USERPOOL_DATA_KEY_PREVIOUS: key };
    const dir = ["--data-dir", join(work, "b")];
    const check = await cli(["rotate-keys", "--check", ...dir], env);
    expect([check.code, check.err]).toEqual([0, ""]);
    expect(check.out).toMatch(/user_pool_client_secrets\.secret_enc: 1 under a former key/);
    const run = await cli(["rotate-keys", "--batch-size", "3", ...dir], env);
    expect([run.code, run.err]).toEqual([0, ""]);
    expect(run.out).toMatch(/user_pool_client_secrets\.secret_enc: 1 re-sealed/);
    const after = await cli(["rotate-keys", "--check", ...dir], env);
    expect(after.out.match(/: (\d+) under a former key/g)?.every((m) => m.startsWith(": 0 "))).toBe(true);
    const bad = await cli(["rotate-keys", "--bogus", ...dir], env);
    expect([bad.code, bad.err]).toEqual([78, expect.stringMatching(/unknown flag --bogus/)]);
  }, 120_000);
});

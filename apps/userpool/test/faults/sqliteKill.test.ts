/**
 * kill -9 under load on SQLite (issue #25): the userpool (a child process) on a database file in WAL
 * mode, killed with SIGKILL while sign-ups and password changes run, then started again on the same
 * file. The file passes `PRAGMA integrity_check`, and every acknowledged sign-up and password change is
 * there (each user signs in with the password the server last acknowledged).
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import {
  type ChildUserpool,
  deadRefreshTokens,
  killChild,
  Ledger,
  lostUsers,
  removeTempDirs,
  served,
  sleep,
  startChild,
  startLoad,
  tempDir,
  via,
  warmUp,
  writeFaultConfig,
  FAULT_TEST_TIMEOUT_MS,
} from "./support.js";

describe("kill -9 under load on SQLite", () => {
  const children: ChildUserpool[] = [];
  afterAll(async () => {
    for (const c of children) await killChild(c);
    removeTempDirs();
  });

  it(
    "the file is intact and every acknowledged sign-up and password change survives",
    async () => {
      const dir = tempDir();
      const env = { USERPOOL_DATA_DIR: dir, USERPOOL_CONFIG: writeFaultConfig(dir) };
      const first = await startChild(env);
      children.push(first);
      await warmUp(first.url);
      const ledger = new Ledger();
      const load = startLoad(via(first.url), ledger, { workers: 4, passwordChanges: true });
      await served(ledger, 30);
      // Killed mid-load: requests are in flight, some of them writes.
      await sleep(500);
      first.child.kill("SIGKILL");
      expect(await first.exited).toEqual({ code: null, signal: "SIGKILL" });
      await load.stop();
      const inFlight = ledger.answers.filter((a) => a.status === 0).length;

      const file = join(dir, "userpool.sqlite");
      const db = new Database(file);
      try {
        expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      } finally {
        db.close();
      }

      const second = await startChild(env);
      children.push(second);
      await warmUp(second.url);
      expect(ledger.users.length).toBeGreaterThan(0);
      expect(ledger.passwordChanges).toBeGreaterThan(0);
      expect(await lostUsers(second.url, ledger)).toEqual([]);
      expect(await deadRefreshTokens(second.url, ledger)).toEqual([]);
      process.stdout.write(
        `[faults] SQLite kill -9: ${ledger.users.length} sign-ups and ${ledger.passwordChanges} password changes ` +
          `acknowledged, 0 lost; ${inFlight} requests cut in flight; integrity_check ok\n`,
      );
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});

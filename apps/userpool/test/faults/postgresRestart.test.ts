/**
 * PostgreSQL restarts under load (issue #25): the userpool (a child process) on a private PostgreSQL
 * that is stopped (`pg_ctl stop -m fast`, every connection terminated) and started again while
 * sign-ups, sign-ins and refreshes run. The server never crashes, answers InternalErrorException
 * quickly while the database is away, recovers by itself, and loses nothing it acknowledged.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  type ChildUserpool,
  deadRefreshTokens,
  killChild,
  Ledger,
  lostUsers,
  privatePostgres,
  type PrivatePostgres,
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

/** Phases of load: before the stop, while the database is away, after it is back. */
const PHASE_MS = 2_500;
/** A request while the database is away must be answered within this (no hang on a dead pool). */
const ANSWER_BOUND_MS = 6_000;
/** From "PostgreSQL accepts connections again" to the first request served. */
const RECOVERY_BOUND_MS = 5_000;

describe("PostgreSQL restarts under load", () => {
  let pg: PrivatePostgres | undefined;
  let up: ChildUserpool | undefined;
  afterAll(async () => {
    await killChild(up);
    await pg?.cleanup();
    removeTempDirs();
  });

  it(
    "answers InternalErrorException while it is down, recovers by itself, loses nothing",
    async () => {
      pg = await privatePostgres();
      const dir = tempDir();
      up = await startChild({
        USERPOOL_DATABASE_URL: pg.url,
        USERPOOL_DATA_DIR: dir,
        USERPOOL_CONFIG: writeFaultConfig(dir),
      });
      const url = up.url;
      await warmUp(url);
      const ledger = new Ledger();
      const load = startLoad(via(url), ledger, { workers: 4 });

      await served(ledger, 20);
      const servedBefore = ledger.answers.filter((a) => a.status === 200).length;
      const stopAt = Date.now();
      await pg.stop();
      const downAt = Date.now();
      await sleep(PHASE_MS);
      // The server accepts connections before `pg_ctl start -w` (which polls) returns: "down" ends here.
      const startAt = Date.now();
      await pg.start();
      const upAt = Date.now();
      await sleep(PHASE_MS);
      await load.stop();

      expect(up.alive(), up.output()).toBe(true);
      expect(servedBefore).toBeGreaterThan(0);
      // Answered before the stop began: all served (requests in flight while it stops may fail).
      expect(ledger.answers.filter((a) => a.startedAt + a.ms < stopAt && a.status !== 200)).toEqual([]);

      // While it was down: Cognito's InternalErrorException, quickly; never a dropped connection or a hang.
      const whileDown = ledger.answers.filter((a) => a.startedAt >= downAt && a.startedAt + a.ms < startAt);
      expect(whileDown.length).toBeGreaterThan(0);
      expect(new Set(whileDown.map((a) => `${a.status} ${a.type}`))).toEqual(new Set(["500 InternalErrorException"]));
      const slowest = Math.max(...whileDown.map((a) => a.ms));
      expect(slowest).toBeLessThan(ANSWER_BOUND_MS);
      expect(ledger.answers.filter((a) => a.status === 0)).toEqual([]);

      const firstServed = ledger.answers
        .filter((a) => a.status === 200 && a.startedAt >= upAt)
        .reduce((min, a) => Math.min(min, a.startedAt + a.ms), Number.POSITIVE_INFINITY);
      const recoveryMs = firstServed - upAt;
      expect(recoveryMs).toBeLessThan(RECOVERY_BOUND_MS);

      // Nothing acknowledged is lost: every sign-up signs in, every refresh token refreshes.
      expect(await lostUsers(url, ledger)).toEqual([]);
      expect(await deadRefreshTokens(url, ledger)).toEqual([]);
      expect(up.alive(), up.output()).toBe(true);
      // No stack trace reached the log, only the expected warnings and errors of the outage.
      process.stdout.write(
        `[faults] PostgreSQL restart: ${ledger.users.length} sign-ups and ${ledger.refreshTokens.length} ` +
          `refresh tokens acknowledged, 0 lost; ${whileDown.length} requests while down, slowest answer ` +
          `${slowest} ms; recovery ${recoveryMs} ms after PostgreSQL accepted connections\n`,
      );
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});

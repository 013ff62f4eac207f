/**
 * Two instances on one database, one killed (-9) mid-load (issue #25). The client balances round
 * robin and fails over as a load balancer does: a refused connection never reached a server, so it is
 * retried on the other instance; a request cut in flight is not (it may have been written) and counts
 * as an error. The survivor keeps serving: errors are bounded by the requests in flight on the dead
 * instance, and nothing either instance acknowledged is lost. Runs on a shared SQLite file always and
 * on PostgreSQL (its own schema on the shared server) whenever USERPOOL_DATABASE_URL is set.
 */
import { dirname } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { testEngines, type TestDatabase } from "../support/engines.js";
import {
  type Answer,
  call,
  type ChildUserpool,
  deadRefreshTokens,
  killChild,
  Ledger,
  lostUsers,
  removeTempDirs,
  type Send,
  served,
  sleep,
  startChild,
  startLoad,
  tempDir,
  warmUp,
  writeFaultConfig,
  FAULT_TEST_TIMEOUT_MS,
} from "./support.js";

const WORKERS = 4;

/** Round robin over the instances still believed alive; a refused connection marks one dead and fails over. */
function roundRobin(urls: string[]): Send {
  const alive = [...urls];
  let next = 0;
  const send: Send = async (op, body) => {
    const url = alive[next++ % alive.length];
    if (!url) throw new Error("no instance left");
    const a: Answer = await call(url, op, body);
    if (a.status !== 0) return a;
    if (alive.length > 1 && alive.includes(url)) alive.splice(alive.indexOf(url), 1);
    return a.type === "network:ECONNREFUSED" ? send(op, body) : a;
  };
  return send;
}

describe.each(testEngines())("two instances on one $name database, one killed mid-load", (engine) => {
  let db: TestDatabase | undefined;
  const children: ChildUserpool[] = [];
  afterAll(async () => {
    for (const c of children) await killChild(c);
    await db?.cleanup();
    removeTempDirs();
  });

  it(
    "the survivor keeps serving; errors only for requests in flight on the dead one; nothing lost",
    async () => {
      db = await engine.create();
      const dir = tempDir();
      const env = {
        USERPOOL_CONFIG: writeFaultConfig(dir),
        ...(db.target.engine === "postgres"
          ? { USERPOOL_DATABASE_URL: db.target.url, USERPOOL_DATA_DIR: dir }
          : { USERPOOL_DATA_DIR: dirname(db.target.file) }),
      };
      // One after the other: the second finds the schema migrated and the pools applied.
      const a = await startChild(env);
      children.push(a);
      const b = await startChild(env);
      children.push(b);
      await warmUp(a.url);
      await warmUp(b.url);

      const ledger = new Ledger();
      const load = startLoad(roundRobin([a.url, b.url]), ledger, { workers: WORKERS });
      await served(ledger, 30);
      expect(new Set(ledger.answers.map((x) => x.url))).toEqual(new Set([a.url, b.url]));
      a.child.kill("SIGKILL");
      const killedAt = Date.now();
      expect(await a.exited).toEqual({ code: null, signal: "SIGKILL" });
      await sleep(2_000);
      await load.stop();

      const after = ledger.answers.filter((x) => x.startedAt + x.ms >= killedAt);
      const failed = after.filter((x) => x.status !== 200);
      // Cut in flight on A (a reset, not a refusal: refusals were retried on B). At most one per worker.
      expect(failed.every((x) => x.url === a.url && x.status === 0 && x.type !== "network:ECONNREFUSED")).toBe(true);
      expect(failed.length).toBeLessThanOrEqual(WORKERS);
      // B answered everything sent to it, before and after the kill.
      expect(ledger.answers.filter((x) => x.url === b.url && x.status !== 200)).toEqual([]);
      expect(after.filter((x) => x.url === b.url && x.status === 200).length).toBeGreaterThan(0);
      expect(b.alive(), b.output()).toBe(true);

      expect(await lostUsers(b.url, ledger)).toEqual([]);
      expect(await deadRefreshTokens(b.url, ledger)).toEqual([]);
      process.stdout.write(
        `[faults] two instances on ${engine.name}, one killed: ${ledger.users.length} sign-ups and ` +
          `${ledger.refreshTokens.length} refresh tokens acknowledged, 0 lost; ${failed.length} requests failed ` +
          `(in flight on the killed instance), ${after.length - failed.length} served by the survivor after the kill\n`,
      );
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});

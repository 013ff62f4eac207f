/**
 * No request stalls the others (issue #25, ADR 0043). A pool of 50,000 users created 40 days ago (each with its
 * point-in-time recovery entry, which a purge must read and keep) and 200,000 refresh tokens expired a month ago:
 * housekeeping passes run beside a steady USER_PASSWORD_AUTH sign-in load, in this process as in the server's.
 * Before, each purge was one statement; on SQLite it held the event loop for all its rows, and the sign-ins
 * waiting behind it never came back: the recovery-log purge was also quadratic (BENCHMARKS.md, ADR 0043). Every
 * sign-in must succeed, and the p99 stay under a bound generous for a loaded machine that the old purges exceeded
 * by minutes.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedUsers } from "../../src/dev/seedUsers.js";
import { createLogger } from "../../src/log.js";
import { Housekeeping } from "../../src/services/housekeeping.js";
import { testEngines } from "../support/engines.js";
import { CLIENT_ID, type EngineUserpool, GOOD_PASSWORD, POOL_ID, startTestUserpoolOn } from "../support/userpool.js";

const USERS = 50_000;
const EXPIRED_TOKENS = 200_000;
const DAY = 86_400_000;
const SIGNERS = 4;
/**
 * The sign-in p99 while purges run (or three times the p99 of sign-ins alone, when higher). Generous: on the
 * shared 2-core machine (load average 30+), sign-ins alone had a p99 of 1.9 s. Before, the first pass had not
 * ended after 12 minutes and no sign-in completed meanwhile.
 */
const P99_BOUND_MS = 5000;

describe.each(testEngines())("sign-ins beside housekeeping at scale on $name", (engine) => {
  let up: EngineUserpool;
  const emails = Array.from({ length: SIGNERS }, (_, i) => `signer${i}@example.com`);

  beforeAll(async () => {
    up = await startTestUserpoolOn(engine, { housekeeping: false });
    await seedUsers(up.store, { poolId: POOL_ID, count: USERS, now: Date.now() - 40 * DAY });
    for (const email of emails) {
      await up.admin.send(
        new AdminCreateUserCommand({ UserPoolId: POOL_ID, Username: email, MessageAction: "SUPPRESS" }),
      );
      await up.admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: POOL_ID,
          Username: email,
          Password: GOOD_PASSWORD,
          Permanent: true,
        }),
      );
    }
    const owner = await up.store.db
      .selectFrom("users")
      .select("id")
      .where("pool_id", "=", POOL_ID)
      .executeTakeFirstOrThrow();
    const expired = Date.now() - 30 * DAY;
    // One statement per engine writes the expired tokens (a sign-in never reads them; only the purge does).
    if (engine.name === "postgres")
      await sql`insert into refresh_tokens (token_hash, pool_id, client_id, user_id, origin_jti, auth_time, created_at,
          expires_at) select 'expired-' || i, ${POOL_ID}, ${CLIENT_ID}, ${owner.id}, 'origin-' || i, ${expired},
          ${expired}, ${expired} from generate_series(1, ${EXPIRED_TOKENS}) i`.execute(up.store.db);
    else
      await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${EXPIRED_TOKENS})
        insert into refresh_tokens (token_hash, pool_id, client_id, user_id, origin_jti, auth_time, created_at,
          expires_at) select 'expired-' || i, ${POOL_ID}, ${CLIENT_ID}, ${owner.id}, 'origin-' || i, ${expired},
          ${expired}, ${expired} from n`.execute(up.store.db);
  }, 600_000);
  afterAll(async () => {
    await up?.stop();
  });

  it("keeps every sign-in flowing, p99 bounded, while purges delete 200,000 rows and walk 50,000", async () => {
    const housekeeping = new Housekeeping({
      store: up.store,
      clock: { now: () => new Date() },
      log: createLogger({ level: "silent" }),
    });
    // Sign-ins alone first (the machine's own noise), then beside the passes.
    const baseline: number[] = [];
    const latencies: number[] = [];
    let into = baseline;
    const failures: unknown[] = [];
    let running = true;
    const signer = async (email: string) => {
      while (running) {
        const t0 = performance.now();
        try {
          const r = await up.anon.send(
            new InitiateAuthCommand({
              ClientId: CLIENT_ID,
              AuthFlow: "USER_PASSWORD_AUTH",
              AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
            }),
          );
          if (!r.AuthenticationResult?.AccessToken) throw new Error(`no tokens: ${JSON.stringify(r)}`);
          into.push(performance.now() - t0);
        } catch (err) {
          failures.push(err);
        }
      }
    };
    const load = emails.map(signer);
    let deleted = 0;
    let passes = 0;
    const passMs: number[] = [];
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let t0 = performance.now();
    try {
      // Sign-ins alone, then passes back to back: the first deletes the tokens, every one walks the recovery log.
      // At least 3 s and 40 sign-ins alone (a PostgreSQL run at load 30 had none in its first 3 s).
      while (performance.now() - t0 < 3000 || baseline.length < 40) await new Promise((r) => setTimeout(r, 100));
      into = latencies;
      delay.reset();
      t0 = performance.now();
      while (passes < 3 || performance.now() - t0 < 5000) {
        const h0 = performance.now();
        deleted += (await housekeeping.run()).refreshTokens;
        passMs.push(performance.now() - h0);
        passes++;
      }
    } finally {
      running = false;
      await Promise.all(load);
    }
    delay.disable();
    latencies.sort((a, b) => a - b);
    baseline.sort((a, b) => a - b);
    const pOf = (l: number[], q: number) => l[Math.min(l.length - 1, Math.floor(q * l.length))] ?? Number.NaN;
    const p = (q: number) => pOf(latencies, q);
    console.log(
      `[scale] ${engine.name}: ${passes} passes in ${((performance.now() - t0) / 1000).toFixed(1)} s; ` +
        `${latencies.length} sign-ins, p50 ${p(0.5).toFixed(0)} ms, p99 ${p(0.99).toFixed(0)} ms, ` +
        `max ${latencies.at(-1)!.toFixed(0)} ms (alone before: ${baseline.length}, p50 ` +
        `${pOf(baseline, 0.5).toFixed(0)} ms, p99 ${pOf(baseline, 0.99).toFixed(0)} ms); ` +
        `passes ${passMs.map((m) => m.toFixed(0)).join(", ")} ms; ` +
        `longest event-loop delay ${(delay.max / 1e6).toFixed(0)} ms`,
    );
    expect(failures).toEqual([]);
    expect(deleted).toBe(EXPIRED_TOKENS);
    expect(latencies.length).toBeGreaterThanOrEqual(50);
    // The machine's own p99 counts too, three times over: on this shared machine it moves from run to run.
    expect(p(0.99)).toBeLessThan(Math.max(P99_BOUND_MS, 3 * pOf(baseline, 0.99)));
    // The recovery entries of the 50,000 users are each user's only one: the purge kept them all.
    const kept = await up.store.db
      .selectFrom("user_history")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("pool_id", "=", POOL_ID)
      .executeTakeFirstOrThrow();
    expect(Number(kept.n)).toBeGreaterThanOrEqual(USERS);
  }, 300_000);
});

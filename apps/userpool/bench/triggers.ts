// Cost of a PreTokenGeneration trigger per token issue, by transport (not a test: figures depend on the machine).
//   npm run build -w packages/triggers && npm run bench:triggers -w apps/userpool
//   BENCH_TRIGGER_CALLS=5000 npm run bench:triggers -w apps/userpool
//
// It calls the runtime directly (no HTTP to the userpool, no JWT signing), so the figures are the
// trigger's own share of a sign-in: building the event, invoking, validating the answer, applying it.
//   - none: no trigger configured (the baseline);
//   - in-process no-op: a module that returns the event;
//   - in-process user-sync: the BUILT packages/triggers bundle, warm, upserting into a SQLite app database;
//   - Lambda Invoke API no-op: @aws-sdk/client-lambda to a local Lambda-compatible server (SigV4 and HTTP included).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createAppDb, migrateToLatest } from "@authhub/appdb";
import { createLogger } from "../src/log.js";
import { normalizePoolSettings } from "../src/services/poolSettings.js";
import type { Pool } from "../src/services/pools.js";
import type { UserRow } from "../src/store/index.js";
import type { LambdaConfig } from "../src/triggers/lambdaConfig.js";
import { declaredModules, TriggerModulePolicy } from "../src/triggers/modulePolicy.js";
import { TriggerRuntime, type TriggerRuntimeOptions } from "../src/triggers/runtime.js";
import { startLambdaServer } from "../test/support/lambdaServer.js";

const CALLS = Number(process.env.BENCH_TRIGGER_CALLS ?? 2000);
const BUNDLE = fileURLToPath(new URL("../../../packages/triggers/dist/index.mjs", import.meta.url));
const log = createLogger({ level: "silent" });

const POOL_ID = "us-east-1_BenchPool1";
const pool = (LambdaConfig?: LambdaConfig): Pool => ({
  id: POOL_ID,
  name: "bench",
  settings: normalizePoolSettings(
    { UsernameAttributes: ["email"], ...(LambdaConfig ? { LambdaConfig } : {}) },
    "us-east-1",
  ),
  createdAt: new Date(0),
  updatedAt: new Date(0),
});
const user = (i: number): UserRow => {
  const id = `00000000-0000-4000-8000-${String(i % 50).padStart(12, "0")}`;
  return {
    id,
    poolId: "us-east-1_BenchPool1",
    username: id,
    usernameKey: id,
    status: "CONFIRMED",
    enabled: true,
    attributes: { sub: id, email: `u${i % 50}@example.com`, email_verified: "true" },
    srpSalt: null,
    verifierEnc: null,
    passwordSetAt: null,
    createdAt: 0,
    updatedAt: 0,
  };
};

/** A runtime whose modules are declared by the operator, as a config file would declare them. */
const runtime = (lc?: LambdaConfig, o: Partial<TriggerRuntimeOptions> = {}) =>
  new TriggerRuntime({
    log,
    modules: new TriggerModulePolicy({
      baseDir: process.cwd(),
      declared: declaredModules({ UserPools: [{ Id: POOL_ID, LambdaConfig: lc }] }),
    }),
    ...o,
  });

async function measure(name: string, rt: TriggerRuntime, p: Pool): Promise<void> {
  const call = (i: number) =>
    rt.preTokenGeneration({
      pool: p,
      source: "TokenGeneration_Authentication",
      user: user(i),
      claims: { idClaims: { sub: user(i).id }, accessClaims: { sub: user(i).id } },
      scopes: ["aws.cognito.signin.user.admin"],
    });
  for (let i = 0; i < Math.min(200, CALLS); i++) await call(i); // warm-up: module load, connections, JIT
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = process.hrtime.bigint();
    await call(i);
    times.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const pct = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  console.log(
    `${name.padEnd(28)} mean ${mean.toFixed(0).padStart(6)} µs   p50 ${pct(0.5).toFixed(0).padStart(6)} µs   ` +
      `p99 ${pct(0.99).toFixed(0).padStart(6)} µs   (${CALLS} calls, sequential)`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "trigger-bench-"));
  const noop = join(dir, "noop.mjs");
  writeFileSync(noop, "export const handler = async (event) => event;\n");
  const lambda = await startLambdaServer({ noop }, { bench: "bench-secret" });
  try {
    await measure("none", runtime(), pool());
    await measure("in-process no-op", runtime({ PreTokenGeneration: noop }), pool({ PreTokenGeneration: noop }));

    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build -w packages/triggers first`);
    const file = join(dir, "app.sqlite");
    const db = await createAppDb({ engine: "sqlite", file });
    await migrateToLatest(db);
    await db.destroy();
    Object.assign(process.env, { DB_ENV: "development", APP_SQLITE_FILE: file, LOG_LEVEL: "error" });
    delete process.env.DATABASE_URL;
    const sync = runtime({ PreTokenGeneration: BUNDLE });
    await measure("in-process user-sync (SQLite)", sync, pool({ PreTokenGeneration: BUNDLE }));
    await sync.close();

    const viaLambda = runtime(undefined, {
      lambda: { endpoint: lambda.url, credentials: { accessKeyId: "bench", secretAccessKey: "bench-secret" } },
    });
    await measure(
      "Lambda Invoke API no-op",
      viaLambda,
      pool({ PreTokenGeneration: "arn:aws:lambda:us-east-1:123456789012:function:noop" }),
    );
    await viaLambda.close();
  } finally {
    await lambda.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

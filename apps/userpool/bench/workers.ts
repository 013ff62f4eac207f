// Sign-ins per second with one and two worker processes (USERPOOL_WORKERS, src/cluster.ts), and token
// signing on the event loop against the libuv pool (crypto/rs256.ts), side by side in one run.
//   npm run bench:workers -w apps/userpool
//   BENCH_ROUNDS=5, BENCH_SIGNINS=150 (per round and server), BENCH_WARMUP=600, BENCH_CONCURRENCY=8;
//   SQLite (WAL, one file shared by the workers), or PostgreSQL with USERPOOL_DATABASE_URL.
// Three servers run at once, each started through src/main.ts's path (bench/workerServer.ts):
//   "1 worker"        USERPOOL_WORKERS=1, tokens signed on the libuv pool (the default);
//   "2 workers"       USERPOOL_WORKERS=2, same;
//   "1 worker inline" USERPOOL_WORKERS=1, tokens signed on the event loop (what the server did before).
// A round runs BENCH_SIGNINS SRP sign-ins (InitiateAuth USER_SRP_AUTH + RespondToAuthChallenge
// PASSWORD_VERIFIER) against each server in turn, so all three see the same minutes of this shared
// machine; the figures are medians over rounds. Sign-ins/s is wall-clock throughput with
// BENCH_CONCURRENCY sign-ins in flight over as many keep-alive connections (the cluster spreads
// connections over its workers); CPU per sign-in sums every process of the server (primary and
// workers, all threads) from /proc, never the client's. The client runs on the same 2 cores.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPgTestSchema } from "../test/support/engines.js";
import { benchClient, ephemerals, srpSignIn, type BenchClient, type SignInTarget } from "./client.js";
import { treeCpuMs, treeMemory } from "./procCpu.js";

const POOL_ID = "us-east-1_AuthHub01";
const CLIENT_ID = "authhubwebclientlocaldev01";
const int = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${process.env[name]}`);
  return v;
};
const ROUNDS = int("BENCH_ROUNDS", 5);
const SIGNINS = int("BENCH_SIGNINS", 150);
const WARMUP = int("BENCH_WARMUP", 600);
const CONCURRENCY = int("BENCH_CONCURRENCY", 8);

interface Config {
  name: string;
  env: Record<string, string>;
}
const CONFIGS: Config[] = [
  { name: "1 worker", env: { BENCH_WORKERS: "1" } },
  { name: "2 workers", env: { BENCH_WORKERS: "2" } },
  { name: "1 worker, inline signing", env: { BENCH_WORKERS: "1", BENCH_RS256: "inline" } },
];

export interface StartedServer {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/**
 * bench/workerServer.ts with `env` on a data directory of its own (and a PostgreSQL schema when given a URL).
 * `command` replaces how the server starts (bench/soak.ts --bundle runs node dist/main.js with its own flags).
 */
export async function startWorkerServer(
  env: Record<string, string>,
  command: readonly string[] = ["--import", "tsx", fileURLToPath(new URL("./workerServer.ts", import.meta.url))],
): Promise<StartedServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "userpool-bench-"));
  const pg = process.env.USERPOOL_DATABASE_URL
    ? await createPgTestSchema(process.env.USERPOOL_DATABASE_URL, "upbench")
    : undefined;
  const child = spawn(process.execPath, command, {
    env: {
      PATH: process.env.PATH ?? "",
      USERPOOL_DATA_DIR: dataDir,
      USERPOOL_PORT: "0",
      USERPOOL_HTTPS_PORT: "off",
      ...(pg ? { USERPOOL_DATABASE_URL: pg.url } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (c: Buffer) => {
      if (out.length > 65_536) return; // the bundle logs every request to stdout: read, never kept
      out += c.toString();
      const m = /userpool listening on (http:\/\/\S+)/.exec(out);
      if (m && (env.BENCH_WORKERS === "1" || /worker processes/.test(out))) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
  return {
    child,
    url,
    stop: async () => {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A confirmed user of the development pool (SignUp, then AdminConfirmSignUp signed with local/local). */
export async function benchUser(url: string, client: BenchClient, name: string): Promise<SignInTarget> {
  const target: SignInTarget = {
    clientId: CLIENT_ID,
    poolName: POOL_ID.split("_")[1]!,
    username: `${name}.${Date.now()}@example.com`,
    password: "Bench-Passw0rd!",
  };
  await client.call("SignUp", { ClientId: CLIENT_ID, Username: target.username, Password: target.password });
  const { AdminConfirmSignUpCommand, CognitoIdentityProviderClient } = await import(
    "@aws-sdk/client-cognito-identity-provider"
  );
  const admin = new CognitoIdentityProviderClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await admin.send(new AdminConfirmSignUpCommand({ UserPoolId: POOL_ID, Username: target.username }));
  admin.destroy();
  return target;
}

/** n sign-ins with CONCURRENCY in flight; wall ms and server CPU ms in total. */
async function signIns(s: StartedServer, client: BenchClient, t: SignInTarget, n: number) {
  const eph = ephemerals(n);
  let next = 0;
  const cpu0 = treeCpuMs(s.child.pid!);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < n; i = next++) await srpSignIn(client, t, eph[i]!);
    }),
  );
  return { wallMs: performance.now() - t0, cpuMs: treeCpuMs(s.child.pid!) - cpu0 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function main(): Promise<void> {
  const load0 = loadavg()[0]!;
  const engine = process.env.USERPOOL_DATABASE_URL ? "PostgreSQL" : "SQLite";
  console.log(`workers benchmark on ${engine}: ${ROUNDS} rounds × ${SIGNINS} SRP sign-ins per server`);
  const servers: StartedServer[] = [];
  try {
    for (const c of CONFIGS) servers.push(await startWorkerServer(c.env));
    const clients = servers.map((s) => benchClient(s.url, CONCURRENCY));
    const targets = await Promise.all(servers.map((s, i) => benchUser(s.url, clients[i]!, "workers")));
    process.stdout.write(`  warm-up (${WARMUP} sign-ins each)…`);
    for (let i = 0; i < servers.length; i++) await signIns(servers[i]!, clients[i]!, targets[i]!, WARMUP);
    process.stdout.write(" done\n");
    const rounds = CONFIGS.map(() => [] as { rate: number; cpu: number }[]);
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < servers.length; i++) {
        const m = await signIns(servers[i]!, clients[i]!, targets[i]!, SIGNINS);
        rounds[i]!.push({ rate: (SIGNINS * 1000) / m.wallMs, cpu: m.cpuMs / SIGNINS });
      }
      process.stdout.write(`  round ${r + 1}/${ROUNDS}\n`);
    }
    const memory = servers.map((s) => treeMemory(s.child.pid!));
    for (const c of clients) c.close();
    const base = median(rounds[0]!.map((x) => x.rate));
    console.log(
      `\n| server | sign-ins/s (median, range) | vs 1 worker | server CPU ms per sign-in | RSS MB per process |`,
    );
    console.log(`|---|---|---|---|---|`);
    CONFIGS.forEach((c, i) => {
      const rates = rounds[i]!.map((x) => x.rate);
      const rate = median(rates);
      console.log(
        `| ${c.name} | ${rate.toFixed(0)} (${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)}) | ` +
          `${(rate / base).toFixed(2)}x | ${median(rounds[i]!.map((x) => x.cpu)).toFixed(2)} | ` +
          `${memory[i]!.map((m) => m.rssMb.toFixed(0)).join(" + ")} |`,
      );
    });
    console.log(`\nload average before ${load0.toFixed(1)}, after ${loadavg()[0]!.toFixed(1)} (1 min)`);
  } finally {
    for (const s of servers) await s.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

// Side by side against cognito-local (https://github.com/jagregory/cognito-local), the other Node.js server
// that speaks Cognito's JSON API: server-process CPU per 1,000 operations of what both do — SignUp,
// InitiateAuth USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH, GetUser — with the same load generator
// (bench/client.ts, keep-alive HTTP/1.1, BENCH_PEER_SOCKETS requests in flight), the two servers alternating
// round by round in one run, so both see the same (shared, noisy) machine. CPU is utime + stime of the
// server's process from /proc/<pid>/stat, read the same way for both. The median round per operation counts.
//
// cognito-local is installed at bench time into .ci/.cache/cognito-local (gitignored; its code is never
// committed or imported here, only run as a separate process): `npm run bench:peer -w apps/userpool`.
// The user pool runs as deployed (info logs, one JSON line per request, to /dev/null; SQLite, or
// PostgreSQL with USERPOOL_DATABASE_URL); cognito-local keeps its data in JSON files and logs to /dev/null.
// Not like for like in what the work is: cognito-local stores passwords in plain text and compares them,
// where the user pool computes an SRP verifier (a 3072-bit modular exponentiation) at SignUp and at every
// password sign-in; the ratios say so rather than hide it.
import { type ChildProcess, execFileSync, fork, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { benchClient, type BenchClient } from "./client.js";

const PEER_VERSION = "5.3.0";
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const peerDir = join(repoRoot, ".ci/.cache/cognito-local");
const peerStart = join(peerDir, "node_modules/cognito-local/lib/bin/start.js");

const intEnv = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${process.env[name]}`);
  return v;
};
const ROUNDS = intEnv("BENCH_PEER_ROUNDS", 3);
const N = intEnv("BENCH_PEER_OPS", 200);
const SOCKETS = intEnv("BENCH_PEER_SOCKETS", 4);
// GetUser costs a few hundredths of a sign-up: at N operations its CPU is a handful of 10 ms ticks, so it runs
// this many times N to be measured to better than a tick per 1,000 (the users are reused round-robin).
const GETUSER_TIMES = intEnv("BENCH_PEER_GETUSER_TIMES", 10);
const AB = process.env.BENCH_PEER_AB === "1";
const NO_CACHE = "userpool, no token cache";
const PASSWORD = "Bench-Passw0rd!";
const CLK_TCK = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());

/** cognito-local in the cache directory, installed with npm on first use (never part of the repository). */
function ensurePeer(): void {
  const pkg = join(peerDir, "node_modules/cognito-local/package.json");
  if (existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).version === PEER_VERSION) return;
  mkdirSync(peerDir, { recursive: true });
  if (!existsSync(join(peerDir, "package.json"))) writeFileSync(join(peerDir, "package.json"), '{"private":true}\n');
  process.stdout.write(`installing cognito-local@${PEER_VERSION} into ${peerDir}…\n`);
  execFileSync("npm", ["install", `cognito-local@${PEER_VERSION}`, "--no-audit", "--no-fund", "--prefix", peerDir], {
    stdio: "inherit",
  });
}

/** CPU ms (user + system, every thread) the process has used so far. */
function cpuMs(pid: number): number {
  // Fields after the parenthesised command name: state is 3rd, utime 14th and stime 15th overall.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
}

interface Target {
  name: string;
  pid: number;
  url: string;
  admin: CognitoIdentityProviderClient;
  stop(): Promise<void>;
}

async function waitForPort(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    try {
      await fetch(url, { method: "POST" });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not start listening within 30 s`);
}

const adminClient = (url: string) =>
  new CognitoIdentityProviderClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });

async function startUserpool(name = "userpool", env: Record<string, string> = {}): Promise<Target> {
  // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the user pool's process, written when it stops.
  const prof = process.env.BENCH_CPU_PROF;
  const child = fork(fileURLToPath(new URL("./serverProcess.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx", ...(prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`] : [])],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, BENCH_RATE_LIMITS: "off", ...env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once("exit", (c) => reject(new Error(`the user pool exited with ${c} before it was ready`)));
    child.once("message", (m: { ready?: string }) => (m.ready ? resolve(m.ready) : reject(new Error(String(m)))));
  });
  child.removeAllListeners("exit");
  return {
    name,
    pid: child.pid!,
    url,
    admin: adminClient(url),
    stop: () =>
      new Promise((res) => {
        child.once("exit", () => res());
        child.send("stop");
      }),
  };
}

async function startPeer(port: number): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), "cognito-local-"));
  const child = spawn(process.execPath, [peerStart], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForPort(url, child);
  return {
    name: "cognito-local",
    pid: child.pid!,
    url,
    admin: adminClient(url),
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Fixture {
  target: Target;
  client: BenchClient;
  poolId: string;
  clientId: string;
  /** Confirmed users with their latest tokens. */
  users: { username: string; accessToken: string; refreshToken: string }[];
  nextName: number;
}

async function prepare(target: Target): Promise<Fixture> {
  process.stdout.write(`  ${target.name} at ${target.url}\n`);
  const pool = await target.admin.send(new CreateUserPoolCommand({ PoolName: "bench", UsernameAttributes: ["email"] }));
  const poolId = pool.UserPool!.Id!;
  const app = await target.admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "bench",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  const f: Fixture = {
    target,
    client: withTimeout(target.name, benchClient(target.url, SOCKETS)),
    poolId,
    clientId: app.UserPoolClient!.ClientId!,
    users: [],
    nextName: 0,
  };
  const names = Array.from({ length: N }, (_, i) => `signin-${i}@example.com`);
  for (const username of names) {
    await target.admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        UserAttributes: [{ Name: "email", Value: username }],
        MessageAction: "SUPPRESS",
      }),
    );
    await target.admin.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }),
    );
    const r = await signIn(f, username);
    f.users.push({ username, accessToken: r.AccessToken, refreshToken: r.RefreshToken });
  }
  return f;
}

/** A request that gets no answer in 30 s fails the run loudly instead of hanging it. */
function withTimeout(name: string, c: BenchClient): BenchClient {
  return {
    call: (op, body) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: ${op} got no answer in 30 s`)), 30_000);
        // A keep-alive socket the server closed while idle resets on reuse; the request never reached it.
        const once = () => c.call(op, body);
        once()
          .catch((e: NodeJS.ErrnoException) => (e.code === "ECONNRESET" ? once() : Promise.reject(e)))
          .then(
            (r) => {
              clearTimeout(timer);
              resolve(r);
            },
            (e: unknown) => {
              clearTimeout(timer);
              reject(e);
            },
          );
      }),
    close: () => c.close(),
  };
}

async function signIn(f: Fixture, username: string): Promise<{ AccessToken: string; RefreshToken: string }> {
  const r = await f.client.call("InitiateAuth", {
    AuthFlow: "USER_PASSWORD_AUTH",
    ClientId: f.clientId,
    AuthParameters: { USERNAME: username, PASSWORD },
  });
  if (!r.AuthenticationResult?.AccessToken)
    throw new Error(`${f.target.name}: sign-in of ${username} answered ${JSON.stringify(r)}`);
  return r.AuthenticationResult;
}

/** Runs `one(i)` for i < count with SOCKETS in flight; each answer is checked by `one`. */
async function load(one: (i: number) => Promise<void>, count: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: SOCKETS }, async () => {
      while (next < count) await one(next++);
    }),
  );
}

const expectKey = (name: string, r: Record<string, unknown>, key: string) => {
  if (!(key in r)) throw new Error(`${name}: expected ${key}, got ${JSON.stringify(r).slice(0, 300)}`);
};

const OPERATIONS: Record<string, (f: Fixture) => (i: number) => Promise<void>> = {
  SignUp: (f) => async () => {
    const r = await f.client.call("SignUp", {
      ClientId: f.clientId,
      Username: `new-${f.nextName++}@example.com`,
      Password: PASSWORD,
    });
    expectKey(`${f.target.name} SignUp`, r, "UserSub");
  },
  USER_PASSWORD_AUTH: (f) => async (i) => {
    const u = f.users[i % f.users.length]!;
    const r = await signIn(f, u.username);
    u.accessToken = r.AccessToken;
    u.refreshToken = r.RefreshToken;
  },
  REFRESH_TOKEN_AUTH: (f) => async (i) => {
    const u = f.users[i % f.users.length]!;
    const r = await f.client.call("InitiateAuth", {
      AuthFlow: "REFRESH_TOKEN_AUTH",
      ClientId: f.clientId,
      AuthParameters: { REFRESH_TOKEN: u.refreshToken },
    });
    expectKey(`${f.target.name} REFRESH_TOKEN_AUTH`, r, "AuthenticationResult");
  },
  GetUser: (f) => async (i) => {
    const u = f.users[i % f.users.length]!;
    const r = await f.client.call("GetUser", { AccessToken: u.accessToken });
    expectKey(`${f.target.name} GetUser`, r, "UserAttributes");
  },
};

const opCount = (name: string) => (name === "GetUser" ? N * GETUSER_TIMES : N);
// BENCH_PEER_OPERATIONS=GetUser,SignUp: only those (e.g. to profile one); all four by default.
const SELECTED = Object.entries(OPERATIONS).filter(
  ([name]) => !process.env.BENCH_PEER_OPERATIONS || process.env.BENCH_PEER_OPERATIONS.split(",").includes(name),
);
if (SELECTED.length === 0) throw new Error(`BENCH_PEER_OPERATIONS names none of ${Object.keys(OPERATIONS).join(", ")}`);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  ensurePeer();
  const targets = [await startUserpool(), await startPeer(19000 + (process.pid % 1000))];
  // BENCH_PEER_AB=1: a third server, the user pool without its verified-token cache (ADR 0042), in the same rounds.
  if (AB) targets.push(await startUserpool(NO_CACHE, { BENCH_TOKEN_CACHE: "off" }));
  try {
    process.stdout.write(`preparing ${N} confirmed users on each server…\n`);
    const fixtures = [];
    for (const t of targets) fixtures.push(await prepare(t));
    // Warm-up: one unmeasured pass of every operation on both (JIT, statement caches, keys).
    process.stdout.write("warming up…\n");
    for (const f of fixtures) for (const [name, op] of SELECTED) await load(op(f), opCount(name));
    process.stdout.write("measuring");
    const perK: Record<string, Record<string, number[]>> = {};
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which server goes first, so neither always runs on the warmer or colder machine.
      const order = round % 2 ? [...fixtures].reverse() : fixtures;
      for (const [name, op] of SELECTED) {
        process.stdout.write(` ${name}`);
        for (const f of order) {
          const before = cpuMs(f.target.pid);
          await load(op(f), opCount(name));
          const ms = cpuMs(f.target.pid) - before;
          const byServer = perK[name] ?? {};
          perK[name] = byServer;
          byServer[f.target.name] = [...(byServer[f.target.name] ?? []), (ms / opCount(name)) * 1000];
        }
      }
      process.stdout.write(".");
    }
    process.stdout.write("\n");
    const rows = Object.entries(perK).map(([op, by]) => {
      const ours = median(by.userpool!);
      const peer = median(by["cognito-local"]!);
      const noCache = by[NO_CACHE] ? median(by[NO_CACHE]) : undefined;
      return { op, ours, peer, ratio: ours / peer, noCache };
    });
    process.stdout.write(
      `Server CPU per 1,000 operations (median of ${ROUNDS} rounds of ${N}, GetUser ${N * GETUSER_TIMES}, ` +
        `${SOCKETS} in flight; ` +
        `user pool on ${process.env.USERPOOL_DATABASE_URL ? "PostgreSQL" : "SQLite"}):\n`,
    );
    process.stdout.write(
      `  ${"operation".padEnd(20)} ${"user pool".padStart(10)} ${"cognito-local".padStart(14)}  ratio` +
        (AB ? `  ${"no token cache".padStart(14)}  ratio\n` : "\n"),
    );
    const sec = (ms: number, w: number) => `${(ms / 1000).toFixed(3)} s`.padStart(w);
    for (const r of rows)
      process.stdout.write(
        `  ${r.op.padEnd(20)} ${sec(r.ours, 10)} ${sec(r.peer, 14)}  ${r.ratio.toFixed(2)}x` +
          (r.noCache !== undefined ? `  ${sec(r.noCache, 14)}  ${(r.noCache / r.peer).toFixed(2)}x\n` : "\n"),
      );
    process.stdout.write(
      `  load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}\n`,
    );
    for (const f of fixtures) f.client.close();
  } finally {
    for (const t of targets) await t.stop();
  }
}

await main();

// Throughput benchmark of the user pool server (not a test: figures depend on the machine).
//   npm run bench -w apps/userpool        SQLite, the floor; and PostgreSQL too when USERPOOL_DATABASE_URL is set
//   BENCH_ENGINES=sqlite,postgres,floor (any of them), BENCH_ROUNDS=7,
//   BENCH_SIGNINS=200, BENCH_REFRESHES=400 (per round), BENCH_SLICE=25 (sign-ins per slice of a round, see below),
//   BENCH_WARMUP=2000 (sign-ins before measuring; as many refreshes / 2, an eighth of each second factor),
//   BENCH_MFA_SLICE=12 (TOTP and remembered-device sign-ins after each slice; 0: none), BENCH_CONCURRENCY=4,
//   BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (or --perf-basic-prof, --trace-opt) for the server,
//   BENCH_RATE_LIMITS=counted (every request-rate limit counted in the database, none reached; default off).
//   BENCH_PARTS=main,peer,workers (the default: all three, in this order). After this file's own run come two
//   short runs, each in its own process on SQLite: the side-by-side against cognito-local (bench/peer.ts, shared
//   operations, server CPU per 1,000; BENCH_PEER_OPS=60 by default here, GetUser 10x that) and 1 against 2
//   workers (bench/workers.ts; BENCH_WORKERS_ROUNDS=3, BENCH_WORKERS_SIGNINS=60, BENCH_WORKERS_WARMUP=200 here).
//   Their own scripts (bench:peer, bench:workers) keep the longer defaults and every knob.
//
// What it measures, per engine, in one run:
//   - server CPU per SRP sign-in (InitiateAuth USER_SRP_AUTH + RespondToAuthChallenge PASSWORD_VERIFIER)
//     and per refresh (GetTokensFromRefreshToken): the server runs in a child process and its
//     process.cpuUsage() (all threads: JavaScript, GC, JIT compiler, libuv pool) is read before and
//     after each round, so the client's work does not count;
//   - server CPU per complete sign-in with a second factor, as a ratio to the SRP sign-in of the same
//     round: SRP + SOFTWARE_TOKEN_MFA (a TOTP user in an MFA OPTIONAL pool: three requests)
//     and SRP from a remembered device (PASSWORD_VERIFIER with DEVICE_KEY, DEVICE_SRP_AUTH,
//     DEVICE_PASSWORD_VERIFIER: three requests, two SRP sessions), and a passkey sign-in (USER_AUTH with
//     WEB_AUTHN preferred, then the assertion: two requests; passkeyTarget.ts). A TOTP step is used once per user,
//     so there are BENCH_MFA_SLICE TOTP users, each signs in once per slice, and the server's clock is moved on
//     30 s before each TOTP slice (serverProcess.ts). Not on the floor, which has neither;
//   - "the bound": the server's own SRP math (bench/srpMath.ts) plus two RS256 signatures, in a loop in
//     the server's process: the least CPU any server must spend on one SRP sign-in with two tokens;
//   - "the floor" (bench/floorServer.ts), measured as the servers are: a minimal hand-written node:http
//     server doing the same SRP, sealing and token work on direct SQLite statements, and nothing else
//     (no validation, logging, settings, lockout, groups, storage layer). Not a target: it shows how
//     much of the cost above the bound any Node.js server pays, and how much is the user pool's own.
// Method, for a shared 2-core machine:
//   - warm-up first: V8 keeps compiling the request path with TurboFan for the first ~2,000 sign-ins
//     (measured with --trace-opt: ~2 ms of compiler CPU per sign-in after 900 sign-ins, ~0 after
//     2,500), and a long-running server does not pay that per request;
//   - then ROUNDS rounds, and each figure is the median over rounds, so a burst of load from another
//     process spoils one round, not the result. A round alternates the bound and the sign-ins in
//     slices of SLICE each (bound ×SLICE, SLICE sign-ins, bound ×SLICE, …), then runs its refreshes;
//     its ratio is the round's sign-in CPU per sign-in over its bound CPU per loop. So both halves of
//     a ratio are measured over the same seconds of this noisy VM (against the bound and the sign-ins
//     each in one block, this narrowed the round-to-round range, 1.16–1.88x to 1.27–1.76x, and did
//     not move the medians). The bound stays measured hot: every slice of it starts with untimed
//     warm-up loops (srpMath.ts `measure`);
//   - the client uses keep-alive connections and makes its SRP ephemerals before each round, so less
//     client CPU competes with the server while it is measured.
// Per-core rates are 1000 / CPU-ms per operation.
import { fork, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { createPgTestSchema } from "../test/support/engines.js";
import { totpAt } from "../src/crypto/totp.js";
import {
  benchClient,
  deviceSignIn,
  ephemerals,
  srpSignIn,
  totpSignIn,
  type BenchClient,
  type SignInTarget,
} from "./client.js";
import { deviceTarget, totpTargets } from "./mfaTargets.js";
import { passkeySignIn, passkeyTarget } from "./passkeyTarget.js";

const POOL_ID = "us-east-1_AuthHub01";
const CLIENT_ID = "authhubwebclientlocaldev01";
const int = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${process.env[name]}`);
  return v;
};
const ROUNDS = int("BENCH_ROUNDS", 7);
const SIGNINS = int("BENCH_SIGNINS", 200);
const REFRESHES = int("BENCH_REFRESHES", 400);
const WARMUP = int("BENCH_WARMUP", 2000);
const SLICE = Math.min(int("BENCH_SLICE", 25), SIGNINS);
const CONCURRENCY = int("BENCH_CONCURRENCY", 4);
// Second-factor sign-ins of each kind per slice (0: none). Half a slice, because a device sign-in costs
// about two SRP sign-ins: it keeps the default run's length down (`BENCH_MFA_SLICE=0` for the old run).
const MFA_SLICE = Math.min(Number(process.env.BENCH_MFA_SLICE ?? 12), SLICE);
if (!Number.isInteger(MFA_SLICE) || MFA_SLICE < 0)
  throw new Error(`BENCH_MFA_SLICE must be a whole number, got ${process.env.BENCH_MFA_SLICE}`);
const TARGET_RATIO = 1.4;
const TARGET_SIGNINS = 150;
const TARGET_REFRESHES = 250;

interface Server {
  child: ChildProcess;
  url: string;
  /** CPU ms of the whole server process so far. */
  cpu(): Promise<number>;
  /** The bound's CPU ms per sign-in, over `iterations` loops. */
  bound(iterations: number): Promise<{ srpMs: number; rsaMs: number }>;
  /** Moves the server's clock on by `ms`; returns its offset from real time. */
  advance(ms: number): Promise<number>;
  stop(): Promise<void>;
}

/** One request/response over IPC at a time (the runner is sequential around these calls). */
function ask<T>(child: ChildProcess, message: unknown): Promise<T> {
  return new Promise((resolve) => {
    child.once("message", (r: T) => resolve(r));
    child.send(message as string);
  });
}

function startServer(databaseUrl: string | undefined, module: string): Promise<Server> {
  const env = { ...process.env, ...(databaseUrl ? { USERPOOL_DATABASE_URL: databaseUrl } : {}) };
  if (!databaseUrl) delete env.USERPOOL_DATABASE_URL;
  const flags = [
    ...(process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? []),
    ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
  ];
  const child = fork(fileURLToPath(new URL(module, import.meta.url)), [], {
    execArgv: ["--import", "tsx", ...flags],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env,
  });
  return new Promise((resolve, reject) => {
    const early = (code: number | null) =>
      reject(new Error(`the server process exited with ${code} before it was ready`));
    child.once("error", reject);
    child.once("exit", early);
    child.once("message", (m: { ready?: string }) => {
      child.off("exit", early);
      if (!m.ready) return reject(new Error("unexpected message from the server process"));
      resolve({
        child,
        url: m.ready,
        cpu: async () => {
          const r = await ask<{ cpu: NodeJS.CpuUsage }>(child, "cpu");
          return (r.cpu.user + r.cpu.system) / 1000;
        },
        bound: (iterations) => ask(child, { bound: iterations }),
        advance: async (ms) => (await ask<{ offsetMs: number }>(child, { advance: ms })).offsetMs,
        stop: () =>
          new Promise((res) => {
            child.once("exit", () => res());
            child.send("stop");
          }),
      });
    });
  });
}

/** Runs `count` operations with CONCURRENCY in flight; returns server CPU ms and wall ms per operation. */
async function load(
  server: Server,
  count: number,
  op: (i: number) => Promise<unknown>,
): Promise<{ cpuMs: number; wallMs: number }> {
  let next = 0;
  const cpu0 = await server.cpu();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < count; i = next++) await op(i);
    }),
  );
  const wall = performance.now() - t0;
  const cpu1 = await server.cpu();
  return { cpuMs: (cpu1 - cpu0) / count, wallMs: wall / count };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface EngineResult {
  engine: Engine;
  srpMs: number;
  rsaMs: number;
  boundMs: number;
  signInMs: number;
  ratio: number;
  ratioRange: [number, number];
  signInWallMs: number;
  refreshMs: number;
  refreshWallMs: number;
  /** Second-factor sign-ins, absent on the floor. */
  mfa?: { totp: SecondFactor; device: SecondFactor; passkey: SecondFactor };
  load: [number, number];
}

interface SecondFactor {
  /** server CPU ms per complete sign-in, median over rounds */
  cpuMs: number;
  /** its ratio to the same round's SRP sign-in: median, and range over rounds */
  ratio: number;
  ratioRange: [number, number];
}

const TOTP_STEP_MS = 30_000;

type Engine = "SQLite" | "PostgreSQL" | "floor";

async function benchEngine(engine: Engine, databaseUrl: string | undefined): Promise<EngineResult> {
  const load0 = loadavg()[0]!;
  const server = await startServer(databaseUrl, engine === "floor" ? "./floorServer.ts" : "./serverProcess.ts");
  const client: BenchClient = benchClient(server.url, CONCURRENCY);
  try {
    const target: SignInTarget = {
      clientId: CLIENT_ID,
      poolName: POOL_ID.split("_")[1]!,
      username: `bench.${Date.now()}@example.com`,
      password: "Bench-Passw0rd!",
    };
    await client.call("SignUp", { ClientId: CLIENT_ID, Username: target.username, Password: target.password });
    if (engine !== "floor") await confirm(server.url, target.username); // the floor's SignUp confirms
    const { RefreshToken } = await srpSignIn(client, target, ephemerals(1)[0]!);
    const refresh = () => client.call("GetTokensFromRefreshToken", { ClientId: CLIENT_ID, RefreshToken });

    // Second factors (not on the floor). TOTP codes are computed for the server's clock.
    let offsetMs = 0;
    const code = (secret: Buffer) => totpAt(secret, Date.now() + offsetMs);
    const mfa =
      engine === "floor" || MFA_SLICE === 0
        ? undefined
        : {
            totp: await totpTargets(server.url, client, MFA_SLICE, code),
            device: await deviceTarget(server.url, client),
            passkey: await passkeyTarget(server.url, client),
          };
    /** n TOTP sign-ins, user i the i-th; the clock first moves on a step, so each user's next code is new. */
    const totpSlice = async (n: number, eph: ReturnType<typeof ephemerals>) => {
      offsetMs = await server.advance(TOTP_STEP_MS);
      const users = mfa!.totp;
      return load(server, n, (i) => totpSignIn(client, users[i]!, eph[i]!, () => code(users[i]!.secret)));
    };
    const deviceSlice = (n: number, eph: ReturnType<typeof ephemerals>) =>
      load(server, n, (i) => deviceSignIn(client, mfa!.device, eph[2 * i]!, eph[2 * i + 1]!));
    /** n passkey sign-ins (USER_AUTH WEB_AUTHN: InitiateAuth, RespondToAuthChallenge). */
    const passkeySlice = (n: number) => load(server, n, () => passkeySignIn(client, mfa!.passkey));

    process.stdout.write(`  ${engine}: warm-up (${WARMUP} sign-ins, ${WARMUP / 2} refreshes)…`);
    const warm = ephemerals(WARMUP);
    await load(server, WARMUP, (i) => srpSignIn(client, target, warm[i]!));
    await load(server, WARMUP / 2, refresh);
    if (mfa) {
      // Their own code paths (MFA, devices) warm up too; the request path they share already is.
      const n = Math.max(1, Math.round(WARMUP / 8 / MFA_SLICE)) * MFA_SLICE;
      process.stdout.write(` ${n} TOTP, ${n} device and ${n} passkey sign-ins…`);
      for (let done = 0; done < n; done += MFA_SLICE) await totpSlice(MFA_SLICE, ephemerals(MFA_SLICE));
      for (let done = 0; done < n; done += MFA_SLICE) await deviceSlice(MFA_SLICE, ephemerals(2 * MFA_SLICE));
      for (let done = 0; done < n; done += MFA_SLICE) await passkeySlice(MFA_SLICE);
    }
    await server.bound(50);
    process.stdout.write(" measuring");

    const rounds: {
      srpMs: number;
      rsaMs: number;
      signIn: { cpuMs: number; wallMs: number };
      refresh: { cpuMs: number; wallMs: number };
      totpMs: number;
      deviceMs: number;
      passkeyMs: number;
    }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const eph = ephemerals(SIGNINS);
      // Totals over the round's slices; each slice runs as many bound loops as sign-ins.
      const ephMfa = mfa ? ephemerals(3 * Math.ceil(SIGNINS / SLICE) * MFA_SLICE) : [];
      const sum = { srpMs: 0, rsaMs: 0, cpuMs: 0, wallMs: 0, totpMs: 0, deviceMs: 0, passkeyMs: 0, mfaCount: 0 };
      for (let done = 0; done < SIGNINS; done += SLICE) {
        const n = Math.min(SLICE, SIGNINS - done);
        const b = await server.bound(n);
        const s = await load(server, n, (i) => srpSignIn(client, target, eph[done + i]!));
        sum.srpMs += b.srpMs * n;
        sum.rsaMs += b.rsaMs * n;
        sum.cpuMs += s.cpuMs * n;
        sum.wallMs += s.wallMs * n;
        if (mfa) {
          // The second factors in the same slice, so their ratios to SRP see the same seconds.
          const m = MFA_SLICE;
          const e = ephMfa.slice((3 * m * done) / SLICE, (3 * m * done) / SLICE + 3 * m);
          sum.totpMs += (await totpSlice(m, e.slice(0, m))).cpuMs * m;
          sum.deviceMs += (await deviceSlice(m, e.slice(m))).cpuMs * m;
          sum.passkeyMs += (await passkeySlice(m)).cpuMs * m;
          sum.mfaCount += m;
        }
      }
      const ref = await load(server, REFRESHES, refresh);
      rounds.push({
        srpMs: sum.srpMs / SIGNINS,
        rsaMs: sum.rsaMs / SIGNINS,
        signIn: { cpuMs: sum.cpuMs / SIGNINS, wallMs: sum.wallMs / SIGNINS },
        refresh: ref,
        totpMs: sum.totpMs / sum.mfaCount,
        deviceMs: sum.deviceMs / sum.mfaCount,
        passkeyMs: sum.passkeyMs / sum.mfaCount,
      });
      process.stdout.write(".");
    }
    process.stdout.write("\n");
    const ratios = rounds.map((r) => r.signIn.cpuMs / (r.srpMs + r.rsaMs));
    const secondFactor = (cpu: (r: (typeof rounds)[number]) => number): SecondFactor => {
      const rs = rounds.map((r) => cpu(r) / r.signIn.cpuMs);
      return { cpuMs: median(rounds.map(cpu)), ratio: median(rs), ratioRange: [Math.min(...rs), Math.max(...rs)] };
    };
    const srpMs = median(rounds.map((r) => r.srpMs));
    const rsaMs = median(rounds.map((r) => r.rsaMs));
    return {
      engine,
      srpMs,
      rsaMs,
      boundMs: median(rounds.map((r) => r.srpMs + r.rsaMs)),
      signInMs: median(rounds.map((r) => r.signIn.cpuMs)),
      ratio: median(ratios),
      ratioRange: [Math.min(...ratios), Math.max(...ratios)],
      signInWallMs: median(rounds.map((r) => r.signIn.wallMs)),
      refreshMs: median(rounds.map((r) => r.refresh.cpuMs)),
      refreshWallMs: median(rounds.map((r) => r.refresh.wallMs)),
      ...(mfa
        ? {
            mfa: {
              totp: secondFactor((r) => r.totpMs),
              device: secondFactor((r) => r.deviceMs),
              passkey: secondFactor((r) => r.passkeyMs),
            },
          }
        : {}),
      load: [load0, loadavg()[0]!],
    };
  } finally {
    client.close();
    await server.stop();
  }
}

/** AdminConfirmSignUp needs SigV4; the SDK signs it (development credentials local/local). */
async function confirm(url: string, username: string): Promise<void> {
  const { AdminConfirmSignUpCommand, CognitoIdentityProviderClient } = await import(
    "@aws-sdk/client-cognito-identity-provider"
  );
  const admin = new CognitoIdentityProviderClient({
    endpoint: url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await admin.send(new AdminConfirmSignUpCommand({ UserPoolId: POOL_ID, Username: username }));
  admin.destroy();
}

function cpuModel(): string {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpus()[0]?.model ?? "unknown";
  } catch {
    return cpus()[0]?.model ?? "unknown";
  }
}

const factorRatio = (f: SecondFactor | undefined) =>
  f ? `${f.ratio.toFixed(2)}x (${f.ratioRange[0].toFixed(2)}–${f.ratioRange[1].toFixed(2)})` : "—";

function printTable(results: EngineResult[]): void {
  const ok = (pass: boolean) => (pass ? "yes" : "NO");
  const rows: [string, (r: EngineResult) => string, string, ((r: EngineResult) => boolean) | undefined][] = [
    ["bound: SRP math (ephemeral + proof), CPU ms", (r) => r.srpMs.toFixed(2), "", undefined],
    ["bound: two RS256 signatures, CPU ms", (r) => r.rsaMs.toFixed(2), "", undefined],
    [
      "bound: total per sign-in, CPU ms",
      (r) => `${r.boundMs.toFixed(2)} (${(1000 / r.boundMs).toFixed(0)}/s)`,
      "",
      undefined,
    ],
    ["SRP sign-in: server CPU ms", (r) => r.signInMs.toFixed(2), "", undefined],
    [
      "SRP sign-in: server CPU / bound",
      (r) => `${r.ratio.toFixed(2)}x (${r.ratioRange[0].toFixed(2)}–${r.ratioRange[1].toFixed(2)})`,
      `<= ${TARGET_RATIO.toFixed(2)}x`,
      (r) => r.ratio <= TARGET_RATIO,
    ],
    [
      "SRP sign-ins per core",
      (r) => `${(1000 / r.signInMs).toFixed(0)}/s`,
      `>= ${TARGET_SIGNINS}/s`,
      (r) => 1000 / r.signInMs >= TARGET_SIGNINS,
    ],
    ["SRP + TOTP (SOFTWARE_TOKEN_MFA): CPU ms", (r) => (r.mfa ? r.mfa.totp.cpuMs.toFixed(2) : "—"), "", undefined],
    ["SRP + TOTP / SRP sign-in", (r) => factorRatio(r.mfa?.totp), "", undefined],
    [
      "remembered device (DEVICE_SRP_AUTH): CPU ms",
      (r) => (r.mfa ? r.mfa.device.cpuMs.toFixed(2) : "—"),
      "",
      undefined,
    ],
    ["remembered device / SRP sign-in", (r) => factorRatio(r.mfa?.device), "", undefined],
    ["passkey (USER_AUTH WEB_AUTHN): CPU ms", (r) => (r.mfa ? r.mfa.passkey.cpuMs.toFixed(2) : "—"), "", undefined],
    ["passkey / SRP sign-in", (r) => factorRatio(r.mfa?.passkey), "", undefined],
    ["refresh: server CPU ms", (r) => r.refreshMs.toFixed(2), "", undefined],
    [
      "refreshes per core",
      (r) => `${(1000 / r.refreshMs).toFixed(0)}/s`,
      `>= ${TARGET_REFRESHES}/s`,
      (r) => 1000 / r.refreshMs >= TARGET_REFRESHES,
    ],
    ["SRP sign-ins/s, wall (client included)", (r) => `${(1000 / r.signInWallMs).toFixed(0)}/s`, "", undefined],
    ["refreshes/s, wall (client included)", (r) => `${(1000 / r.refreshWallMs).toFixed(0)}/s`, "", undefined],
    ["load average (1 min) before → after", (r) => `${r.load[0].toFixed(2)} → ${r.load[1].toFixed(2)}`, "", undefined],
  ];
  const w = 24;
  const heading = (r: EngineResult) => (r.engine === "floor" ? "floor (minimal, SQLite)" : r.engine);
  console.log(`\n${"metric".padEnd(44)} ${results.map((r) => heading(r).padEnd(w)).join(" ")} target     ok`);
  for (const [name, value, target, pass] of rows) {
    // The floor is a reference, not a server under test: it gets no verdict.
    const verdict = pass ? results.map((r) => (r.engine === "floor" ? "-" : ok(pass(r)))).join("/") : "";
    console.log(
      `${name.padEnd(44)} ${results.map((r) => value(r).padEnd(w)).join(" ")} ${target.padEnd(10)} ${verdict}`,
    );
  }
}

const PARTS = ["main", "peer", "workers"] as const;
const parts = process.env.BENCH_PARTS?.split(",") ?? [...PARTS];
const unknownPart = parts.find((p) => !(PARTS as readonly string[]).includes(p));
if (unknownPart) throw new Error(`BENCH_PARTS: ${unknownPart} is not one of ${PARTS.join(", ")}`);

/** Another bench file in its own process, with `env` over this one's (SQLite: no USERPOOL_DATABASE_URL). */
function runPart(file: string, env: Record<string, string>): Promise<void> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete childEnv.USERPOOL_DATABASE_URL;
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL(file, import.meta.url))], {
    env: childEnv,
    stdio: "inherit",
  });
  return new Promise((resolve, reject) =>
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited with ${code}`)))),
  );
}

/** The short side-by-side against cognito-local and the 1-vs-2 workers run (see the top of this file). */
async function shortParts(): Promise<void> {
  const env = (name: string, fallback: number) => String(int(name, fallback));
  if (parts.includes("peer")) {
    console.log("\n— against cognito-local (short run: bench/peer.ts, SQLite) —");
    await runPart("./peer.ts", { BENCH_PEER_OPS: env("BENCH_PEER_OPS", 60) });
  }
  if (parts.includes("workers")) {
    console.log("\n— 1 worker against 2 (short run: bench/workers.ts, SQLite) —");
    // workers.ts reads the same knob names as this file: its short defaults are passed explicitly.
    await runPart("./workers.ts", {
      BENCH_ROUNDS: env("BENCH_WORKERS_ROUNDS", 3),
      BENCH_SIGNINS: env("BENCH_WORKERS_SIGNINS", 60),
      BENCH_WARMUP: env("BENCH_WORKERS_WARMUP", 200),
      BENCH_CONCURRENCY: env("BENCH_WORKERS_CONCURRENCY", 8),
    });
  }
}

async function main(): Promise<void> {
  if (parts.includes("main")) await mainPart();
  await shortParts();
}

async function mainPart(): Promise<void> {
  const pgUrl = process.env.USERPOOL_DATABASE_URL;
  const wanted = process.env.BENCH_ENGINES?.split(",") ?? ["sqlite", "postgres", "floor"];
  if (wanted.includes("postgres") && process.env.BENCH_ENGINES && !pgUrl)
    throw new Error(
      "BENCH_ENGINES asks for postgres: set USERPOOL_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test",
    );
  console.log(
    `userpool benchmark — node ${process.version}, ${cpus().length} CPUs (${cpuModel()}), load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n` +
      `${WARMUP} warm-up sign-ins, then ${ROUNDS} rounds of: ` +
      `bound ×${SIGNINS} and ${SIGNINS} SRP sign-ins alternating in slices of ${SLICE}, ` +
      (MFA_SLICE
        ? `each slice followed by ${MFA_SLICE} SRP + TOTP, ${MFA_SLICE} remembered-device and ${MFA_SLICE} passkey ` +
          "sign-ins, "
        : "") +
      `then ${REFRESHES} refreshes; ` +
      `${CONCURRENCY} in flight; medians over rounds; ` +
      `request-rate limits ${process.env.BENCH_RATE_LIMITS ?? "off"}`,
  );
  const results: EngineResult[] = [];
  if (wanted.includes("sqlite")) results.push(await benchEngine("SQLite", undefined));
  if (wanted.includes("postgres") && pgUrl) {
    // A throwaway schema, dropped at the end.
    const schema = await createPgTestSchema(pgUrl, "bench");
    try {
      results.push(await benchEngine("PostgreSQL", schema.url));
    } finally {
      await schema.drop();
    }
  }
  if (wanted.includes("floor")) results.push(await benchEngine("floor", undefined));
  printTable(results);
  if (!pgUrl) console.log("\n(PostgreSQL not measured: set USERPOOL_DATABASE_URL to include it.)");
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

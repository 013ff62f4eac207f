// Throughput benchmark of the user pool server (not a test: figures depend on the machine).
//   npm run bench -w apps/userpool                 (SQLite; set USERPOOL_DATABASE_URL for PostgreSQL)
//   BENCH_SIGNINS=400 BENCH_REFRESHES=800 BENCH_CONCURRENCY=4 npm run bench -w apps/userpool
//
// It measures, in one run:
//   - SRP sign-ins (InitiateAuth USER_SRP_AUTH + RespondToAuthChallenge PASSWORD_VERIFIER) and refreshes
//     (GetTokensFromRefreshToken), as server CPU per operation: the server runs in a child process and
//     its process.cpuUsage() is read before and after, so the client's work does not count;
//   - "the bound": the server's own SRP math (bench/srpMath.ts) plus two RS256 signatures, in a loop
//     in the server's process — the least CPU any server must spend on one SRP sign-in with two tokens.
// Bound and sign-ins are measured in alternating rounds, so machine noise hits both alike.
// Per-core rates are 1000 / CPU-ms per operation.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { AdminConfirmSignUpCommand, CognitoIdentityProviderClient, SignUpCommand } from "@aws-sdk/client-cognito-identity-provider";
import { createPgTestSchema } from "../src/store/testing.js";
import { createClientEphemeral, passwordVerifierResponses, srpAHex } from "../test/support/srpClient.js";

const POOL_ID = "us-east-1_AuthHub01";
const CLIENT_ID = "authhubwebclientlocaldev01";
const SIGNINS = Number(process.env.BENCH_SIGNINS ?? 300);
const REFRESHES = Number(process.env.BENCH_REFRESHES ?? 600);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

type Cpu = NodeJS.CpuUsage;

interface Server {
  child: ChildProcess;
  url: string;
  cpu(): Promise<number>;
  bound(iterations: number): Promise<{ srpMs: number; rsaMs: number }>;
}

function startServer(databaseUrl?: string): Promise<Server> {
  const env = { ...process.env, ...(databaseUrl ? { USERPOOL_DATABASE_URL: databaseUrl } : {}) };
  const child = fork(fileURLToPath(new URL("./serverProcess.ts", import.meta.url)), [], { execArgv: ["--import", "tsx", ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])], stdio: ["ignore", "inherit", "inherit", "ipc"], env });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`server process exited with ${code}`)));
    child.once("message", (m: { ready?: string }) => {
      if (!m.ready) return reject(new Error("unexpected message from server"));
      const cpu = () =>
        new Promise<number>((res) => {
          child.once("message", (r: { cpu: Cpu }) => res((r.cpu.user + r.cpu.system) / 1000));
          child.send("cpu");
        });
      const bound = (iterations: number) =>
        new Promise<{ srpMs: number; rsaMs: number }>((res) => {
          child.once("message", (r: { srpMs: number; rsaMs: number }) => res(r));
          child.send({ bound: iterations });
        });
      resolve({ child, url: m.ready, cpu, bound });
    });
  });
}

async function call(url: string, op: string, body: unknown): Promise<Record<string, any>> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AWSCognitoIdentityProviderService.${op}` }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, any>;
  if (res.status !== 200) throw new Error(`${op}: ${json.__type}: ${json.message}`);
  return json;
}

async function srpSignIn(url: string, username: string, password: string): Promise<Record<string, any>> {
  const ephemeral = createClientEphemeral({ aBytes: 32 });
  const started = await call(url, "InitiateAuth", { AuthFlow: "USER_SRP_AUTH", ClientId: CLIENT_ID, AuthParameters: { USERNAME: username, SRP_A: srpAHex(ephemeral) } });
  const responses = passwordVerifierResponses({ poolName: POOL_ID.split("_")[1]!, password, ephemeral, challengeParameters: started.ChallengeParameters });
  const done = await call(url, "RespondToAuthChallenge", { ClientId: CLIENT_ID, ChallengeName: "PASSWORD_VERIFIER", ChallengeResponses: responses });
  if (!done.AuthenticationResult?.IdToken) throw new Error("sign-in did not return tokens");
  return done.AuthenticationResult;
}

/** Runs `count` operations with `concurrency` in flight; returns server CPU ms and wall ms per operation. */
async function load(server: { cpu(): Promise<number> }, count: number, op: () => Promise<unknown>): Promise<{ cpuMs: number; wallMs: number }> {
  let next = 0;
  const cpu0 = await server.cpu();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < count) await op();
    }),
  );
  const wall = performance.now() - t0;
  const cpu1 = await server.cpu();
  return { cpuMs: (cpu1 - cpu0) / count, wallMs: wall / count };
}


async function main(): Promise<void> {
  const engine = process.env.USERPOOL_DATABASE_URL ? "PostgreSQL" : "SQLite";
  // On PostgreSQL the server gets a throwaway schema, dropped at the end.
  const schema = process.env.USERPOOL_DATABASE_URL ? await createPgTestSchema(process.env.USERPOOL_DATABASE_URL, "bench") : undefined;

  const server = await startServer(schema?.url);
  try {
    const admin = new CognitoIdentityProviderClient({ endpoint: server.url, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    const email = `bench.${Date.now()}@example.com`;
    const password = "Bench-Passw0rd!";
    await admin.send(new SignUpCommand({ ClientId: CLIENT_ID, Username: email, Password: password }));
    await admin.send(new AdminConfirmSignUpCommand({ UserPoolId: POOL_ID, Username: email }));

    for (let i = 0; i < 20; i++) await srpSignIn(server.url, email, password); // warm-up (JIT, key cache)
    await server.bound(20);
    const per = Math.ceil(SIGNINS / ROUNDS);
    let srpMs = 0;
    let rsaMs = 0;
    const signIn = { cpuMs: 0, wallMs: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      const b = await server.bound(per);
      srpMs += b.srpMs / ROUNDS;
      rsaMs += b.rsaMs / ROUNDS;
      const l = await load(server, per, () => srpSignIn(server.url, email, password));
      signIn.cpuMs += l.cpuMs / ROUNDS;
      signIn.wallMs += l.wallMs / ROUNDS;
    }
    const boundMs = srpMs + rsaMs;

    const { RefreshToken } = await srpSignIn(server.url, email, password);
    const refreshOnce = () => call(server.url, "GetTokensFromRefreshToken", { ClientId: CLIENT_ID, RefreshToken });
    for (let i = 0; i < 20; i++) await refreshOnce();
    const refresh = await load(server, REFRESHES, refreshOnce);

    const ratio = signIn.cpuMs / boundMs;
    const rows: [string, string, string, boolean | undefined][] = [
      ["bound: SRP math (ephemeral + proof)", `${srpMs.toFixed(2)} ms`, "", undefined],
      ["bound: two RS256 signatures", `${rsaMs.toFixed(2)} ms`, "", undefined],
      ["bound: total per sign-in", `${boundMs.toFixed(2)} ms  (${(1000 / boundMs).toFixed(0)}/s per core)`, "", undefined],
      ["SRP sign-in: server CPU", `${signIn.cpuMs.toFixed(2)} ms`, "", undefined],
      ["SRP sign-in: server CPU / bound", `${ratio.toFixed(2)}x`, "<= 1.40x", ratio <= 1.4],
      ["SRP sign-ins per core", `${(1000 / signIn.cpuMs).toFixed(0)}/s`, ">= 150/s", 1000 / signIn.cpuMs >= 150],
      ["SRP sign-ins, wall (all cores, incl. client)", `${(1000 / signIn.wallMs).toFixed(0)}/s`, "", undefined],
      ["refresh: server CPU", `${refresh.cpuMs.toFixed(2)} ms`, "", undefined],
      ["refreshes per core", `${(1000 / refresh.cpuMs).toFixed(0)}/s`, ">= 250/s", 1000 / refresh.cpuMs >= 250],
      ["refreshes, wall (all cores, incl. client)", `${(1000 / refresh.wallMs).toFixed(0)}/s`, "", undefined],
    ];
    console.log(`userpool benchmark — ${engine}, node ${process.version}, ${SIGNINS} sign-ins, ${REFRESHES} refreshes, concurrency ${CONCURRENCY}, ${ROUNDS} alternating bound/sign-in rounds`);
    console.log(`${"metric".padEnd(46)} ${"measured".padEnd(34)} ${"target".padEnd(9)} ok`);
    for (const [name, value, target, ok] of rows) console.log(`${name.padEnd(46)} ${value.padEnd(34)} ${target.padEnd(9)} ${ok === undefined ? "" : ok ? "yes" : "NO"}`);
  } finally {
    await new Promise((resolve) => {
      server.child.once("exit", resolve);
      server.child.send("stop");
    });
    await schema?.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

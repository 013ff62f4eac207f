/**
 * npm run bench -w apps/api
 *
 * GET /users measured side by side in one run, each variant in its own server process; all run at
 * once and take turns in rotated order, so machine noise hits all variants alike:
 *   off         no auth step (the route's guard is a pass-through)
 *   on          requireAuth() as deployed: JWKS hydrated at start, verified-token cache
 *   on-nocache  requireAuth() with the token cache off: full RS256 verification on every request
 *   tutorial    the tutorial's middleware: JWKS download + JWK→PEM + verify on every request
 *
 * The JWKS is served from a separate local process, which flatters the tutorial: real Cognito is a
 * TLS round trip away. Env: BENCH_SECONDS (default 5), BENCH_ROUNDS (5), BENCH_CONNECTIONS (32).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { SignJWT } from "jose";
import { createAppDb, migrateToLatest, seedAppDb } from "@authhub/appdb";
import jwt from "jsonwebtoken";
import jwkToPem from "jwk-to-pem";
import { CognitoTokenVerifier } from "../src/auth/verifier.js";
import { newRsaKey } from "../test/support/issuer.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const variants = ["off", "on", "on-nocache", "tutorial"] as const;
type Variant = (typeof variants)[number];
const apiRoot = fileURLToPath(new URL("..", import.meta.url));

function startProcess(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: apiRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve({ child, port: (JSON.parse(line) as { port: number }).port });
    });
    child.on("exit", (code) => reject(new Error(`${script} exited with ${code} before listening`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

async function measure(url: string, token: string, duration: number) {
  const result = await autocannon({ url, connections, duration, headers: { authorization: `Bearer ${token}` } });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors; the benchmark would be measuring failures`,
    );
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  // Database: a SQLite file with the tutorial's four users, shared read-only by every variant.
  const dbFile = join(mkdtempSync(join(tmpdir(), "api-bench-")), "app.sqlite");
  const db = await createAppDb({ engine: "sqlite", file: dbFile });
  await migrateToLatest(db);
  await seedAppDb(db);
  await db.destroy();

  const key = await newRsaKey();
  const jwks = await startProcess("bench/jwksServer.ts", { JWKS: JSON.stringify({ keys: [key.publicJwk] }) });
  const issuer = `http://127.0.0.1:${jwks.port}/us-east-1_Bench01`;
  const clientId = "benchclient00000000000001";
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({
    sub: "00000000-0000-4000-8000-000000000001",
    "cognito:username": "alice",
    email: "alice@example.com",
    email_verified: true,
    aud: clientId,
    token_use: "id",
    iss: issuer,
    auth_time: now,
    iat: now,
    exp: now + 3600,
    jti: "bench",
    origin_jti: "bench",
    event_id: "bench",
    db_user_id: "1",
  })
    .setProtectedHeader({ alg: "RS256", kid: key.kid })
    .sign(key.privateKey);
  const env = { ISSUER: issuer, JWKS_URI: `${issuer}/.well-known/jwks.json`, CLIENT_ID: clientId, DB_FILE: dbFile };

  console.log(
    `GET /users, ${connections} connections, ${seconds} s × ${rounds} rounds per variant, ` +
      `${cpus().length} CPUs, Node ${process.version}`,
  );
  const samples = new Map<Variant, Array<{ rps: number; p50: number; p99: number }>>(variants.map((v) => [v, []]));
  // All variants run at once (an idle server costs nothing) and take turns, so each sees the same machine over time.
  const servers = new Map<Variant, { child: ChildProcess; port: number }>();
  try {
    for (const variant of variants)
      servers.set(variant, await startProcess("bench/server.ts", { ...env, BENCH_VARIANT: variant }));
    const url = (variant: Variant) => `http://127.0.0.1:${servers.get(variant)!.port}/users`;
    for (const variant of variants) await measure(url(variant), token, 2); // warm-up: JIT, pools, caches
    for (let round = 1; round <= rounds; round++) {
      // Rotate the order each round so a noisy neighbour does not always hit the same variant.
      const order = variants.map((_, i) => variants[(i + round - 1) % variants.length]!);
      for (const variant of order) {
        const sample = await measure(url(variant), token, seconds);
        samples.get(variant)!.push(sample);
        console.log(`  round ${round} ${variant.padEnd(10)} ${sample.rps.toFixed(0).padStart(7)} req/s`);
      }
    }
  } finally {
    for (const server of servers.values()) await stop(server.child);
    await stop(jwks.child);
  }

  // CPU per verification, in-process and without HTTP: less sensitive to a busy machine than req/s.
  const fakeFetch = (async () => new Response(JSON.stringify({ keys: [key.publicJwk] }))) as typeof fetch;
  const perCall = async (n: number, fn: () => unknown) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await fn();
    return Number(process.hrtime.bigint() - t0) / n / 1000;
  };
  const cached = new CognitoTokenVerifier({ issuer, clientIds: [clientId], tokenUse: "id", fetch: fakeFetch });
  const uncached = new CognitoTokenVerifier({
    issuer,
    clientIds: [clientId],
    tokenUse: "id",
    fetch: fakeFetch,
    cacheMaxEntries: 0,
  });
  await cached.hydrate();
  await uncached.hydrate();
  const jwk = key.publicJwk as jwkToPem.JWK;
  const micro = {
    "requireAuth verify, cached token": await perCall(50_000, () => cached.verify(token)),
    "requireAuth verify, cache off (RS256 each time)": await perCall(3_000, () => uncached.verify(token)),
    "tutorial: JWK→PEM + jsonwebtoken.verify (no download)": await perCall(3_000, () =>
      jwt.verify(token, jwkToPem(jwk), { algorithms: ["RS256"], issuer }),
    ),
  };

  const summary = new Map(
    variants.map((v) => {
      const s = samples.get(v)!;
      return [
        v,
        { rps: median(s.map((x) => x.rps)), p50: median(s.map((x) => x.p50)), p99: median(s.map((x) => x.p99)) },
      ] as const;
    }),
  );
  const off = summary.get("off")!.rps;
  console.log("\n| variant | req/s (median) | p50 ms | p99 ms | vs auth off |");
  console.log("| --- | ---: | ---: | ---: | ---: |");
  for (const [variant, s] of summary)
    console.log(`| ${variant} | ${s.rps.toFixed(0)} | ${s.p50} | ${s.p99} | ${(s.rps / off).toFixed(2)}× |`);
  const on = summary.get("on")!.rps;
  const tutorial = summary.get("tutorial")!.rps;
  console.log(`\nauth on / auth off:        ${(on / off).toFixed(2)}× (target ≥ 0.90×)`);
  console.log(`ours / tutorial pattern:   ${(on / tutorial).toFixed(1)}×`);
  console.log(`tutorial / auth off:       ${(tutorial / off).toFixed(2)}×`);
  console.log(`no token cache / auth off: ${(summary.get("on-nocache")!.rps / off).toFixed(2)}×`);
  console.log("\n| in-process cost per call | µs |\n| --- | ---: |");
  for (const [name, us] of Object.entries(micro)) console.log(`| ${name} | ${us.toFixed(1)} |`);
}

await main();

// Soak run (not in CI, not part of `npm run bench`): mixed traffic against one server for a while,
// sampling its memory and open files, to see whether either grows once warmed up.
//   npm run bench:soak -w apps/userpool -- --minutes 20     (default 20; BENCH_WORKERS=2 for the cluster)
//   --bundle: builds and runs the production bundle (node dist/main.js, as `start:prod`) instead of the sources
//   under tsx, which hold ~50 MB more of compiler and module graph; --heap-snapshots DIR: the server writes a V8
//   heap snapshot (SIGUSR2, --heapsnapshot-signal) to DIR at the end of warm-up and at the end, to diff in
//   DevTools. Writing one left the bundle ~110 MB more resident for the rest of the run (measured, 2026-12-07):
//   a run with snapshots finds what the heap holds; its RSS figures do not count.
//   BENCH_SOAK_RPS=20 (operations started per second, paced so the shared machine keeps its other users),
//   SQLite by default, PostgreSQL with USERPOOL_DATABASE_URL.
// Traffic, by weight: SRP sign-in 4, refresh 4, GetUser 4, sign-up (SignUp + AdminConfirmSignUp) 1,
// ListUsers 1 (SigV4). Every 10 s it samples VmRSS and the count of /proc/<pid>/fd of each server process
// (primary and workers). Growth is reported from the end of warm-up (the first fifth of the run, at least a
// minute when the run allows) to the end, as MB and MB per hour, and the errors seen, if any. It also reads the
// V8 heap in use from the server's /metrics (prom-client's process metrics; one worker only): its lowest value in
// each window is close to what survives a collection, so a flat floor with rising RSS is the heap sizing itself.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CognitoIdentityProviderClient, ListUsersCommand } from "@aws-sdk/client-cognito-identity-provider";
import { PRODUCTION_NODE_FLAGS } from "../src/nodeFlags.js";
import { benchClient, ephemerals, srpSignIn } from "./client.js";
import { treeMemory } from "./procCpu.js";
import { benchUser, startWorkerServer } from "./workers.js";

const SAMPLE_MS = 10_000;
const POOL_ID = "us-east-1_AuthHub01";
const CLIENT_ID = "authhubwebclientlocaldev01";

const flag = (name: string) => process.argv.includes(name);
const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

function minutesArg(): number {
  const i = process.argv.indexOf("--minutes");
  const v = i >= 0 ? Number(process.argv[i + 1]) : 20;
  if (!(v > 0)) throw new Error(`--minutes must be a positive number, got ${process.argv[i + 1]}`);
  return v;
}

interface Sample {
  atS: number;
  rssMb: number;
  fds: number;
  ops: number;
  heapUsedMb: number | undefined;
}

/** nodejs_heap_size_used_bytes from /metrics, or undefined when it cannot be read (the cluster's, a slow answer). */
async function heapUsedMb(url: string): Promise<number | undefined> {
  try {
    const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
    const v = Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1]);
    return Number.isFinite(v) ? v / 1024 / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const minutes = minutesArg();
  const rps = Number(process.env.BENCH_SOAK_RPS ?? 20);
  const workers = process.env.BENCH_WORKERS ?? "1";
  const bundle = flag("--bundle");
  const snapshots = argValue("--heap-snapshots");
  const pkg = fileURLToPath(new URL("..", import.meta.url));
  if (bundle) execFileSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], { cwd: pkg, stdio: "inherit" });
  if (snapshots) mkdirSync(snapshots, { recursive: true });
  const server = await startWorkerServer(
    // As `npm run start:prod` runs it, logs at info to stdout (read by startWorkerServer, not kept).
    {
      BENCH_WORKERS: workers,
      USERPOOL_WORKERS: workers,
      USERPOOL_LOG_LEVEL: "info",
      // glibc's malloc arenas (one per thread that allocates, up to 8 per core): the A/B of BENCHMARKS.md.
      ...(process.env.MALLOC_ARENA_MAX ? { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX } : {}),
    },
    bundle
      ? [
          ...(snapshots ? ["--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${snapshots}`] : []),
          // The production flags, as `start:prod` passes them; BENCH_SOAK_NODE_ARGS replaces them for an A/B
          // (BENCH_SOAK_NODE_ARGS= runs with none: V8's own young-generation sizing, ADR 0049).
          ...(process.env.BENCH_SOAK_NODE_ARGS !== undefined
            ? process.env.BENCH_SOAK_NODE_ARGS.split(/\s+/u).filter(Boolean)
            : PRODUCTION_NODE_FLAGS),
          `${pkg}/dist/main.js`,
        ]
      : undefined,
  );
  if (snapshots && !bundle) throw new Error("--heap-snapshots needs --bundle");
  const client = benchClient(server.url, 8);
  const admin = new CognitoIdentityProviderClient({
    endpoint: server.url,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const errors = new Map<string, number>();
  let ops = 0;
  try {
    const user = await benchUser(server.url, client, "soak");
    const signedIn = await srpSignIn(client, user, ephemerals(1)[0]!);
    const { RefreshToken, AccessToken } = signedIn.AuthenticationResult ?? signedIn;
    let accessToken: string = AccessToken;
    const eph = ephemerals(256);
    let e = 0;
    const kinds: [number, () => Promise<unknown>][] = [
      [4, () => srpSignIn(client, user, eph[e++ % eph.length]!)],
      [
        4,
        async () => {
          const r = await client.call("GetTokensFromRefreshToken", { ClientId: CLIENT_ID, RefreshToken });
          accessToken = r.AuthenticationResult.AccessToken;
        },
      ],
      [4, () => client.call("GetUser", { AccessToken: accessToken })],
      [1, () => benchUser(server.url, client, "soak")],
      [1, () => admin.send(new ListUsersCommand({ UserPoolId: POOL_ID, Limit: 60 }))],
    ];
    const wheel = kinds.flatMap(([w, op]) => Array.from({ length: w }, () => op));
    const samples: Sample[] = [];
    const t0 = Date.now();
    const end = t0 + minutes * 60_000;
    const sample = async () => {
      const m = treeMemory(server.child.pid!);
      const s: Sample = {
        atS: Math.round((Date.now() - t0) / 1000),
        rssMb: m.reduce((a, x) => a + x.rssMb, 0),
        fds: m.reduce((a, x) => a + x.fds, 0),
        ops,
        heapUsedMb: workers === "1" ? await heapUsedMb(server.url) : undefined,
      };
      samples.push(s);
      console.log(
        `  ${s.atS} s: ${s.ops} operations, RSS ${s.rssMb.toFixed(1)} MB, ${s.fds} open fds` +
          (s.heapUsedMb === undefined ? "" : `, V8 heap used ${s.heapUsedMb.toFixed(1)} MB`),
      );
    };
    const warmS = Math.min(Math.max(60, (minutes * 60) / 5), (minutes * 60) / 2);
    let snapshotsTaken = 0;
    const snapshot = () => {
      if (!snapshots) return;
      snapshotsTaken++;
      server.child.kill("SIGUSR2");
      console.log(`  heap snapshot ${snapshotsTaken} requested (in ${snapshots})`);
    };
    await sample();
    const timer = setInterval(() => {
      void sample().then(() => {
        if (snapshotsTaken === 0 && samples.at(-1)!.atS >= warmS) snapshot();
      });
    }, SAMPLE_MS);
    const inFlight = new Set<Promise<void>>();
    let n = 0;
    while (Date.now() < end) {
      const op = wheel[n++ % wheel.length]!;
      const p = op().then(
        () => void ops++,
        (err: Error) => void errors.set(err.message.slice(0, 80), (errors.get(err.message.slice(0, 80)) ?? 0) + 1),
      );
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      // Paced, and never more than 16 in flight: a slow server is measured, not buried.
      await new Promise((r) => setTimeout(r, 1000 / rps));
      while (inFlight.size >= 16) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    clearInterval(timer);
    await sample();
    if (snapshots) {
      snapshot();
      // Writing one takes seconds; the server must not be stopped before it is done.
      await new Promise((r) => setTimeout(r, 20_000));
    }
    const from = samples.find((s) => s.atS >= warmS) ?? samples[0]!;
    const last = samples.at(-1)!;
    const hours = (last.atS - from.atS) / 3600;
    const peak = Math.max(...samples.filter((s) => s.atS >= from.atS).map((s) => s.rssMb));
    const perSecond = (last.ops / last.atS).toFixed(1);
    console.log(
      `\nsoak: ${(last.atS / 60).toFixed(1)} min run, ${last.ops} operations (${perSecond}/s), ${workers} worker(s)`,
    );
    console.log(
      `after warm-up (${from.atS} s → ${last.atS} s): RSS ${from.rssMb.toFixed(1)} → ${last.rssMb.toFixed(1)} MB ` +
        `(${(last.rssMb - from.rssMb).toFixed(1)} MB, ${((last.rssMb - from.rssMb) / hours).toFixed(1)} MB/h; ` +
        `peak ${peak.toFixed(1)} MB), open fds ${from.fds} → ${last.fds}`,
    );
    // Lowest heap in use of the first and last thirds after warm-up: close to what each collection leaves.
    const after = samples.filter((s) => s.atS >= from.atS && s.heapUsedMb !== undefined);
    if (after.length >= 3) {
      const third = Math.floor(after.length / 3);
      const floor = (xs: Sample[]) => Math.min(...xs.map((s) => s.heapUsedMb!));
      console.log(
        `V8 heap used, lowest sample: first third after warm-up ${floor(after.slice(0, third)).toFixed(1)} MB, ` +
          `last third ${floor(after.slice(-third)).toFixed(1)} MB`,
      );
    }
    console.log(`errors: ${errors.size ? JSON.stringify(Object.fromEntries(errors)) : "none"}`);
  } finally {
    admin.destroy();
    client.close();
    await server.stop();
  }
}

await main();

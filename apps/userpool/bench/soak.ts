// Soak run (not in CI, not part of `npm run bench`): mixed traffic against one server for a while,
// sampling its memory and open files, to see whether either grows once warmed up.
//   npm run bench:soak -w apps/userpool -- --minutes 20     (default 20; BENCH_WORKERS=2 for the cluster)
//   BENCH_SOAK_RPS=20 (operations started per second, paced so the shared machine keeps its other users),
//   SQLite by default, PostgreSQL with USERPOOL_DATABASE_URL.
// Traffic, by weight: SRP sign-in 4, refresh 4, GetUser 4, sign-up (SignUp + AdminConfirmSignUp) 1,
// ListUsers 1 (SigV4). Every 10 s it samples VmRSS and the count of /proc/<pid>/fd of each server process
// (primary and workers). Growth is reported from the end of warm-up (the first fifth of the run, at least a
// minute when the run allows) to the end, as MB and MB per hour, and the errors seen, if any.
import { CognitoIdentityProviderClient, ListUsersCommand } from "@aws-sdk/client-cognito-identity-provider";
import { benchClient, ephemerals, srpSignIn } from "./client.js";
import { treeMemory } from "./procCpu.js";
import { benchUser, startWorkerServer } from "./workers.js";

const SAMPLE_MS = 10_000;
const POOL_ID = "us-east-1_AuthHub01";
const CLIENT_ID = "authhubwebclientlocaldev01";

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
}

async function main(): Promise<void> {
  const minutes = minutesArg();
  const rps = Number(process.env.BENCH_SOAK_RPS ?? 20);
  const workers = process.env.BENCH_WORKERS ?? "1";
  const server = await startWorkerServer({ BENCH_WORKERS: workers });
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
    const sample = () => {
      const m = treeMemory(server.child.pid!);
      const s = {
        atS: Math.round((Date.now() - t0) / 1000),
        rssMb: m.reduce((a, x) => a + x.rssMb, 0),
        fds: m.reduce((a, x) => a + x.fds, 0),
        ops,
      };
      samples.push(s);
      console.log(`  ${s.atS} s: ${s.ops} operations, RSS ${s.rssMb.toFixed(1)} MB, ${s.fds} open fds`);
    };
    sample();
    const timer = setInterval(sample, SAMPLE_MS);
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
    sample();
    const warmS = Math.min(Math.max(60, (minutes * 60) / 5), (minutes * 60) / 2);
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
    console.log(`errors: ${errors.size ? JSON.stringify(Object.fromEntries(errors)) : "none"}`);
  } finally {
    admin.destroy();
    client.close();
    await server.stop();
  }
}

await main();

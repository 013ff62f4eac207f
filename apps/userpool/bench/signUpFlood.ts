// The SignUp rate one client gets (not a test: the figures depend on the machine). A bounded flood of
// SignUps with new usernames on loopback against the server in its own process, once per setting of
// its request-rate limits:
//   npm exec -w apps/userpool -- tsx bench/signUpFlood.ts      SQLite; PostgreSQL with USERPOOL_DATABASE_URL
//   FLOOD_LIMITS=off,defaults,categories (BENCH_RATE_LIMITS of bench/serverProcess.ts), FLOOD_COUNT=2000,
//   FLOOD_SECONDS=20 (whichever ends first), FLOOD_CONCURRENCY=4.
// "defaults" are production's (USERPOOL_RATE_LIMITS=on): UserCreation 50/s per pool and SignUp 20 per
// address and minute. The server runs the committed development config (mail to the development
// mailbox in the database, not SMTP).
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createPgTestSchema } from "../test/support/engines.js";
import { benchClient } from "./client.js";

const CLIENT_ID = "authhubwebclientlocaldev01";
const int = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${process.env[name]}`);
  return v;
};
const COUNT = int("FLOOD_COUNT", 2000);
const SECONDS = int("FLOOD_SECONDS", 20);
const CONCURRENCY = int("FLOOD_CONCURRENCY", 4);
const SETTINGS = (process.env.FLOOD_LIMITS ?? "off,defaults,categories").split(",");

function startServer(
  rateLimits: string,
  databaseUrl: string | undefined,
): Promise<{ url: string; stop(): Promise<void> }> {
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_RATE_LIMITS: rateLimits, BENCH_LOG_LEVEL: "warn" };
  if (databaseUrl) env.USERPOOL_DATABASE_URL = databaseUrl;
  else delete env.USERPOOL_DATABASE_URL;
  const child: ChildProcess = fork(fileURLToPath(new URL("./serverProcess.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env,
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the server process exited with ${code} before it was ready`)));
    child.once("message", (m: { ready?: string }) => {
      if (!m.ready) return reject(new Error("unexpected message from the server process"));
      resolve({
        url: m.ready,
        stop: () =>
          new Promise((res) => {
            child.removeAllListeners("exit");
            child.once("exit", () => res());
            child.send("stop");
          }),
      });
    });
  });
}

async function flood(url: string): Promise<{ attempts: number; outcomes: Record<string, number>; seconds: number }> {
  const client = benchClient(url, CONCURRENCY);
  const outcomes: Record<string, number> = {};
  let next = 0;
  const t0 = performance.now();
  const deadline = t0 + SECONDS * 1000;
  const run = `${process.pid}.${Date.now()}`;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < COUNT && performance.now() < deadline; i = next++) {
        let outcome = "accepted";
        try {
          await client.call("SignUp", {
            ClientId: CLIENT_ID,
            Username: `flood.${run}.${i}@example.com`,
            Password: "Flood-Passw0rd!",
          });
        } catch (e) {
          outcome = /^SignUp: (\w+):/.exec((e as Error).message)?.[1] ?? "transport error";
        }
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  client.close();
  return { attempts: Object.values(outcomes).reduce((a, b) => a + b, 0), outcomes, seconds };
}

async function main(): Promise<void> {
  const pgUrl = process.env.USERPOOL_DATABASE_URL;
  console.log(
    `SignUp flood: up to ${COUNT} SignUps or ${SECONDS} s, ${CONCURRENCY} in flight, ` +
      `one client address (loopback), ${pgUrl ? "PostgreSQL" : "SQLite"}`,
  );
  for (const setting of SETTINGS) {
    const schema = pgUrl ? await createPgTestSchema(pgUrl, "flood") : undefined;
    const server = await startServer(setting, schema?.url);
    try {
      const r = await flood(server.url);
      const accepted = r.outcomes.accepted ?? 0;
      const detail = Object.entries(r.outcomes)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ");
      console.log(
        `  limits ${setting.padEnd(10)} ${r.attempts} attempts in ${r.seconds.toFixed(1)} s ` +
          `(${(r.attempts / r.seconds).toFixed(0)}/s): ${detail}; accepted ${(accepted / r.seconds).toFixed(1)}/s`,
      );
    } finally {
      await server.stop();
      await schema?.drop();
    }
  }
}

await main();

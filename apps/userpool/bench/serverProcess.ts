// The server under benchmark, in its own process so its CPU time can be read apart from the client's.
// Started by bench/run.ts over IPC: replies "ready" with the URL, answers "cpu" with process.cpuUsage()
// (every thread of the process: JavaScript, GC and JIT helpers, libuv pool) and { bound: n } with the
// bound's CPU ms per sign-in measured over n iterations, and { advance: ms } by moving the server's clock
// on (the TOTP sign-ins need a fresh time step for each user's next code: a step is used once).
import { pino } from "pino";
import { MAX_LIMIT, type RateLimitOverrides } from "../src/config/rateLimits.js";
import { startUserpool } from "../src/main.js";
import { ADDRESS_ENDPOINTS, CATEGORIES } from "../src/services/requestRates/categories.js";
import { measureRs256, measureSrpMath } from "./bound.js";

// Logging as deployed: one JSON line per request at info level, written synchronously (pino's default
// for stdout), here to /dev/null or BENCH_LOG_FILE, so the benchmark pays for every log line.
const logLevel = process.env.BENCH_LOG_LEVEL ?? "info";
// BENCH_RATE_LIMITS: off (the default: nothing counted); counted (every request-rate limit on and
// counted in the database, as deployed, each set so high that none refuses: what counting costs);
// defaults (production's defaults, USERPOOL_RATE_LIMITS=on); categories (those without the per-address limits).
const max = <N extends string>(names: readonly N[]) =>
  Object.fromEntries(names.map((n) => [n, MAX_LIMIT])) as Record<N, number>;
const RATE_LIMITS: Record<string, RateLimitOverrides> = {
  off: { mode: "off" },
  counted: { mode: "on", categories: max(CATEGORIES), addresses: max(ADDRESS_ENDPOINTS) },
  defaults: { mode: "on" },
  categories: { mode: "on", addresses: Object.fromEntries(ADDRESS_ENDPOINTS.map((e) => [e, "off"])) },
};
const rateLimits = RATE_LIMITS[process.env.BENCH_RATE_LIMITS ?? "off"];
if (!rateLimits) throw new Error(`BENCH_RATE_LIMITS must be one of ${Object.keys(RATE_LIMITS).join(", ")}`);
// Real time plus an offset the runner moves; it tracks the same offset to compute TOTP codes.
let offsetMs = 0;
const up = await startUserpool({
  clock: { now: () => new Date(Date.now() + offsetMs) },
  logLevel,
  rateLimits,
  logDestination: pino.destination({ dest: process.env.BENCH_LOG_FILE ?? "/dev/null", sync: true }),
  // BENCH_TOKEN_CACHE=off: no verified-token cache (the A/B of bench/peer.ts's third server).
  ...(process.env.BENCH_TOKEN_CACHE === "off" ? { verifiedAccessTokens: 0 } : {}),
  ...(process.env.USERPOOL_DATABASE_URL ? { databaseUrl: process.env.USERPOOL_DATABASE_URL } : {}),
});
process.on("message", (m: unknown) => {
  if (m === "cpu") process.send!({ cpu: process.cpuUsage() });
  // The bound is measured here, in the server's own process and between load rounds, so both
  // figures see the same machine conditions (the benchmark machine is shared and noisy).
  if (typeof m === "object" && m !== null && "bound" in m) {
    const n = (m as { bound: number }).bound;
    void measureSrpMath(n).then((srp) => process.send!({ srpMs: srp.msPerOp, rsaMs: measureRs256(n).msPerOp }));
  }
  if (typeof m === "object" && m !== null && "advance" in m) {
    offsetMs += (m as { advance: number }).advance;
    process.send!({ offsetMs });
  }
  if (m === "stop") void up.close().then(() => process.exit(0));
});
process.send!({ ready: up.url });

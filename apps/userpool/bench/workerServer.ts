// The server of bench/workers.ts and bench/soak.ts: src/main.ts's start path (USERPOOL_WORKERS via
// src/cluster.ts) with the benchmark's settings: logs at info to /dev/null (as deployed, each request
// pays for its line), BENCH_RS256=inline signs tokens on the event loop (the A/B of crypto/rs256.ts).
// BENCH_WORKERS=N starts N worker processes; the primary prints "ready <url>" once all listen.
import cluster from "node:cluster";
import { pino } from "pino";
import { clusterWorkerRole, reportReady, runPrimary } from "../src/cluster.js";
import { inlineRs256 } from "../src/crypto/rs256.js";
import { startUserpool } from "../src/main.js";

const workers = Number(process.env.BENCH_WORKERS ?? 1);
if (cluster.isPrimary && workers > 1) {
  await runPrimary(workers);
} else {
  const role = clusterWorkerRole();
  const up = await startUserpool({
    env: process.env,
    logLevel: "info",
    logDestination: pino.destination({ dest: "/dev/null", sync: true }),
    ...(process.env.BENCH_RS256 === "inline" ? { rs256: inlineRs256 } : {}),
    ...(role && !role.first ? { housekeeping: false } : {}),
  });
  if (role) reportReady(`userpool listening on ${up.url}\n`);
  else process.stdout.write(`userpool listening on ${up.url}\n`);
  const stop = () => void up.close().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

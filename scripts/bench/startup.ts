/**
 * How long `npm start`'s stack takes to be ready, and to stop: cold (fresh data directory: RSA keys,
 * dev CA, migrations, seed) and warm (the data reused, as a second `npm start`). Each run builds the
 * web app too, as npm start does. Runs in-process on free ports; prints medians and ranges.
 *
 *   npm run bench:stack [-- --runs 5]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startStack } from "../stack.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(values.runs);
const FREE = { userpool: 0, userpoolHttps: 0, api: 0, web: 0 };
const quiet = { write: () => {} };

async function once(dataDir: string): Promise<{ start: number; stop: number }> {
  const t0 = performance.now();
  const stack = await startStack({ ports: FREE, dataDir, logOutput: quiet, logLevel: "warn", env: {} });
  const t1 = performance.now();
  await stack.close();
  return { start: t1 - t0, stop: performance.now() - t1 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) =>
  `median ${median(xs).toFixed(0)} ms ` +
  `(min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, n=${xs.length})`;

const cold: { start: number; stop: number }[] = [];
const warm: { start: number; stop: number }[] = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), "authhub-bench-stack-"));
  try {
    cold.push(await once(dir));
    warm.push(await once(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`stack start, cold (fresh data dir): ${fmt(cold.map((r) => r.start))}`);
console.log(`stack start, warm (data reused):    ${fmt(warm.map((r) => r.start))}`);
console.log(`stack stop:                         ${fmt([...cold, ...warm].map((r) => r.stop))}`);
console.log(
  `(${cpus().length} cores, 1-minute load ${loadavg()[0]!.toFixed(2)} at the end: figures on a busy machine are noisy)`,
);

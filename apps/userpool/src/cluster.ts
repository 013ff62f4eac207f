/**
 * Every core: `USERPOOL_WORKERS=N` (or `--workers N`, `auto` = one per core) runs N server processes
 * under node:cluster, sharing the listeners. The primary serves nothing; it starts the first worker
 * alone (it runs the migrations, applies the config file, creates the development CA and data key), then
 * the others, and replaces a worker that dies. Only the first worker runs housekeeping. Every piece of
 * state a request leaves behind (lockouts, quotas, rate counters, codes, SRP challenges, refresh
 * tokens) lives in the database, so the workers behave as one server (ADR 0038).
 */
import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import { readVariable } from "./config/env.js";
import { ConfigError } from "./config/errors.js";

/** Tells a worker which role the primary gave it (internal: set by the primary, never by an operator). */
const ROLE_VARIABLE = "USERPOOL_CLUSTER_ROLE";
/** A worker that dies is replaced after this pause, so a crash loop cannot spin the CPU. */
const RESTART_DELAY_MS = 1_000;

interface Ready {
  type: "userpool-ready";
  /** What a single process prints to stdout once listening; the primary prints it once for all. */
  announcement: string;
}

/** The number of server processes asked for: `--workers N` wins over USERPOOL_WORKERS; default 1. */
export function workerCountOf(env: NodeJS.ProcessEnv, argv: readonly string[]): number {
  const i = argv.findIndex((a) => a === "--workers" || a.startsWith("--workers="));
  let value: number | "auto" | undefined;
  if (i >= 0) {
    const arg = argv[i]!;
    const raw = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[i + 1];
    if (raw === undefined) throw new ConfigError('--workers needs a value: an integer or "auto"');
    value = readVariable("USERPOOL_WORKERS", raw.trim());
  } else {
    value = readVariable("USERPOOL_WORKERS", env.USERPOOL_WORKERS);
  }
  if (value === undefined) return 1;
  return value === "auto" ? availableParallelism() : value;
}

/** In a cluster worker, its role; undefined in a process of its own. */
export function clusterWorkerRole(): { first: boolean } | undefined {
  return cluster.isWorker ? { first: process.env[ROLE_VARIABLE] === "first" } : undefined;
}

/** A worker tells the primary it listens; the primary prints the announcement once. */
export function reportReady(announcement: string): void {
  process.send!({ type: "userpool-ready", announcement } satisfies Ready);
}

/**
 * The primary: starts `count` workers (the first alone, then the rest together), prints the first
 * worker's announcement once all listen, replaces workers that die, and on SIGINT/SIGTERM stops them
 * all and exits 0 once every worker has (1 when one of them failed to stop cleanly).
 */
export async function runPrimary(count: number): Promise<void> {
  let stopping = false;
  let serving = false;
  let failedStops = 0;
  /** Set when a worker could not start: the primary exits with that worker's code (78: configuration). */
  let startFailure: number | undefined;
  const exit = () => process.exit(startFailure ?? (failedStops ? 1 : 0));
  const live = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
  // Installed before the first fork: a stop during start-up stops the workers started so far too.
  const stop = () => {
    stopping = true;
    const workers = live();
    if (!workers.length) exit();
    for (const w of workers) w.process.kill("SIGTERM");
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const fork = (first: boolean): Worker => cluster.fork({ [ROLE_VARIABLE]: first ? "first" : "other" });
  const ready = (w: Worker) =>
    new Promise<string>((resolve, reject) => {
      const onMessage = (m: unknown) => {
        if ((m as Ready | undefined)?.type !== "userpool-ready") return;
        w.off("exit", onExit);
        resolve((m as Ready).announcement);
      };
      // The worker already wrote why to the shared stderr; the primary exits with its code.
      const onExit = (code: number | null) => {
        w.off("message", onMessage);
        reject(Object.assign(new Error(`worker ${w.process.pid} exited with ${code}`), { exitCode: code ?? 1 }));
      };
      w.on("message", onMessage);
      w.once("exit", onExit);
    });

  let first = fork(true);
  cluster.on("exit", (w, code, signal) => {
    if (stopping) {
      if (code !== 0) failedStops++;
      if (!live().length) exit();
      return;
    }
    if (!serving) return;
    const wasFirst = w === first;
    process.stderr.write(`userpool: worker ${w.process.pid} died (${signal ?? code}); starting a new one\n`);
    setTimeout(() => {
      if (stopping) return;
      const replacement = fork(wasFirst);
      if (wasFirst) first = replacement;
      void ready(replacement).catch(() => {});
    }, RESTART_DELAY_MS).unref();
  });
  try {
    const announcement = await ready(first);
    if (stopping) return;
    const others = Array.from({ length: count - 1 }, () => fork(false));
    await Promise.all(others.map(ready));
    if (stopping) return;
    serving = true;
    process.stdout.write(`${announcement.replace(/\n$/, "")}\n`);
    process.stdout.write(`userpool: ${count} worker processes (USERPOOL_WORKERS), pids ${pids([first, ...others])}\n`);
  } catch (e) {
    if (stopping) return;
    // One worker could not start (its error is on stderr): stop the others and exit with its code.
    startFailure = (e as { exitCode?: number }).exitCode ?? 1;
    stop();
  }
}

function pids(workers: Worker[]): string {
  return workers.map((w) => w.process.pid).join(", ");
}

/**
 * Liveness, readiness and the metrics endpoint, on both listeners (metrics: the JSON API's only).
 * `/health` answers without touching anything (the process and its event loop are alive);
 * `/ready` says whether this instance can serve: the database answers within a short time and
 * holds exactly the migrations this code ships. Load balancers route by `/ready`; orchestrators
 * restart by `/health` (a database outage must not restart every instance).
 */
import { timingSafeEqual } from "node:crypto";
import type { Request, Response } from "express";
import type { Logger } from "../log.js";
import type { Metrics } from "../observability/metrics.js";
import type { HealthStore } from "../store/index.js";
import { migrations } from "../store/migrations/index.js";

/** A health check must answer promptly; a dead PostgreSQL host can hang a connect for minutes. */
export const READY_TIMEOUT_MS = 2000;

export function health(_req: Request, res: Response): void {
  res.set("Cache-Control", "no-store").json({ status: "ok" });
}

/** Why the instance is not ready, or undefined when it is. */
export async function notReadyReason(store: HealthStore, timeoutMs = READY_TIMEOUT_MS): Promise<string | undefined> {
  try {
    await withTimeout(store.ping(), timeoutMs);
  } catch (e) {
    return e instanceof TimeoutError
      ? `the database did not answer within ${timeoutMs} ms`
      : "the database is unreachable";
  }
  let applied: string[];
  try {
    applied = await withTimeout(store.appliedMigrations(), timeoutMs);
  } catch {
    return "the database's migration table could not be read";
  }
  const expected = Object.keys(migrations);
  const missing = expected.filter((m) => !applied.includes(m));
  if (missing.length) return `migrations not applied: ${missing.join(", ")}`;
  const unknown = applied.filter((m) => !expected.includes(m));
  // A newer version migrated this database: this code does not know its schema.
  if (unknown.length) return `the database has migrations this version does not know: ${unknown.join(", ")}`;
  return undefined;
}

export function ready(store: HealthStore, log: Logger, timeoutMs = READY_TIMEOUT_MS) {
  return async (_req: Request, res: Response): Promise<void> => {
    const reason = await notReadyReason(store, timeoutMs);
    res.set("Cache-Control", "no-store");
    if (!reason) {
      res.json({ status: "ready" });
      return;
    }
    log.warn({ reason }, "not ready");
    res.status(503).json({ status: "unavailable", reason });
  };
}

/**
 * `GET /metrics` in Prometheus' text format. With a token configured the scraper must send it as
 * a bearer token (compared in constant time); production refuses to serve metrics without one.
 */
export function metricsEndpoint(metrics: Metrics, token: string | undefined) {
  const expected = token === undefined ? undefined : Buffer.from(token);
  return async (req: Request, res: Response): Promise<void> => {
    if (expected && !bearerMatches(req.headers.authorization, expected)) {
      res
        .status(401)
        .set({ "WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store" })
        .json({ message: "Metrics need the configured bearer token (USERPOOL_METRICS_TOKEN)." });
      return;
    }
    const out = await metrics.render();
    res.set({ "Content-Type": out.contentType, "Cache-Control": "no-store" }).send(out.body);
  };
}

function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const m = header?.match(/^Bearer (\S+)$/i);
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

class TimeoutError extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), ms);
  });
  // A late rejection of the raced promise is nobody's business.
  p.catch(() => undefined);
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

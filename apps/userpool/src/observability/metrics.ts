/**
 * The Prometheus metrics (docs/userpool/operations.md lists each). Every label takes values from a
 * set fixed by the code: operation names of the registry, route templates, AWS error names of our
 * error table, Cognito's challenge names and trigger sources. User names, pool IDs (pools can be
 * created through the API, so their number has no bound) and raw paths never become labels.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { PoolState } from "../store/health.js";

export type Listener = "api" | "hosted";

/** What a sign-in attempt (InitiateAuth and the challenge answers) came to. */
export type SignInOutcome =
  | "success"
  | "challenge"
  | "wrong_password"
  | "locked"
  | "not_authorized"
  | "user_not_found"
  | "user_not_confirmed"
  | "password_reset_required"
  | "wrong_code"
  | "expired_code"
  | "error";

export type TriggerOutcome = "ok" | "failed" | "timeout";

// Requests mostly take milliseconds; SRP, triggers and a slow database reach seconds.
const SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface Metrics {
  readonly registry: Registry;
  request(r: {
    listener: Listener;
    operation: string;
    status: number;
    errorType?: string | undefined;
    seconds: number;
  }): void;
  signIn(outcome: SignInOutcome, challenge?: string): void;
  trigger(r: { triggerSource: string; outcome: TriggerOutcome; seconds: number }): void;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

export interface MetricsOptions {
  /** The database connection pool now; undefined (SQLite's single handle) leaves the gauge out. */
  poolState?: () => PoolState | undefined;
  /** Node.js process metrics (CPU, memory, event loop lag, GC); on unless a test turns them off. */
  processMetrics?: boolean;
}

/** A registry of its own per server, so two servers in one process (tests) never count into each other. */
export function createMetrics(o: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (o.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "userpool_requests_total",
    help: "Requests answered, by listener, operation (X-Amz-Target name or route template) and HTTP status",
    labelNames: ["listener", "operation", "status"] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: "userpool_request_errors_total",
    help: "Requests answered with an error, by listener, operation and error name (the __type or OAuth error)",
    labelNames: ["listener", "operation", "error"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "userpool_request_duration_seconds",
    help: "Time from the request's arrival to its answer, by listener and operation",
    labelNames: ["listener", "operation"] as const,
    buckets: SECONDS,
    registers: [registry],
  });
  const signIns = new Counter({
    name: "userpool_sign_in_total",
    help: "Sign-in steps (InitiateAuth, RespondToAuthChallenge and their Admin forms) by outcome and challenge issued",
    labelNames: ["outcome", "challenge"] as const,
    registers: [registry],
  });
  const triggers = new Histogram({
    name: "userpool_trigger_duration_seconds",
    help: "Lambda trigger invocations by trigger source and outcome (ok, failed, timeout)",
    labelNames: ["trigger_source", "outcome"] as const,
    buckets: SECONDS,
    registers: [registry],
  });
  const poolState = o.poolState;
  if (poolState) {
    new Gauge({
      name: "userpool_db_pool_connections",
      help: "PostgreSQL connection pool: total open, idle, and requests waiting for a connection",
      labelNames: ["state"] as const,
      registers: [registry],
      collect() {
        const s = poolState();
        if (!s) return;
        this.set({ state: "total" }, s.total);
        this.set({ state: "idle" }, s.idle);
        this.set({ state: "waiting" }, s.waiting);
      },
    });
  }
  return {
    registry,
    request(r) {
      const status = String(r.status);
      requests.inc({ listener: r.listener, operation: r.operation, status });
      if (r.errorType) errors.inc({ listener: r.listener, operation: r.operation, error: r.errorType });
      duration.observe({ listener: r.listener, operation: r.operation }, r.seconds);
    },
    signIn(outcome, challenge) {
      signIns.inc(challenge ? { outcome, challenge } : { outcome, challenge: "" });
    },
    trigger(r) {
      triggers.observe({ trigger_source: r.triggerSource, outcome: r.outcome }, r.seconds);
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

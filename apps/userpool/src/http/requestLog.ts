import { performance } from "node:perf_hooks";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "../log.js";
import type { Listener, Metrics } from "../observability/metrics.js";
import { requestIdFrom, runInRequest } from "../observability/requestContext.js";
import type { Tracing } from "../observability/tracing.js";
import type { Random } from "../random.js";

export interface RequestLine {
  requestId: string;
  method: string;
  path: string;
  status: number;
  operation?: string | undefined;
  errorType?: string | undefined;
  ms: number;
}

/**
 * One structured line per request: request ID, method, path (never the query string, which can
 * hold codes), operation, status, AWS error name and duration. Bodies and headers are not logged.
 */
export function logRequest(log: Logger, r: RequestLine): void {
  const level = r.status >= 500 ? "error" : "info";
  if (!log.isLevelEnabled(level)) return;
  const line: Record<string, unknown> = {
    reqId: r.requestId,
    method: r.method,
    path: r.path,
    status: r.status,
    ms: Math.round(r.ms * 10) / 10,
  };
  if (r.operation) line.op = r.operation;
  if (r.errorType) line.error = r.errorType;
  log[level](line, r.errorType ? "request failed" : "request");
}

/**
 * Express middleware for the routes other than POST / (which logs itself): the request ID (the
 * caller's when well-formed), the request's scope for every later log line, and at the end its
 * log line and metrics. Metrics name the matched route's template (`/oauth2/token`,
 * `/:poolId/.well-known/jwks.json`, `/_console/api/session`), never the path the caller sent.
 */
export function requestLog(
  log: Logger,
  random: Random,
  observe?: {
    metrics: Metrics;
    listener: Listener;
    tracing?: Tracing | undefined;
    /** The deployment's path prefix (the hosted listener's base path), left out of route templates. */
    basePath?: () => string;
  },
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    // Read now: a mounted router (/_console, /_dev/saml) strips its prefix from req.path while it runs,
    // and the response usually finishes inside it.
    const path = req.path;
    const template = captureRouteTemplate(req, observe?.basePath);
    const requestId = requestIdFrom(req.headers, random);
    res.locals.requestId = requestId;
    res.set("x-amzn-RequestId", requestId);
    res.on("finish", () => {
      const ms = performance.now() - started;
      logRequest(log, {
        requestId,
        method: req.method,
        path,
        status: res.statusCode,
        operation: res.locals.operation,
        errorType: res.locals.errorType,
        ms,
      });
      if (!observe) return;
      const operation = template() ?? "unmatched";
      const errorType = res.statusCode >= 400 ? (res.locals.errorType ?? `http_${res.statusCode}`) : undefined;
      observe.metrics.request({
        listener: observe.listener,
        operation,
        status: res.statusCode,
        errorType,
        seconds: ms / 1000,
      });
      observe.tracing?.record({
        name: operation,
        listener: observe.listener,
        requestId,
        startMs: Date.now() - ms,
        durationMs: ms,
        status: res.statusCode,
        errorType,
      });
    });
    runInRequest({ requestId }, next);
  };
}

/**
 * The template of the route that matched, with the prefixes of the routers it is mounted in
 * (`POST /_console/api/op/:operation`); undefined when no route took the request. Read when the router
 * sets `req.route`: by the time the response finishes, an error passed out of a mounted router has
 * restored `req.baseUrl` to the outer one while `req.route` is still the inner route. Mount paths are
 * constants matched without regard to case, so the prefix is lower-cased: the caller's letter case
 * must not make new label values. A deployment's base path is left out, so dashboards read the same
 * `POST /oauth2/token` behind any prefix.
 */
function captureRouteTemplate(req: Request, basePath?: () => string): () => string | undefined {
  let route: unknown;
  let template: string | undefined;
  Object.defineProperty(req, "route", {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: unknown) {
      route = value;
      const inner = (value as { path?: unknown } | undefined)?.path;
      let prefix = req.baseUrl.toLowerCase();
      const base = basePath?.().toLowerCase();
      if (base && (prefix === base || prefix.startsWith(`${base}/`))) prefix = prefix.slice(base.length);
      template =
        typeof inner === "string" ? `${req.method} ${prefix && inner === "/" ? prefix : prefix + inner}` : undefined;
    },
  });
  return () => template;
}

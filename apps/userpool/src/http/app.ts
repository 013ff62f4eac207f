import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import express, { type NextFunction, type Request, type Response } from "express";
import { consoleIndexExists } from "../config/console.js";
import { consoleRouter, type ConsoleOptions, RequestRing } from "../console/index.js";
import { awsErrorResponse, sendWireError, toWireError } from "../errors/translate.js";
import type { Clock } from "../clock.js";
import type { Services } from "../services/index.js";
import { targets } from "../targets/registry.js";
import { addressLimit } from "./addressLimit.js";
import { awsJsonHandler, type AdminAuthenticator, type ExtraJsonService } from "./awsJson.js";
import { authEventFeedback } from "./authEventFeedback.js";
import { confirmUser, confirmUserRefused } from "./confirmUser.js";
import { AdminOrigins, cors } from "./cors.js";
import { devHostOnly } from "./devHosts.js";
import { mailboxPage, messagesJson } from "./devMailbox.js";
import { devSms } from "./devSms.js";
import type { Metrics } from "../observability/metrics.js";
import type { Tracing } from "../observability/tracing.js";
import type { HealthStore } from "../store/index.js";
import { health, metricsEndpoint, ready } from "./health.js";
import { devApiHome } from "./devHome.js";
import { favicon } from "./favicon.js";
import { importUpload, UPLOAD_PATH } from "./importUpload.js";
import { requestLog } from "./requestLog.js";
import { jwks, openidConfiguration } from "./wellKnown.js";

export interface HttpOptions {
  authenticateAdmin: AdminAuthenticator;
  bodyLimit: number;
  /** Serve /_dev/* (development mode only). */
  devRoutes: boolean;
  /** Host names besides loopback that /_dev/* answers to (the configured public bases). */
  devHostnames: readonly string[];
  /** Browser origins that may call admin operations (default: none). */
  adminAllowedOrigins: readonly string[];
  /** Other AWS JSON 1.1 services on `POST /` (development: the KMS stand-in for custom sender triggers). */
  extraServices?: readonly ExtraJsonService[];
  /** Readiness reads the database through this. */
  health: HealthStore;
  /** Requests, sign-ins and triggers are counted here. */
  metrics: Metrics;
  /** One span per request when tracing is on. */
  tracing?: Tracing;
  /** `GET /metrics`: served with this bearer token required (`token` undefined: open), or not at all. */
  metricsEndpoint: { token: string | undefined } | "off";
  /** The admin console at /_console (ADR 0052); without it every /_console path answers 404. */
  console?: Omit<ConsoleOptions, "requests">;
}

type Handler = (req: Request, res: Response) => Promise<void>;
/** Express 5 forwards rejected promises to the error handler; this keeps the types explicit. */
const route = (h: Handler) => (req: Request, res: Response, next: NextFunction) => h(req, res).catch(next);

/**
 * The HTTP surface: the AWS JSON 1.1 API on `POST /` (a plain Node handler: every API call takes
 * it), and an Express app for the rest: preflight, public key documents, link confirmation, dev mailbox.
 */
export function createHttpApp(services: Services, opts: HttpOptions): RequestListener {
  const adminOrigins = new AdminOrigins(opts.adminAllowedOrigins);
  const api = awsJsonHandler(services, targets, { ...opts, adminOrigins });
  const requests = new RequestRing();
  const app = createExpressApp(services, opts, adminOrigins, requests);
  const recordRequests = opts.console?.mode === "development";
  return (req: IncomingMessage, res: ServerResponse) => {
    if (recordRequests) recordRequest(requests, services.clock, req, res);
    if (req.method === "POST" && (req.url === "/" || req.url?.startsWith("/?"))) {
      // The handler answers every error itself; this is for a bug in that answering.
      api(req, res).catch((err) => {
        const r = awsErrorResponse(toWireError(err, services.log, { path: "/" }));
        if (res.headersSent) res.end();
        else res.writeHead(r.status, r.headers).end(r.body);
      });
      return;
    }
    if (req.method === "PUT" && req.url?.startsWith(UPLOAD_PATH)) {
      // Streamed to disk as it arrives, before Express or any body parser sees it.
      void importUpload(services.userImports, services.log, req, res);
      return;
    }
    app(req, res);
  };
}

const notFound = (req: Request, res: Response) =>
  void res.status(404).json({ message: `Not found: ${req.method} ${req.path}` });

/**
 * The console's development request log: method, path without its query, operation, status, duration.
 * The operation is a registered name (from X-Amz-Target on POST /, or the console's own), never caller text.
 */
function recordRequest(ring: RequestRing, clock: Clock, req: IncomingMessage, res: ServerResponse): void {
  const started = performance.now();
  // Read now: Express strips a mounted router's prefix (/_console) from req.url while the router runs.
  const url = req.url ?? "/";
  res.once("finish", () => {
    const q = url.indexOf("?");
    const header = req.headers["x-amz-target"];
    const named = typeof header === "string" ? header.slice(header.indexOf(".") + 1) : undefined;
    const consoleOp = (res as { locals?: { operation?: unknown } }).locals?.operation;
    const operation = typeof consoleOp === "string" ? consoleOp : named && targets.has(named) ? named : undefined;
    ring.record({
      at: clock.now().toISOString(),
      method: req.method ?? "GET",
      path: (q < 0 ? url : url.slice(0, q)).slice(0, 256),
      ...(operation ? { operation } : {}),
      status: res.statusCode,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  });
}

function createExpressApp(
  services: Services,
  opts: HttpOptions,
  adminOrigins: AdminOrigins,
  requests: RequestRing,
): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", "simple");
  app.use(requestLog(services.log, services.random, { metrics: opts.metrics, listener: "api", tracing: opts.tracing }));

  app.options("/", (req, res) => void res.status(204).set(adminOrigins.preflight(req)).end());

  app.options("/:poolId/.well-known/:doc", cors);
  app.get("/:poolId/.well-known/jwks.json", cors, route(jwks(services)));
  app.get("/:poolId/.well-known/openid-configuration", cors, route(openidConfiguration(services)));

  app.get("/confirmUser", addressLimit(services, "GET /confirmUser", confirmUserRefused), route(confirmUser(services)));
  app.get("/authEventFeedback", route(authEventFeedback(services)));
  app.get("/favicon.ico", favicon);
  app.get("/health", health);
  app.get("/ready", route(ready(opts.health, services.log)));
  if (opts.metricsEndpoint !== "off")
    app.get("/metrics", route(metricsEndpoint(opts.metrics, opts.metricsEndpoint.token)));

  if (opts.devRoutes && services.devMailbox) {
    const devOnly = devHostOnly(opts.devHostnames, notFound);
    app.get("/_dev/mailbox", devOnly, route(mailboxPage(services.devMailbox)));
    app.get("/_dev/messages", devOnly, route(messagesJson(services.devMailbox)));
  }
  if (opts.devRoutes && services.devSmsOutbox) {
    app.get("/_dev/sms", devHostOnly(opts.devHostnames, notFound), route(devSms(services.devSmsOutbox)));
  }
  if (opts.devRoutes && services.devMailbox) {
    const consoleDir = opts.console?.config.dir;
    const home = devApiHome(() => services.urls.base(), {
      console: () => opts.console !== undefined && consoleIndexExists(consoleDir),
      sms: !!services.devSmsOutbox,
    });
    app.get("/", devHostOnly(opts.devHostnames, notFound), home);
  }

  const consoleOpts = opts.console;
  app.use(
    "/_console",
    consoleOpts
      ? consoleRouter(services, targets, { ...consoleOpts, requests })
      : (_req: Request, res: Response) => void res.status(404).json({ error: "not_found", message: "Not found." }),
  );

  app.use(notFound);

  // A bug in a route: logged, answered in Cognito's shape without details.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    // The router's refusal of a malformed percent-encoded parameter (/%ZZ/.well-known/jwks.json): such a path
    // names nothing, so it gets the answer of any path that does not exist, not an internal error.
    if (err instanceof URIError) return notFound(req, res);
    sendWireError(res, toWireError(err, services.log, { path: req.path, reqId: res.locals.requestId }));
  });
  return app;
}

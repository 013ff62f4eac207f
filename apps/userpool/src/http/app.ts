import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import express, { type NextFunction, type Request, type Response } from "express";
import { awsErrorResponse, sendWireError, toWireError } from "../errors/translate.js";
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
  const app = createExpressApp(services, opts, adminOrigins);
  return (req: IncomingMessage, res: ServerResponse) => {
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

function createExpressApp(services: Services, opts: HttpOptions, adminOrigins: AdminOrigins): express.Express {
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

  app.use(notFound);

  // A bug in a route: logged, answered in Cognito's shape without details.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    sendWireError(res, toWireError(err, services.log, { path: req.path, reqId: res.locals.requestId }));
  });
  return app;
}

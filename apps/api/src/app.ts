import cors from "cors";
import express, { type Express, type RequestHandler } from "express";
import helmet from "helmet";
import type { AppDb } from "@authhub/appdb";
import { requireAuth, type RequireAuthOptions } from "./auth/requireAuth.js";
import type { TokenVerifier } from "./auth/verifier.js";
import { systemClock, type Clock } from "./clock.js";
import { ApiError, errorHandler, notFound } from "./errors.js";
import { httpLogger, type Logger } from "./logger.js";
import { buildOpenApiDocument } from "./openapi.js";
import { routes } from "./routes/index.js";
import type { Services } from "./routes/types.js";

export interface AppDeps {
  db: AppDb;
  /** Builds the guard for a protected route. Production: `bearerAuth(verifier)`. */
  authenticate: (options: RequireAuthOptions) => RequestHandler;
  logger: Logger;
  /** Exact origins allowed to call the API from a browser. */
  corsOrigins: readonly string[];
  clock?: Clock;
  genReqId?: () => string;
  /** Largest accepted request body. Default 16 KiB: no route takes a body today. */
  bodyLimit?: string;
  version?: string;
}

/** The usual guard: `requireAuth()` with one shared verifier (and so one JWKS and token cache). */
export function bearerAuth(verifier: TokenVerifier): AppDeps["authenticate"] {
  return (options) => requireAuth(verifier, options);
}

/** Builds the Express app from injected dependencies; it neither listens nor reads the environment. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");

  app.use(httpLogger(deps.logger, deps.genReqId));
  app.use(helmet());
  const allowed = new Set(deps.corsOrigins);
  app.use(
    cors({
      // An allowlist, never a reflection of whatever Origin arrives.
      origin: (origin, done) => done(null, origin !== undefined && allowed.has(origin)),
      methods: ["GET", "HEAD", "OPTIONS"],
      allowedHeaders: ["Authorization", "Content-Type", "X-Request-Id"],
      exposedHeaders: ["WWW-Authenticate", "X-Request-Id", "Retry-After"],
      maxAge: 600,
    }),
  );
  app.use(express.json({ limit: deps.bodyLimit ?? "16kb" }));

  const version = deps.version ?? "0.1.0";
  const services: Services = {
    db: deps.db,
    clock: deps.clock ?? systemClock,
    openApiDocument: buildOpenApiDocument(routes, { version }),
  };
  const noStore: RequestHandler = (_req, res, next) => {
    // Per-user answers must not land in shared caches.
    res.setHeader("Cache-Control", "no-store");
    next();
  };

  const methodsByPath = new Map<string, string[]>();
  for (const route of routes) {
    const guard = route.auth ? [noStore, deps.authenticate(route.auth)] : [];
    app[route.method](route.path, ...guard, route.handler(services));
    const methods = methodsByPath.get(route.path) ?? [];
    methods.push(route.method.toUpperCase(), ...(route.method === "get" ? ["HEAD"] : []));
    methodsByPath.set(route.path, methods);
  }
  for (const [path, methods] of methodsByPath) {
    const allow = [...methods, "OPTIONS"].join(", ");
    app.all(path, (_req, _res, next) => next(new ApiError("method_not_allowed", undefined, { Allow: allow })));
  }

  app.use(notFound());
  app.use(errorHandler());
  return app;
}

/**
 * The admin console (issue #26, ADR 0052), mounted at /_console on the JSON API listener: its pages
 * (static.ts) and its API under /_console/api (session, sign-in, CSRF, the operation proxy, the audit
 * log, the development views and the token inspector). Off in production unless configured: then every
 * /_console path answers 404.
 */
import express, { type NextFunction, type Request, type Response } from "express";
import { toWireError } from "../errors/translate.js";
import type { Target } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { listAudit } from "./audit.js";
import {
  ConsoleError,
  type ConsoleContext,
  type ConsoleOptions,
  notFound,
  onlyQuery,
  sendConsoleError,
} from "./context.js";
import { requireCsrf, requireOwnOrigin } from "./csrf.js";
import { devMailbox, devRequests, devSms } from "./devViews.js";
import { runOperation } from "./operations.js";
import { getSession, requireSession, signOut } from "./session.js";
import { respondToStep, signIn } from "./signIn.js";
import { PAGE_HEADERS, serveConsole } from "./static.js";
import { inspectToken } from "./tokenInspect.js";

export type { ConsoleOptions } from "./context.js";
export { RequestRing } from "./requestRing.js";

/** Managed-login styles carry images: as on POST /, up to 2 MB (awsJson.ts, LARGE_BODY_TARGETS). */
const BODY_LIMIT = 2 * 1024 * 1024;

/** POST bodies are JSON: a form post from another site (no preflight) is refused before anything reads it. */
function jsonBody() {
  const parse = express.json({ limit: BODY_LIMIT, type: "application/json" });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== "POST") {
      next();
      return;
    }
    // No body at all (a bare sign-out) is an empty object; a body must be JSON.
    const length = req.headers["content-length"];
    if (req.headers["transfer-encoding"] === undefined && (length === undefined || length === "0")) {
      req.body = {};
      next();
      return;
    }
    if (!req.is("application/json")) {
      next(new ConsoleError(415, "unsupported_media_type", "Send the body as application/json."));
      return;
    }
    // JSON between systems is UTF-8 (RFC 8259, section 8.1); body-parser would also decode UTF-16 and UTF-32.
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(req.headers["content-type"] ?? "")?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
      next(new ConsoleError(415, "unsupported_media_type", "Send the body as UTF-8 JSON."));
      return;
    }
    parse(req, res, next);
  };
}

export function consoleRouter(services: Services, targets: ReadonlyMap<string, Target>, opts: ConsoleOptions) {
  const ctx: ConsoleContext = { ...opts, services, targets };
  const router = express.Router();
  if (opts.config.enabled) {
    // One spelling per route: /OP/ListUsers or /session/ are not the console's routes (404, as any unknown path).
    const api = express.Router({ caseSensitive: true, strict: true });
    api.use((_req, res, next) => {
      res.set(PAGE_HEADERS);
      next();
    });
    // Each route names the query parameters it reads; any other is refused, naming it, not ignored.
    api.get("/session", onlyQuery(), getSession(ctx));
    api.post("/sign-in", requireOwnOrigin(ctx), onlyQuery(), jsonBody(), signIn(ctx));
    api.post("/sign-in/respond", requireOwnOrigin(ctx), onlyQuery(), jsonBody(), respondToStep(ctx));
    // Everything below needs a session, and a state-changing request its CSRF token.
    api.use(requireSession(ctx), requireCsrf(ctx), jsonBody());
    api.post("/sign-out", onlyQuery(), signOut(ctx));
    api.post("/op/:operation", onlyQuery(), runOperation(ctx));
    api.get("/audit", onlyQuery("limit", "before", "who", "operation"), listAudit(ctx));
    api.post("/tokens/inspect", onlyQuery(), inspectToken(ctx));
    if (opts.mode === "development") {
      api.get("/dev/mailbox", onlyQuery("limit"), devMailbox(ctx));
      api.get("/dev/sms", onlyQuery("limit"), devSms(ctx));
      api.get("/dev/requests", onlyQuery("limit"), devRequests(ctx));
    }
    api.use((_req, _res, next) => next(notFound()));
    router.use("/api", api);
    router.use(serveConsole(ctx));
  }
  router.use((_req: Request, _res: Response, next: NextFunction) => next(notFound()));
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return;
    sendConsoleError(res, consoleErrorOf(err, services, req, res));
  });
  return router;
}

/** Body-parser refusals by their type; anything unexpected logged (never sent) and answered as a 500. */
function consoleErrorOf(err: unknown, services: Services, req: Request, res: Response): ConsoleError {
  if (err instanceof ConsoleError) return err;
  // The router decodes `:operation` and throws on malformed percent-encoding (/op/%ZZ): the caller's mistake.
  if (err instanceof URIError)
    return new ConsoleError(400, "invalid_request", "The path is not valid percent-encoding.");
  switch ((err as { type?: unknown }).type) {
    case "entity.parse.failed":
      return new ConsoleError(400, "invalid_json", "The body is not valid JSON.");
    case "entity.too.large":
      return new ConsoleError(413, "too_large", `The body exceeds ${BODY_LIMIT} bytes.`);
    // The client stopped sending (or sent fewer bytes than its Content-Length): nobody may read the answer.
    case "request.aborted":
    case "request.size.invalid":
      return new ConsoleError(400, "invalid_request", "The body ended before its Content-Length.");
    case "encoding.unsupported":
    case "charset.unsupported":
      return new ConsoleError(415, "unsupported_media_type", "Send the body as UTF-8 JSON.");
  }
  toWireError(err, services.log, { path: req.path, reqId: res.locals.requestId });
  return new ConsoleError(500, "internal_error", "The console could not complete the request.");
}

import express, { type NextFunction, type Request, type Response } from "express";
import { InvalidParameterException, SerializationException } from "../errors/cognitoErrors.js";
import { sendWireError, toWireError } from "../errors/translate.js";
import type { Services } from "../services/index.js";
import { targets } from "../targets/registry.js";
import { awsJsonRouter, type AdminAuthenticator } from "./awsJson.js";
import { confirmUser } from "./confirmUser.js";
import { cors } from "./cors.js";
import { mailboxPage, messagesJson } from "./devMailbox.js";
import { requestLog } from "./requestLog.js";
import { jwks, openidConfiguration } from "./wellKnown.js";

export interface HttpOptions {
  authenticateAdmin: AdminAuthenticator;
  bodyLimit: number;
  /** Serve /_dev/* (development mode only). */
  devRoutes: boolean;
}

type Handler = (req: Request, res: Response) => Promise<void>;
/** Express 5 forwards rejected promises to the error handler; this keeps the types explicit. */
const route = (h: Handler) => (req: Request, res: Response, next: NextFunction) => h(req, res).catch(next);

/** The HTTP surface: AWS JSON 1.1 API, public key documents, link confirmation, dev mailbox. */
export function createHttpApp(services: Services, opts: HttpOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", "simple");
  app.use(requestLog(services.log, services.random));

  app.options("/", cors);
  app.post("/", cors, express.raw({ type: () => true, limit: opts.bodyLimit }), route(awsJsonRouter(services, targets, opts.authenticateAdmin)));

  app.options("/:poolId/.well-known/:doc", cors);
  app.get("/:poolId/.well-known/jwks.json", cors, route(jwks(services)));
  app.get("/:poolId/.well-known/openid-configuration", cors, route(openidConfiguration(services)));

  app.get("/confirmUser", route(confirmUser(services)));
  app.get("/health", (_req, res) => void res.json({ status: "ok" }));

  if (opts.devRoutes && services.devMailbox) {
    app.get("/_dev/mailbox", route(mailboxPage(services.devMailbox)));
    app.get("/_dev/messages", route(messagesJson(services.devMailbox)));
  }

  app.use((req: Request, res: Response) => void res.status(404).json({ message: `Not found: ${req.method} ${req.path}` }));

  // Errors outside a handler's own translation: body too large or unreadable, or a bug. Answered in Cognito's shape.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number };
    if (res.headersSent) return;
    if (e?.type === "entity.too.large") return sendWireError(res, toWireError(new InvalidParameterException(`Request body exceeds ${opts.bodyLimit} bytes.`), services.log));
    if (typeof e?.status === "number" && e.status < 500) return sendWireError(res, toWireError(new SerializationException("The request body could not be read."), services.log));
    sendWireError(res, toWireError(err, services.log, { path: req.path }));
  });
  return app;
}

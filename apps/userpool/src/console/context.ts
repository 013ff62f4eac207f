/**
 * What every console route shares: the services, the operations registry, the mode and the console's
 * settings, and the one writer of the console's error shape `{ error, message }`.
 */
import type { NextFunction, Request, Response } from "express";
import type { ConsoleConfig } from "../config/console.js";
import type { Mode } from "../config/runtime.js";
import type { Target } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import type { Store } from "../store/index.js";
import type { RequestRing } from "./requestRing.js";

export interface ConsoleOptions {
  mode: Mode;
  config: ConsoleConfig;
  /** The secret of an admin access key (USERPOOL_ADMIN_CREDENTIALS), for sign-in with an admin credential. */
  lookupAdminSecret(accessKeyId: string): string | undefined;
  /** The development request log (/_console/api/dev/requests). */
  requests: RequestRing;
  /** The console's own tables (sessions, audit log); the services never touch them. */
  store: Pick<Store, "consoleSessions" | "consoleAudit">;
}

export interface ConsoleContext extends ConsoleOptions {
  services: Services;
  targets: ReadonlyMap<string, Target>;
}

/** A console refusal: its status and stable code, written as `{ error, message }`. */
export class ConsoleError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = () => new ConsoleError(404, "not_found", "Not found.");

/**
 * Writes the console's error shape; the request log reads the code from `res.locals`. Never sniffed as a page, also
 * where the API's headers were not set (a 404 for a page path, a refusal before the API router).
 */
export function sendConsoleError(res: Response, e: ConsoleError): void {
  res.locals.errorType = e.code;
  res
    .status(e.status)
    .set({ "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" })
    .json({ error: e.code, message: e.message });
}

type Handler = (req: Request, res: Response) => Promise<void>;
/** Express 5 forwards rejected promises to the error handler; this keeps the types explicit. */
export const route = (h: Handler) => (req: Request, res: Response, next: NextFunction) => h(req, res).catch(next);

/** JSON answers of the console API are never cached: they carry session data. */
export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).set("Cache-Control", "no-store").json(body);
}

/** The JSON object body of a POST (express.json ran before); anything else is a 400. */
export function objectBody(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  if (typeof b !== "object" || b === null || Array.isArray(b))
    throw new ConsoleError(400, "invalid_request", "The body must be a JSON object.");
  return b as Record<string, unknown>;
}

/** A required string member of a body, 1..max characters. */
export function stringMember(body: Record<string, unknown>, name: string, max = 2048): string {
  const v = body[name];
  if (typeof v !== "string" || v.length === 0 || v.length > max)
    throw new ConsoleError(400, "invalid_request", `${name} must be a string of 1 to ${max} characters.`);
  return v;
}

/** Refuses a query parameter the route does not read (400 naming it), as the project refuses what it cannot honour. */
export function onlyQuery(...names: string[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const extra = Object.keys(req.query as object).find((k) => !names.includes(k));
    if (extra === undefined) next();
    else
      next(
        new ConsoleError(400, "invalid_request", `Unsupported query parameter: ${JSON.stringify(extra.slice(0, 64))}.`),
      );
  };
}

/** `?limit=` as an integer 1..max, default `dflt`. */
export function limitParam(req: Request, dflt: number, max: number): number {
  const raw = req.query.limit;
  if (raw === undefined) return dflt;
  const n = typeof raw === "string" && /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new ConsoleError(400, "invalid_request", `limit must be an integer 1..${max}.`);
  return n;
}

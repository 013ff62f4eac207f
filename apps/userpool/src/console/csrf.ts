/**
 * CSRF for the console (ADR 0052): the token is a MAC of the session id under the data key, so it needs
 * no storage, changes with every session and cannot be derived from the cookie without the key. Every
 * state-changing request sends it in X-CSRF-Token; an Origin header, when present, must be the console's own.
 */
import type { NextFunction, Request, Response } from "express";
import { safeEqual } from "../crypto/envelope.js";
import { ConsoleError, type ConsoleContext } from "./context.js";
import type { ConsoleSession } from "./session.js";

export const csrfTokenOf = (ctx: ConsoleContext, sessionId: string) =>
  ctx.services.crypto.mac("console-csrf", sessionId);

const csrfRefused = (why: string) => new ConsoleError(403, "csrf", why);

/**
 * The Origin a browser sends for a request of the console's own pages: the Host it asked for, over https,
 * or over http outside production (a TLS-terminating proxy makes the browser's https arrive as http).
 */
export function originOk(ctx: ConsoleContext, req: Request): boolean {
  const origin = req.get("origin");
  if (origin === undefined) return true;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  const schemeOk = u.protocol === "https:" || (u.protocol === "http:" && ctx.mode !== "production");
  return schemeOk && origin === u.origin && u.host === req.get("host")?.toLowerCase();
}

/** Origin check alone (sign-in, which has no session yet to bind a token to). */
export function requireOwnOrigin(ctx: ConsoleContext) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    next(originOk(ctx, req) ? undefined : csrfRefused("The request comes from another origin."));
  };
}

/** State-changing requests with a session: the token and the Origin (after requireSession). */
export function requireCsrf(ctx: ConsoleContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method === "GET" || req.method === "HEAD") {
      next();
      return;
    }
    const s = res.locals.consoleSession as ConsoleSession | undefined;
    const sent = req.get("x-csrf-token");
    if (!s || !sent || !safeEqual(sent, csrfTokenOf(ctx, s.id))) {
      next(csrfRefused("The X-CSRF-Token header is missing or wrong."));
      return;
    }
    if (!originOk(ctx, req)) {
      next(csrfRefused("The request comes from another origin."));
      return;
    }
    next();
  };
}

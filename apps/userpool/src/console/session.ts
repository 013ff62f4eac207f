/**
 * Console sessions (ADR 0052): an opaque random id in the `authhub_console` cookie (HttpOnly,
 * SameSite=Strict, Path=/_console), stored by its keyed hash in the database so every instance sees it.
 * 30 minutes idle, 8 hours at most. Development opens a session by itself for a loopback client only.
 */
import type { NextFunction, Request, Response } from "express";
import { isDevHost } from "../http/devHosts.js";
import { requestAddress } from "../http/addressLimit.js";
import { isLoopbackHost } from "../config/safety.js";
import { readCookie } from "../hosted/cookies.js";
import type { ConsoleSessionRow } from "../store/index.js";
import { recordAudit } from "./audit.js";
import { csrfTokenOf } from "./csrf.js";
import { ConsoleError, type ConsoleContext, route, sendJson } from "./context.js";

export const SESSION_COOKIE = "authhub_console";
export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 8 * 3_600_000;
export const DEVELOPER = "local developer";

/** The signed-in console user of this request (set by requireSession). */
export interface ConsoleSession {
  id: string;
  who: string;
  /** When the session ends unless used again (the idle deadline, capped at the absolute one). */
  expiresAt: number;
}

export const sessionHash = (ctx: ConsoleContext, id: string) => ctx.services.crypto.mac("console-session", id);

/**
 * A loopback client: the connection's address (after trusted proxies) is loopback, and so is the Host
 * header, so a page that rebinds its own name to 127.0.0.1 (DNS rebinding) gets no session.
 */
export function isLoopbackClient(ctx: ConsoleContext, req: Request): boolean {
  const address = requestAddress(ctx.services.requestRates, req);
  return !!address && isLoopbackHost(address) && isDevHost(req.headers.host, []);
}

/** The live session named by the cookie, its idle deadline moved forward. */
export async function currentSession(ctx: ConsoleContext, req: Request): Promise<ConsoleSession | undefined> {
  const id = readCookie(req, SESSION_COOKIE);
  if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return undefined;
  const now = ctx.services.clock.now().getTime();
  const row = await ctx.store.consoleSessions.getLive(sessionHash(ctx, id), "session", now);
  if (!row) return undefined;
  const idle = Math.min(now + IDLE_MS, row.expiresAt);
  await ctx.store.consoleSessions.touch(row.idHash, idle);
  return { id, who: row.who, expiresAt: idle };
}

/** Opens a session for `who` and sets its cookie; returns what the browser is told. */
export async function startSession(
  ctx: ConsoleContext,
  req: Request,
  res: Response,
  who: string,
): Promise<{ signedIn: true; who: string; csrfToken: string; expiresAt: string }> {
  const id = ctx.services.random.bytes(32).toString("base64url");
  const now = ctx.services.clock.now().getTime();
  const row: ConsoleSessionRow = {
    idHash: sessionHash(ctx, id),
    kind: "session",
    who,
    dataEnc: null,
    createdAt: now,
    idleExpiresAt: now + IDLE_MS,
    expiresAt: now + ABSOLUTE_MS,
  };
  await ctx.store.consoleSessions.create(row);
  const secure = ctx.mode === "production" || req.secure || req.get("x-forwarded-proto") === "https";
  const attrs = [
    `${SESSION_COOKIE}=${id}`,
    "Path=/_console",
    "HttpOnly",
    "SameSite=Strict",
    `Max-Age=${ABSOLUTE_MS / 1000}`,
  ];
  if (secure) attrs.push("Secure");
  res.append("Set-Cookie", attrs.join("; "));
  return { signedIn: true, who, csrfToken: csrfTokenOf(ctx, id), expiresAt: new Date(row.idleExpiresAt).toISOString() };
}

function clearSessionCookie(res: Response): void {
  res.append("Set-Cookie", `${SESSION_COOKIE}=; Path=/_console; HttpOnly; SameSite=Strict; Max-Age=0`);
}

/** Every route but `session` and `sign-in*`: 401 `no_session` without a live session. */
export function requireSession(ctx: ConsoleContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    // Development sessions serve loopback clients only, even with a cookie carried elsewhere.
    if (ctx.mode === "development" && !isLoopbackClient(ctx, req)) {
      next(new ConsoleError(403, "loopback_only", "The development console opens for loopback clients only."));
      return;
    }
    currentSession(ctx, req).then((s) => {
      if (!s) return next(new ConsoleError(401, "no_session", "Sign in to the console first."));
      res.locals.consoleSession = s;
      next();
    }, next);
  };
}

export function sessionOf(res: Response): ConsoleSession {
  const s = res.locals.consoleSession as ConsoleSession | undefined;
  if (!s) throw new ConsoleError(401, "no_session", "Sign in to the console first.");
  return s;
}

/**
 * `GET /_console/api/session`: who is signed in. In development a loopback client with no session
 * gets one here ("opens without a sign-in, for loopback only").
 */
export function getSession(ctx: ConsoleContext) {
  return route(async (req, res) => {
    const s = await currentSession(ctx, req);
    if (s) {
      sendJson(res, 200, {
        mode: ctx.mode,
        signedIn: true,
        who: s.who,
        csrfToken: csrfTokenOf(ctx, s.id),
        expiresAt: new Date(s.expiresAt).toISOString(),
      });
      return;
    }
    if (ctx.mode === "development" && isLoopbackClient(ctx, req)) {
      const started = await startSession(ctx, req, res, DEVELOPER);
      sendJson(res, 200, { mode: ctx.mode, ...started });
      return;
    }
    sendJson(res, 200, { mode: ctx.mode, signedIn: false });
  });
}

/** `POST /_console/api/sign-out`: the session is deleted (after requireSession and the CSRF check). */
export function signOut(ctx: ConsoleContext) {
  return route(async (_req, res) => {
    const s = sessionOf(res);
    await ctx.store.consoleSessions.delete(sessionHash(ctx, s.id));
    await recordAudit(ctx, { who: s.who, operation: "SignOut", outcome: "ok" });
    clearSessionCookie(res);
    res.status(204).set("Cache-Control", "no-store").end();
  });
}

/**
 * CSRF protection for the hosted forms: a random cookie plus a form field holding its MAC under
 * the data key (a signed double-submit token). A cross-site form cannot read the cookie to compute
 * the field, and the cookie is SameSite=Lax besides. The Origin header, when sent, must be ours.
 */
import type { Request, Response } from "express";
import { safeEqual, type DataCrypto } from "../crypto/envelope.js";
import type { Random } from "../random.js";
import { readCookie, setCookie } from "./cookies.js";

export const CSRF_COOKIE = "__Host-authhub-csrf";
export const CSRF_FIELD = "_csrf";

/** The token for the page being rendered (sets the cookie when the browser has none). */
export function csrfToken(deps: { crypto: DataCrypto; random: Random }, req: Request, res: Response): string {
  let seed = readCookie(req, CSRF_COOKIE);
  if (!seed || !/^[A-Za-z0-9_-]{43}$/.test(seed)) {
    seed = deps.random.bytes(32).toString("base64url");
    setCookie(res, CSRF_COOKIE, seed, undefined);
  }
  return deps.crypto.mac("hosted-csrf", seed);
}

export function csrfOk(
  deps: { crypto: DataCrypto },
  req: Request,
  form: Record<string, string>,
  publicOrigin: string,
): boolean {
  const origin = req.get("origin");
  if (origin !== undefined && origin !== "null" && origin !== publicOrigin) return false;
  const seed = readCookie(req, CSRF_COOKIE);
  const sent = form[CSRF_FIELD];
  if (!seed || !sent) return false;
  return safeEqual(deps.crypto.mac("hosted-csrf", seed), sent);
}

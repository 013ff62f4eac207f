/**
 * Request parameters of the OAuth endpoints. RFC 6749 §3.1/§3.2: a parameter sent more than once
 * is an invalid request (ambiguous parameters are how mix-up and injection attacks start).
 */
import type { Request } from "express";
import { invalidRequest } from "./errors.js";

export type Params = Record<string, string>;

/** Query string parameters; duplicates refused. */
export function queryParams(req: Request): Params {
  const i = req.originalUrl.indexOf("?");
  return fromSearch(new URLSearchParams(i >= 0 ? req.originalUrl.slice(i + 1) : ""));
}

/** application/x-www-form-urlencoded body (raw Buffer from express.raw); duplicates refused. */
export function formParams(req: Request): Params {
  const type = (req.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded")
    throw invalidRequest("Content-Type must be application/x-www-form-urlencoded.");
  const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  return fromSearch(new URLSearchParams(body.toString("utf8")));
}

function fromSearch(sp: URLSearchParams): Params {
  const out: Params = Object.create(null);
  for (const [k, v] of sp) {
    if (k in out) throw invalidRequest(`Parameter ${k.slice(0, 64)} was sent more than once.`);
    out[k] = v;
  }
  return out;
}

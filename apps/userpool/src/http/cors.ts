import type { IncomingMessage } from "node:http";
import type { NextFunction, Request, Response } from "express";

// Browser clients (aws-amplify, amazon-cognito-identity-js, the AWS SDK) send these on POST / for
// the public operations, which carry no signature.
const PUBLIC_HEADERS = [
  "x-amz-target",
  "x-amz-user-agent",
  "content-type",
  "cache-control",
  "amz-sdk-invocation-id",
  "amz-sdk-request",
];
// What a SigV4-signed (admin) request adds. A cross-origin page can only send these after a
// preflight grants them, so they are granted to the configured admin origins alone: with `*`, any
// web page a developer opens could sign admin requests with the published local/local keys.
const SIGV4_HEADERS = ["authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token"];

/**
 * CORS for the JSON API and the public key documents. No cookies or other ambient credentials
 * are involved, so any origin may call the public operations, as with Cognito's own endpoint.
 * Exposed: what the SDKs read from responses (request ID, error type and message).
 */
export const CORS_RESPONSE_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date",
} as const;

const PREFLIGHT_COMMON = {
  "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
  "Access-Control-Max-Age": "86400",
  // The answer depends on the Origin: a cache must not hand one origin's grant to another.
  Vary: "Origin",
} as const;

export const PUBLIC_PREFLIGHT_HEADERS = {
  ...CORS_RESPONSE_HEADERS,
  ...PREFLIGHT_COMMON,
  "Access-Control-Allow-Headers": PUBLIC_HEADERS.join(", "),
} as const;

/** The browser origins allowed to call admin operations (USERPOOL_ADMIN_ALLOWED_ORIGINS). */
export class AdminOrigins {
  private readonly allowed: ReadonlySet<string>;
  constructor(origins: readonly string[]) {
    this.allowed = new Set(origins);
  }

  /** True when a request may be an admin call: no Origin (not a browser) or an allowed one. */
  permits(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin === undefined || this.allowed.has(origin);
  }

  /** Preflight answer for POST /: the SigV4 headers only for an allowed origin. */
  preflight(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (origin === undefined || !this.allowed.has(origin)) return PUBLIC_PREFLIGHT_HEADERS;
    return {
      ...PUBLIC_PREFLIGHT_HEADERS,
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Headers": [...PUBLIC_HEADERS, ...SIGV4_HEADERS].join(", "),
    };
  }
}

/** CORS for the public key documents (GET, no signature). */
export function cors(req: Request, res: Response, next: NextFunction): void {
  if (req.method === "OPTIONS") {
    res.status(204).set(PUBLIC_PREFLIGHT_HEADERS).end();
    return;
  }
  res.set(CORS_RESPONSE_HEADERS);
  next();
}

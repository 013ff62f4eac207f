import type { Response } from "express";

/**
 * Why a bearer token was refused. Stable codes that a `switch` can narrow; they are logged
 * (never the token) and shape the RFC 6750 response.
 */
export type AuthErrorReason =
  | "missing_token"
  | "malformed_token"
  | "alg_not_allowed"
  | "header_key_refused"
  | "unknown_kid"
  | "bad_signature"
  | "expired"
  | "not_yet_valid"
  | "wrong_issuer"
  | "wrong_token_use"
  | "wrong_client"
  | "invalid_claims"
  | "insufficient_scope"
  | "jwks_unavailable";

interface Wire {
  status: 401 | 403 | 503;
  /** The RFC 6750 / JSON `error` code. */
  error: "invalid_token" | "insufficient_scope" | "jwks_unavailable";
}

// One table: every reason maps to exactly one status and wire code.
const WIRE: Record<AuthErrorReason, Wire> = {
  missing_token: { status: 401, error: "invalid_token" },
  malformed_token: { status: 401, error: "invalid_token" },
  alg_not_allowed: { status: 401, error: "invalid_token" },
  header_key_refused: { status: 401, error: "invalid_token" },
  unknown_kid: { status: 401, error: "invalid_token" },
  bad_signature: { status: 401, error: "invalid_token" },
  expired: { status: 401, error: "invalid_token" },
  not_yet_valid: { status: 401, error: "invalid_token" },
  wrong_issuer: { status: 401, error: "invalid_token" },
  wrong_token_use: { status: 401, error: "invalid_token" },
  wrong_client: { status: 401, error: "invalid_token" },
  invalid_claims: { status: 401, error: "invalid_token" },
  // RFC 6750 §3.1: a valid token without the scope is 403, not 401 — re-authenticating would not help.
  insufficient_scope: { status: 403, error: "insufficient_scope" },
  jwks_unavailable: { status: 503, error: "jwks_unavailable" },
};

/** A refused bearer token. The message is safe to send: it never contains the token or claims. */
export class AuthError extends Error {
  override name = "AuthError";
  readonly status: Wire["status"];
  readonly error: Wire["error"];

  constructor(
    readonly reason: AuthErrorReason,
    message: string,
    /** Only for insufficient_scope: the scopes the route needs, echoed in WWW-Authenticate. */
    readonly requiredScopes: readonly string[] = [],
  ) {
    super(message);
    this.status = WIRE[reason].status;
    this.error = WIRE[reason].error;
  }
}

/** Writes the RFC 6750 Bearer challenge and the JSON body `{ error, message }`. */
export function sendAuthError(res: Response, err: AuthError): void {
  if (err.status === 503) {
    // Our refetch gate opens again within 10 s; tell well-behaved clients when to retry.
    res.setHeader("Retry-After", "10");
  } else {
    const params = [`error="${err.error}"`, `error_description="${quoteSafe(err.message)}"`];
    if (err.requiredScopes.length > 0) params.push(`scope="${quoteSafe(err.requiredScopes.join(" "))}"`);
    res.setHeader("WWW-Authenticate", `Bearer ${params.join(", ")}`);
  }
  res.status(err.status).json({ error: err.error, message: err.message });
}

// RFC 6750 §3: error_description and scope are limited to printable ASCII without `"` and `\`.
function quoteSafe(value: string): string {
  return value.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, "");
}

/**
 * Building the redirect back to the client. Code responses go in the query, implicit responses in
 * the fragment (RFC 6749 §4.1.2, §4.2.2). `state` is echoed byte for byte and `iss` is always sent
 * (RFC 9207), also with errors, so a client talking to several servers can tell who answered.
 */
import type { OAuthError } from "../errors.js";
import type { ResponseType } from "./request.js";

export function responseUrl(
  redirectUri: string,
  responseType: ResponseType,
  params: Record<string, string | undefined>,
): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) p.set(k, v);
  if (responseType === "token") return `${redirectUri}#${p.toString()}`;
  // A registered URI may carry its own query, which must be kept (RFC 6749 §3.1.2).
  return `${redirectUri}${redirectUri.includes("?") ? "&" : "?"}${p.toString()}`;
}

export function errorResponseUrl(
  target: { redirectUri: string; state: string | undefined; responseType: ResponseType; issuer: string },
  error: OAuthError,
): string {
  return responseUrl(target.redirectUri, target.responseType, {
    error: error.code,
    error_description: error.description,
    state: target.state,
    iss: target.issuer,
  });
}

/**
 * The OAuth 2.0 error family (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3.1; RFC 7009 §2.2.1; OIDC Core
 * §3.1.2.6). One table holds each wire code and its HTTP status; handlers only `throw`, and
 * translate.ts writes `{error, error_description}`. `code` is the wire code, so a `switch` narrows.
 */
const TABLE = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  unsupported_response_type: 400,
  invalid_scope: 400,
  access_denied: 400,
  unsupported_token_type: 400,
  invalid_token: 401,
  insufficient_scope: 403,
  login_required: 400,
  // RFC 8628 §3.5 registers slow_down for token endpoint responses; with 429 (RFC 6585) it answers
  // a request-rate limit. Cognito documents no throttling answer for its token endpoint.
  slow_down: 429,
  server_error: 500,
} as const satisfies Record<string, number>;

export type OAuthErrorCode = keyof typeof TABLE;

/** `options.cause` is internal: translate.ts logs it and never sends it. */
export class OAuthError extends Error {
  readonly status: number;
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    /** For invalid_client: the client tried HTTP Basic, so the 401 carries a Basic challenge (RFC 6749 §5.2). */
    readonly challenge?: "Basic" | "Bearer",
    options?: ErrorOptions,
  ) {
    super(description, options);
    this.name = `OAuthError(${code})`;
    this.status = TABLE[code];
  }
}

const make =
  <C extends OAuthErrorCode>(code: C) =>
  (description: string, challenge?: "Basic" | "Bearer", options?: ErrorOptions) =>
    new OAuthError(code, description, challenge, options);

export const invalidRequest = make("invalid_request");
export const invalidClient = make("invalid_client");
export const invalidGrant = make("invalid_grant");
export const unauthorizedClient = make("unauthorized_client");
export const unsupportedGrantType = make("unsupported_grant_type");
export const unsupportedResponseType = make("unsupported_response_type");
export const invalidScope = make("invalid_scope");
export const accessDenied = make("access_denied");
export const unsupportedTokenType = make("unsupported_token_type");
export const invalidToken = make("invalid_token");
export const loginRequired = make("login_required");

/**
 * An authorization request that must NOT be answered with a redirect: unknown client, or a
 * redirect_uri that is missing or not registered (RFC 6749 §4.1.2.1; RFC 9700 §4.1). The user
 * sees an error page instead, so the server never becomes an open redirector.
 */
export class AuthorizePageError extends Error {
  override name = "AuthorizePageError";
  constructor(
    readonly title: string,
    readonly detail: string,
    readonly status = 400,
  ) {
    super(detail);
  }
}

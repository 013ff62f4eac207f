import type { Response } from "express";
import { describeError, logCause } from "../errors/cause.js";
import { CognitoError } from "../errors/cognitoErrors.js";
import { headerSafe } from "../http/headers.js";
import type { Logger } from "../log.js";
import { OAuthError } from "./errors.js";

/**
 * Maps anything thrown by an OAuth endpoint to `{error, error_description}`. Cognito exceptions
 * raised by reused services become the OAuth code that means the same thing; anything else is
 * logged (name, message, stack) and answered as server_error, never with internal detail. An
 * error's internal cause is logged with `context` (request ID, operation) and never sent.
 */
export function toOAuthError(err: unknown, log: Logger, context: Record<string, unknown> = {}): OAuthError {
  if (err instanceof OAuthError) {
    logCause(log, err, context);
    return err;
  }
  if (err instanceof CognitoError) {
    logCause(log, err, context);
    switch (err.code) {
      case "NotAuthorizedException":
      case "UserNotFoundException":
      case "PasswordResetRequiredException":
      case "UserNotConfirmedException":
        return new OAuthError("invalid_grant", err.message);
      case "UserLambdaValidationException":
      case "InvalidLambdaResponseException":
      case "UnexpectedLambdaException":
        return new OAuthError("access_denied", err.message);
      case "TooManyRequestsException":
        return new OAuthError("slow_down", err.message);
      default:
        if (err.status < 500) return new OAuthError("invalid_request", err.message);
    }
  }
  log.error({ ...context, err: describeError(err) }, "unexpected OAuth error");
  return new OAuthError("server_error", "An internal error occurred.");
}

/** Writes the JSON error of the token, userInfo and revocation endpoints. */
export function sendOAuthError(res: Response, err: OAuthError): void {
  res.locals.errorType = err.code;
  if (err.status === 401 || err.challenge) {
    const scheme = err.challenge ?? (err.code === "invalid_token" ? "Bearer" : undefined);
    if (scheme === "Bearer")
      res.set(
        "WWW-Authenticate",
        `Bearer error="${err.code}", error_description="${headerSafe(err.description, 256, { quoted: true })}"`,
      );
    else if (scheme === "Basic") res.set("WWW-Authenticate", 'Basic realm="oauth2"');
  }
  res
    .status(err.status)
    .set({ "Cache-Control": "no-store", Pragma: "no-cache" })
    .json({ error: err.code, error_description: err.description });
}

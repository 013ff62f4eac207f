import type { NextFunction, Request, RequestHandler, Response } from "express";
import { AuthError, sendAuthError } from "./errors.js";
import type { AuthUser, TokenVerifier, VerifyPolicy } from "./verifier.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `requireAuth()` once the bearer token is verified. */
      user?: AuthUser;
    }
  }
}

export type RequireAuthOptions = VerifyPolicy;

/**
 * Express middleware that admits a request only with a valid Cognito bearer token and puts the
 * caller on `req.user`. Works in any Express 4/5 app:
 *
 *   const verifier = new CognitoTokenVerifier({ issuer, clientIds, tokenUse: "id" });
 *   await verifier.hydrate();
 *   app.get("/users", requireAuth(verifier), handler);
 *   app.get("/admin", requireAuth(verifier, { tokenUse: "access", scopes: ["admin"] }), handler);
 *
 * Refusals are answered here (401/403/503, RFC 6750 challenge, JSON `{ error, message }`);
 * anything unexpected goes to `next(err)` so the app's error handler answers 500.
 */
export function requireAuth(verifier: TokenVerifier, options: RequireAuthOptions = {}): RequestHandler {
  const policy: VerifyPolicy = { ...options, ...(options.scopes ? { scopes: [...options.scopes] } : {}) };
  return (req: Request, res: Response, next: NextFunction) => {
    let token: string;
    try {
      token = bearerToken(req.headers.authorization);
    } catch (err) {
      return refuse(req, res, err as AuthError);
    }
    verifier.verify(token, policy).then(
      (user) => {
        req.user = user;
        next();
      },
      (err: unknown) => (err instanceof AuthError ? refuse(req, res, err) : next(err)),
    );
  };
}

// RFC 6750 §2.1: `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 9110 §11.1).
function bearerToken(header: string | undefined): string {
  if (!header) throw new AuthError("missing_token", "A bearer token is required");
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) throw new AuthError("malformed_token", "The Authorization header must be: Bearer <token>");
  return match[1]!;
}

function refuse(req: Request, res: Response, err: AuthError): void {
  // The reason code is logged for operators; the token never is.
  (req as Request & { log?: { info(obj: object, msg: string): void } }).log?.info(
    { authFailure: err.reason },
    "bearer token refused",
  );
  sendAuthError(res, err);
}

/**
 * POST /oauth2/revoke (RFC 7009; Cognito's token revocation endpoint): revokes a refresh token and
 * every access/ID token of its session. Uses the same RevocationService as RevokeToken.
 */
import type { Request, Response } from "express";
import { CognitoError } from "../errors/cognitoErrors.js";
import type { Services } from "../services/index.js";
import { authenticateClient } from "./clientAuth.js";
import { invalidRequest, OAuthError } from "./errors.js";
import { formParams } from "./params.js";
import { sendOAuthError, toOAuthError } from "./translate.js";

export function revoke(deps: Pick<Services, "pools" | "revocation" | "log" | "requestRates">) {
  return async (req: Request, res: Response): Promise<void> => {
    res.locals.operation = "revoke";
    try {
      const params = formParams(req);
      const { client } = await authenticateClient(deps, req, params);
      await deps.requestRates.admitEndpoint(client.poolId, "POST /oauth2/revoke");
      if (!params.token) throw invalidRequest("token is required.");
      try {
        await deps.revocation.revokeRefreshToken(client, params.token);
      } catch (e) {
        if (!(e instanceof CognitoError)) throw e;
        if (e.code === "UnsupportedTokenTypeException") throw new OAuthError("unsupported_token_type", e.message);
        if (e.code === "UnsupportedOperationException" || e.code === "UnauthorizedException")
          throw new OAuthError("unauthorized_client", e.message);
        throw e;
      }
      res.status(200).set({ "Cache-Control": "no-store" }).end();
    } catch (e) {
      sendOAuthError(res, toOAuthError(e, deps.log, { op: "revoke", reqId: res.locals.requestId }));
    }
  };
}

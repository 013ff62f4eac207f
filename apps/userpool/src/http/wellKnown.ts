import type { Request, Response } from "express";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "keys" | "urls">;

/** `/<poolId>/.well-known/jwks.json`: both signing keys (ID and access token kids). */
export function jwks(deps: Deps) {
  return async (req: Request, res: Response): Promise<void> => {
    const pool = await deps.pools.findPool(String(req.params.poolId));
    if (!pool) {
      res.status(404).json({ message: "User pool not found." });
      return;
    }
    res.set("Cache-Control", "public, max-age=300").json(await deps.keys.jwks(pool.id));
  };
}

/**
 * `/<poolId>/.well-known/openid-configuration`. The OAuth endpoints (authorize, token, userInfo,
 * logout) join this document with the hosted UI; until then it describes what exists: the issuer,
 * the keys and the token format.
 */
export function openidConfiguration(deps: Deps) {
  return async (req: Request, res: Response): Promise<void> => {
    const pool = await deps.pools.findPool(String(req.params.poolId));
    if (!pool) {
      res.status(404).json({ message: "User pool not found." });
      return;
    }
    const issuer = deps.urls.issuer(pool.id);
    res.set("Cache-Control", "public, max-age=300").json({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "token"],
      scopes_supported: ["openid", "email", "phone", "profile"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "auth_time", "email", "email_verified", "phone_number", "phone_number_verified", "cognito:username", "cognito:groups", "name", "given_name", "family_name"],
    });
  };
}

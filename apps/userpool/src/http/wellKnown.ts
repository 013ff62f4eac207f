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
      // Here, not under the issuer: with the Cognito issuer form the issuer names AWS, the keys are ours.
      jwks_uri: `${deps.urls.discovery(pool.id)}/.well-known/jwks.json`,
      // The OAuth endpoints live on the hosted-UI listener (in Cognito: the user pool domain), when it is on.
      ...(deps.urls.hosted()
        ? {
            authorization_endpoint: `${deps.urls.hosted()}/oauth2/authorize`,
            token_endpoint: `${deps.urls.hosted()}/oauth2/token`,
            userinfo_endpoint: `${deps.urls.hosted()}/oauth2/userInfo`,
            revocation_endpoint: `${deps.urls.hosted()}/oauth2/revoke`,
            end_session_endpoint: `${deps.urls.hosted()}/logout`,
            grant_types_supported: ["authorization_code", "refresh_token", "client_credentials", "implicit"],
            code_challenge_methods_supported: ["S256"],
            authorization_response_iss_parameter_supported: true,
            revocation_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
          }
        : {}),
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "token"],
      scopes_supported: ["openid", "email", "phone", "profile"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      claims_supported: [
        "sub",
        "iss",
        "aud",
        "exp",
        "iat",
        "auth_time",
        "email",
        "email_verified",
        "phone_number",
        "phone_number_verified",
        "cognito:username",
        "cognito:groups",
        "name",
        "given_name",
        "family_name",
      ],
    });
  };
}

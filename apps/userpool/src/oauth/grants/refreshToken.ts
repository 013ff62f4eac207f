/**
 * grant_type=refresh_token (RFC 6749 §6). Works for refresh tokens from the hosted UI and from the
 * JSON API alike (one token store, one RefreshService); with RefreshTokenRotation on, a new
 * refresh token comes back and the old one is retired.
 */
import type { Services } from "../../services/index.js";
import { invalidGrant } from "../errors.js";
import type { GrantContext, TokenResponse } from "./types.js";
import { CognitoError } from "../../errors/cognitoErrors.js";

export const grantType = "refresh_token";
export const parameters = { required: ["refresh_token"], optional: ["scope", "client_id"] } as const;

export async function handler(deps: Pick<Services, "refresh">, ctx: GrantContext): Promise<TokenResponse> {
  try {
    const t = await deps.refresh.refresh({
      pool: ctx.pool,
      client: ctx.client,
      refreshToken: ctx.params.refresh_token!,
      rotate: ctx.client.settings.RefreshTokenRotation?.Feature === "ENABLED",
      // The client authenticated at the endpoint already (Basic or form), which replaces SECRET_HASH.
      checkSecret: () => {},
    });
    return {
      access_token: t.AccessToken!,
      token_type: "Bearer",
      expires_in: t.ExpiresIn!,
      ...(t.IdToken ? { id_token: t.IdToken } : {}),
      ...(t.RefreshToken ? { refresh_token: t.RefreshToken } : {}),
    };
  } catch (e) {
    if (e instanceof CognitoError && e.code === "NotAuthorizedException") throw invalidGrant(e.message);
    throw e;
  }
}

/** grant_type=authorization_code (RFC 6749 §4.1.3 with PKCE, RFC 7636 §4.5). */
import type { Services } from "../../services/index.js";
import { unauthorizedClient } from "../errors.js";
import type { GrantContext, TokenResponse } from "./types.js";

export const grantType = "authorization_code";
export const parameters = { required: ["code", "redirect_uri"], optional: ["code_verifier", "client_id"] } as const;

export async function handler(
  deps: Pick<Services, "authorizations" | "users">,
  ctx: GrantContext,
): Promise<TokenResponse> {
  if (!(ctx.client.settings.AllowedOAuthFlows ?? []).includes("code"))
    throw unauthorizedClient("The authorization code grant is not enabled for this app client.");
  const t = await deps.authorizations.redeemCode(
    ctx.pool,
    ctx.client,
    { code: ctx.params.code!, redirectUri: ctx.params.redirect_uri, codeVerifier: ctx.params.code_verifier },
    (row) => deps.users.getById(ctx.pool, row.userId),
  );
  return {
    access_token: t.AccessToken!,
    token_type: "Bearer",
    expires_in: t.ExpiresIn!,
    ...(t.IdToken ? { id_token: t.IdToken } : {}),
    ...(t.RefreshToken ? { refresh_token: t.RefreshToken } : {}),
  };
}

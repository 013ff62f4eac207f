/**
 * grant_type=client_credentials (RFC 6749 §4.4): machine-to-machine access tokens carrying the
 * resource-server scopes the client may use. Only clients with a secret, and only custom scopes
 * (Cognito: no OIDC or aws.cognito.signin.user.admin scopes in this grant).
 */
import { mintClientAccessToken } from "../../services/clientTokens.js";
import type { Services } from "../../services/index.js";
import { invalidScope, unauthorizedClient } from "../errors.js";
import { parseScopeParam, RESERVED_SCOPES, splitCustomScope } from "../scopes.js";
import type { GrantContext, TokenResponse } from "./types.js";

export const grantType = "client_credentials";
export const parameters = { required: [], optional: ["scope", "client_id"] } as const;

export async function handler(
  deps: Pick<Services, "keys" | "resourceServers" | "urls" | "clock" | "random" | "triggers">,
  ctx: GrantContext,
): Promise<TokenResponse> {
  const s = ctx.client.settings;
  if (!s.AllowedOAuthFlowsUserPoolClient || !(s.AllowedOAuthFlows ?? []).includes("client_credentials"))
    throw unauthorizedClient("The client credentials grant is not enabled for this app client.");
  if (!ctx.confidential) throw unauthorizedClient("The client credentials grant needs a client with a secret.");
  const allowed = (s.AllowedOAuthScopes ?? []).filter((x) => !RESERVED_SCOPES.has(x));
  const requested = ctx.params.scope === undefined ? allowed : parseScopeParam(ctx.params.scope);
  if (!requested) throw invalidScope("The scope parameter is malformed.");
  for (const scope of requested) {
    const custom = splitCustomScope(scope);
    if (
      RESERVED_SCOPES.has(scope) ||
      !allowed.includes(scope) ||
      !custom ||
      !(await deps.resourceServers.scopeExists(ctx.pool.id, custom.identifier, custom.name))
    ) {
      throw invalidScope(`Scope ${scope.slice(0, 64)} is not allowed for this app client.`);
    }
  }
  if (!requested.length) throw invalidScope("The app client has no custom scopes to grant.");
  const { token, expiresIn } = await mintClientAccessToken(deps, {
    pool: ctx.pool,
    client: ctx.client,
    scopes: requested,
  });
  return { access_token: token, token_type: "Bearer", expires_in: expiresIn };
}

/**
 * grant_type=client_credentials (RFC 6749 §4.4): machine-to-machine access tokens carrying the
 * resource-server scopes the client may use. Only clients with a secret, and only custom scopes
 * (Cognito: no OIDC or aws.cognito.signin.user.admin scopes in this grant).
 */
import { SignJWT } from "jose";
import { epochSeconds } from "../../clock.js";
import type { Services } from "../../services/index.js";
import { validitySeconds } from "../../services/poolSettings.js";
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
  const now = epochSeconds(deps.clock.now());
  const ttl = validitySeconds(s.AccessTokenValidity, s.TokenValidityUnits.AccessToken);
  // Cognito's M2M access token: the client is the subject; no username, no origin_jti.
  const claims: Record<string, unknown> = {
    sub: ctx.client.id,
    token_use: "access",
    scope: requested.join(" "),
    auth_time: now,
    iss: deps.urls.issuer(ctx.pool.id),
    exp: now + ttl,
    iat: now,
    version: 2,
    jti: deps.random.uuid(),
    client_id: ctx.client.id,
  };
  // A V3_0 PreTokenGeneration function may add claims and add or suppress scopes; every claim above is
  // protected, so the trigger's answer cannot change them (the scope claim is rebuilt from its scopes).
  const changed = await deps.triggers.preTokenGenerationClientCredentials({
    pool: ctx.pool,
    client: ctx.client,
    accessClaims: { ...claims },
    scopes: requested,
  });
  const { scope: _scope, ...fixed } = claims;
  const key = await deps.keys.signingKey(ctx.pool.id, "access");
  const token = await new SignJWT({ ...changed.accessClaims, ...fixed, scope: changed.scopes.join(" ") })
    .setProtectedHeader({ kid: key.kid, alg: "RS256" })
    .sign(key.privateKey);
  return { access_token: token, token_type: "Bearer", expires_in: ttl };
}

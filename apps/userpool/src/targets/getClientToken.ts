import type { GetClientTokenRequest, GetClientTokenResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException, NotAuthorizedException } from "../errors/cognitoErrors.js";
import { RESERVED_SCOPES, splitCustomScope } from "../oauth/scopes.js";
import { ClientId, Scope, StringMap } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import { mintClientAccessToken } from "../services/clientTokens.js";
import type { Services } from "../services/index.js";
import { checkClientSecret } from "../services/secretHash.js";

type Deps = Pick<Services, "pools" | "resourceServers" | "keys" | "urls" | "clock" | "random" | "triggers">;

/**
 * An M2M access token for a client and its secret (API reference, GetClientToken). Cognito enables it with the
 * ALLOW_CLIENT_TOKEN_AUTH flow, which the SDK's model (3.1178) does not list; this server enables it for clients
 * that may use the client_credentials grant, its OAuth twin (ADR 0033).
 */
export const getClientToken = defineTarget<GetClientTokenRequest>()({
  name: "GetClientToken",
  access: "public",
  input: z.object({
    ClientId,
    // Any secret the client holds: config-file secrets (ClientSecretFromEnv) need not fit ClientSecret's pattern.
    Secret: z.string().min(1).max(128).regex(/^\S+$/u),
    Scopes: z.array(Scope).max(50).optional(),
    ClientMetadata: StringMap.optional(),
  }),
  async handle(deps: Deps, req): Promise<GetClientTokenResponse> {
    const client = await deps.pools.getClient(req.ClientId);
    const pool = await deps.pools.getPool(client.poolId);
    if (deps.pools.clientSecrets(client).length === 0)
      throw new NotAuthorizedException(`Client ${client.id} has no secret; GetClientToken needs one.`);
    checkClientSecret(deps.pools, client, req.Secret);
    const s = client.settings;
    if (!s.AllowedOAuthFlowsUserPoolClient || !(s.AllowedOAuthFlows ?? []).includes("client_credentials"))
      throw new InvalidParameterException("CLIENT_TOKEN_AUTH flow not enabled for this client");
    // "If you don't specify any scopes, Amazon Cognito authorizes the scopes that are configured for the app client."
    const allowed = (s.AllowedOAuthScopes ?? []).filter((x) => !RESERVED_SCOPES.has(x));
    const scopes = req.Scopes ? [...new Set(req.Scopes)] : allowed;
    for (const scope of scopes) {
      const custom = splitCustomScope(scope);
      if (
        !allowed.includes(scope) ||
        !custom ||
        !(await deps.resourceServers.scopeExists(pool.id, custom.identifier, custom.name))
      )
        throw new InvalidParameterException(`Scope ${scope} is not allowed for this app client.`);
    }
    if (!scopes.length) throw new InvalidParameterException("The app client has no custom scopes to authorize.");
    const { token, expiresIn } = await mintClientAccessToken(deps, {
      pool,
      client,
      scopes,
      ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
    });
    return { ClientAuthenticationResult: { AccessToken: token, ExpiresIn: expiresIn, TokenType: "Bearer" } };
  },
});

import type { GetDerivedTokenRequest, GetDerivedTokenResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { ClientId, ClientSecret, ProviderName, Scope, Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import { assertFlowAllowed } from "../services/authFlows.js";
import type { Services } from "../services/index.js";
import { checkClientSecret } from "../services/secretHash.js";

type Deps = Pick<Services, "pools" | "tokenExchange">;

const TokenType = z.enum(["ACCESS_TOKEN", "ID_TOKEN", "SAML2"]);

/** Refuses what this server cannot honour, by name: SAML assertions and other providers' tokens. */
function ownTokenType(member: string, type: "ACCESS_TOKEN" | "ID_TOKEN" | "SAML2"): "ACCESS_TOKEN" | "ID_TOKEN" {
  if (type === "SAML2")
    throw new InvalidParameterException(`${member} SAML2 is not supported: this server has no SAML.`);
  return type;
}

export const getDerivedToken = defineTarget<GetDerivedTokenRequest>()({
  name: "GetDerivedToken",
  access: "public",
  input: z.object({
    ClientId,
    ClientSecret: ClientSecret.optional(),
    SubjectToken: Token,
    SubjectTokenType: TokenType,
    SubjectTokenProviderName: ProviderName.optional(),
    ActorToken: Token.optional(),
    ActorTokenType: TokenType.optional(),
    ActorTokenProviderName: ProviderName.optional(),
    Scopes: z.array(Scope).max(50).optional(),
    Audiences: z.array(z.string().min(1).max(256)).max(10).optional(),
    Resources: z.array(z.string().min(1).max(256)).max(10).optional(),
    RequestedTokenType: z.enum(["ACCESS_TOKEN", "ID_TOKEN"]).optional(),
  }),
  async handle(deps: Deps, req): Promise<GetDerivedTokenResponse> {
    const client = await deps.pools.getClient(req.ClientId);
    const pool = await deps.pools.getPool(client.poolId);
    checkClientSecret(deps.pools, client, req.ClientSecret);
    // "ALLOW_TOKEN_EXCHANGE_IMPERSONATION or ALLOW_TOKEN_EXCHANGE_DELEGATION ... (depending on whether you include
    // an ActorToken), or the request fails."
    assertFlowAllowed(client, req.ActorToken ? "TOKEN_EXCHANGE_DELEGATION" : "TOKEN_EXCHANGE_IMPERSONATION");
    for (const m of ["SubjectTokenProviderName", "ActorTokenProviderName"] as const)
      if (req[m] !== undefined)
        throw new InvalidParameterException(`${m} is not supported: this server exchanges its own tokens only.`);
    if ((req.ActorToken === undefined) !== (req.ActorTokenType === undefined))
      throw new InvalidParameterException("ActorToken and ActorTokenType go together.");
    return deps.tokenExchange.exchange({
      pool,
      client,
      subjectToken: req.SubjectToken,
      subjectTokenType: ownTokenType("SubjectTokenType", req.SubjectTokenType),
      ...(req.ActorToken && req.ActorTokenType
        ? { actorToken: req.ActorToken, actorTokenType: ownTokenType("ActorTokenType", req.ActorTokenType) }
        : {}),
      ...(req.Scopes ? { scopes: [...new Set(req.Scopes)] } : {}),
      ...(req.Audiences ? { audiences: req.Audiences } : {}),
      ...(req.Resources ? { resources: req.Resources } : {}),
      ...(req.RequestedTokenType ? { requestedTokenType: req.RequestedTokenType } : {}),
    });
  },
});

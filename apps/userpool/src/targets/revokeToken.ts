import type { RevokeTokenRequest, RevokeTokenResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UnauthorizedException } from "../errors/cognitoErrors.js";
import { ClientId, ClientSecret, Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import { checkClientSecret } from "../services/secretHash.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "revocation">;

/**
 * Ends one session: the refresh token, its rotated successors and every token sharing its
 * origin_jti (API reference, RevokeToken). aws-amplify's signOut() calls this when the access
 * token carries origin_jti.
 */
export const revokeToken = defineTarget<RevokeTokenRequest>()({
  name: "RevokeToken",
  access: "public",
  input: z.object({ Token, ClientId, ClientSecret: ClientSecret.optional() }),
  async handle(deps: Deps, req): Promise<RevokeTokenResponse> {
    const client = await deps.pools.findClient(req.ClientId);
    if (!client) throw new UnauthorizedException("The client is not authorized to revoke tokens.");
    try {
      checkClientSecret(deps.pools, client, req.ClientSecret);
    } catch {
      // RevokeToken reports client authentication failures as UnauthorizedException.
      throw new UnauthorizedException("The client is not authorized to revoke tokens.");
    }
    await deps.revocation.revokeRefreshToken(client, req.Token);
    return {};
  },
});

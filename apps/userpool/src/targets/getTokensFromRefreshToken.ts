import type {
  GetTokensFromRefreshTokenRequest,
  GetTokensFromRefreshTokenResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, ClientSecret, DeviceKey, StringMap, Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import { assertFlowAllowed } from "../services/authFlows.js";
import { checkClientSecret } from "../services/secretHash.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "refresh">;

/**
 * The only refresh call aws-amplify makes since 6.15.4;
 * rotates the refresh token when the client enables RefreshTokenRotation.
 */
export const getTokensFromRefreshToken = defineTarget<GetTokensFromRefreshTokenRequest>()({
  name: "GetTokensFromRefreshToken",
  access: "public",
  input: z.object({
    RefreshToken: Token,
    ClientId,
    ClientSecret: ClientSecret.optional(),
    DeviceKey: DeviceKey.optional(),
    ClientMetadata: StringMap.optional(),
  }),
  async handle(deps: Deps, req): Promise<GetTokensFromRefreshTokenResponse> {
    const client = await deps.pools.getClient(req.ClientId);
    const pool = await deps.pools.getPool(client.poolId);
    assertFlowAllowed(client, "REFRESH_TOKEN_AUTH");
    checkClientSecret(deps.pools, client, req.ClientSecret);
    const result = await deps.refresh.refresh({
      pool,
      client,
      refreshToken: req.RefreshToken,
      rotate: client.settings.RefreshTokenRotation?.Feature === "ENABLED",
      checkSecret: () => {},
      ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
      ...(req.DeviceKey !== undefined ? { deviceKey: req.DeviceKey } : {}),
    });
    return { AuthenticationResult: result };
  },
});

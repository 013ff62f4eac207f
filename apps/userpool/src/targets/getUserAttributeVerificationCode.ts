import type {
  GetUserAttributeVerificationCodeRequest,
  GetUserAttributeVerificationCodeResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { NotAuthorizedException } from "../errors/cognitoErrors.js";
import { AttributeName, StringMap, Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "pools" | "attributeUpdates">;

export const getUserAttributeVerificationCode = defineTarget<GetUserAttributeVerificationCodeRequest>()({
  name: "GetUserAttributeVerificationCode",
  access: "public",
  input: z.object({ AccessToken: Token, AttributeName, ClientMetadata: StringMap.optional() }),
  async handle(deps: Deps, req): Promise<GetUserAttributeVerificationCodeResponse> {
    const { pool, user, claims } = await authenticateUser(deps, req.AccessToken);
    const client = claims.client_id ? await deps.pools.findClient(claims.client_id) : undefined;
    if (!client || client.poolId !== pool.id) throw new NotAuthorizedException("Invalid Access Token");
    const delivery = await deps.attributeUpdates.sendVerificationCode({
      pool,
      client,
      user,
      name: req.AttributeName,
      ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
    });
    return { CodeDeliveryDetails: delivery };
  },
});

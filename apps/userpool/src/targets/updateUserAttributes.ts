import type {
  UpdateUserAttributesRequest,
  UpdateUserAttributesResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { NotAuthorizedException } from "../errors/cognitoErrors.js";
import { AttributeList, StringMap, Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "pools" | "attributeUpdates">;

/**
 * The signed-in user changes its attributes, within its client's WriteAttributes. A changed e-mail
 * gets a code; with AttributesRequireVerificationBeforeUpdate the old address stays until then.
 */
export const updateUserAttributes = defineTarget<UpdateUserAttributesRequest>()({
  name: "UpdateUserAttributes",
  access: "public",
  input: z.object({ UserAttributes: AttributeList, AccessToken: Token, ClientMetadata: StringMap.optional() }),
  async handle(deps: Deps, req): Promise<UpdateUserAttributesResponse> {
    const { pool, user, claims } = await authenticateUser(deps, req.AccessToken);
    const client = claims.client_id ? await deps.pools.findClient(claims.client_id) : undefined;
    if (!client || client.poolId !== pool.id) throw new NotAuthorizedException("Invalid Access Token");
    const deliveries = await deps.attributeUpdates.update({
      pool,
      client,
      user,
      attributes: req.UserAttributes,
      ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
    });
    return { CodeDeliveryDetailsList: deliveries };
  },
});

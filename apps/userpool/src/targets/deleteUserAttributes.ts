import type {
  DeleteUserAttributesRequest,
  DeleteUserAttributesResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { NotAuthorizedException } from "../errors/cognitoErrors.js";
import { AttributeName, Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "pools" | "attributeUpdates">;

export const deleteUserAttributes = defineTarget<DeleteUserAttributesRequest>()({
  name: "DeleteUserAttributes",
  access: "public",
  input: z.object({ UserAttributeNames: z.array(AttributeName).max(100), AccessToken: Token }),
  async handle(deps: Deps, req): Promise<DeleteUserAttributesResponse> {
    const { pool, user, claims } = await authenticateUser(deps, req.AccessToken);
    const client = claims.client_id ? await deps.pools.findClient(claims.client_id) : undefined;
    if (!client || client.poolId !== pool.id) throw new NotAuthorizedException("Invalid Access Token");
    await deps.attributeUpdates.delete({ pool, user, client, names: req.UserAttributeNames });
    return {};
  },
});

import type {
  AdminDeleteUserAttributesRequest,
  AdminDeleteUserAttributesResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { AttributeName, UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "attributeUpdates">;

export const adminDeleteUserAttributes = defineTarget<AdminDeleteUserAttributesRequest>()({
  name: "AdminDeleteUserAttributes",
  access: "admin",
  input: z.object({ UserPoolId, Username, UserAttributeNames: z.array(AttributeName).max(100) }),
  async handle(deps: Deps, req): Promise<AdminDeleteUserAttributesResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    await deps.attributeUpdates.delete({ pool, user, names: req.UserAttributeNames });
    return {};
  },
});

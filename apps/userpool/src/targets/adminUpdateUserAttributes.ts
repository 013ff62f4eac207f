import type { AdminUpdateUserAttributesRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { AttributeList, StringMap, UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "attributeUpdates">;

export const adminUpdateUserAttributes = defineTarget<AdminUpdateUserAttributesRequest>()({
  name: "AdminUpdateUserAttributes",
  access: "admin",
  input: z.object({ UserPoolId, Username, UserAttributes: AttributeList, ClientMetadata: StringMap.optional() }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    // A changed address is unverified until proven (or waits, with AttributesRequireVerificationBeforeUpdate),
    // unless the administrator marks it verified in the same request.
    await deps.attributeUpdates.update({
      pool,
      user,
      attributes: req.UserAttributes,
      ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
    });
    return {};
  },
});

import type { AdminUpdateUserAttributesRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { AttributeList, StringMap, UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import { parseAttributes } from "../services/attributes.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users">;

export const adminUpdateUserAttributes = defineTarget({
  name: "AdminUpdateUserAttributes",
  access: "admin",
  input: z.object({ UserPoolId, Username, UserAttributes: AttributeList, ClientMetadata: StringMap.optional() }),
  async handle(deps: Deps, req: AdminUpdateUserAttributesRequest): Promise<Record<string, never>> {
    const pool = await deps.pools.getPool(req.UserPoolId!);
    const user = await deps.users.get(pool, req.Username!);
    const changes = parseAttributes(pool, req.UserAttributes, { allowVerifiedFlags: true });
    const next = { ...user.attributes, ...changes };
    // A changed address is unverified until proven, unless the caller says otherwise in the same request.
    for (const a of ["email", "phone_number"] as const) {
      if (a in changes && changes[a] !== user.attributes[a] && !(`${a}_verified` in changes)) next[`${a}_verified`] = "false";
    }
    await deps.users.update(pool, user, { attributes: next });
    return {};
  },
});

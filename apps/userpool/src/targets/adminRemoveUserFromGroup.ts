import type { AdminRemoveUserFromGroupRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId, Username } from "../protocol/fields.js";
import { GroupName } from "../protocol/groupFields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "groups">;

export const adminRemoveUserFromGroup = defineTarget<AdminRemoveUserFromGroupRequest>()({
  name: "AdminRemoveUserFromGroup",
  access: "admin",
  input: z.object({ UserPoolId, Username, GroupName }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    await deps.groups.removeUser(pool, req.GroupName, user);
    return {};
  },
});

import type { AdminAddUserToGroupRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId, Username } from "../protocol/fields.js";
import { GroupName } from "../protocol/groupFields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "groups">;

/** Adds a user to a group (idempotent); the user's next tokens carry it in cognito:groups. */
export const adminAddUserToGroup = defineTarget<AdminAddUserToGroupRequest>()({
  name: "AdminAddUserToGroup",
  access: "admin",
  input: z.object({ UserPoolId, Username, GroupName }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    await deps.groups.addUser(pool, req.GroupName, user);
    return {};
  },
});

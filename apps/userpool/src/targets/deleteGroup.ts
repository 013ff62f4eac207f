import type { DeleteGroupRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { GroupName } from "../protocol/groupFields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "groups">;

/** Deletes the group and its memberships; members' next tokens no longer name it. */
export const deleteGroup = defineTarget<DeleteGroupRequest>()({
  name: "DeleteGroup",
  access: "admin",
  input: z.object({ GroupName, UserPoolId }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    await deps.groups.delete(pool, req.GroupName);
    return {};
  },
});

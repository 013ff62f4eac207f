import type { GetGroupRequest, GetGroupResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { GroupName } from "../protocol/groupFields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "groups">;

export const getGroup = defineTarget<GetGroupRequest>()({
  name: "GetGroup",
  access: "admin",
  input: z.object({ GroupName, UserPoolId }),
  async handle(deps: Deps, req): Promise<GetGroupResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    return { Group: deps.groups.toGroupType(await deps.groups.get(pool, req.GroupName)) };
  },
});

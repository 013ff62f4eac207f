import type { UpdateGroupRequest, UpdateGroupResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { GroupDescription, GroupName, Precedence, RoleArn } from "../protocol/groupFields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "groups">;

export const updateGroup = defineTarget<UpdateGroupRequest>()({
  name: "UpdateGroup",
  access: "admin",
  input: z.object({
    GroupName,
    UserPoolId,
    Description: GroupDescription.optional(),
    RoleArn: RoleArn.optional(),
    Precedence: Precedence.optional(),
  }),
  async handle(deps: Deps, req): Promise<UpdateGroupResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const group = await deps.groups.update(pool, req.GroupName, {
      description: req.Description,
      roleArn: req.RoleArn,
      precedence: req.Precedence,
    });
    return { Group: deps.groups.toGroupType(group) };
  },
});

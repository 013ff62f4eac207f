import type { CreateGroupRequest, CreateGroupResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { GroupDescription, GroupName, Precedence, RoleArn } from "../protocol/groupFields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "groups">;

export const createGroup = defineTarget<CreateGroupRequest>()({
  name: "CreateGroup",
  access: "admin",
  input: z.object({
    GroupName,
    UserPoolId,
    Description: GroupDescription.optional(),
    RoleArn: RoleArn.optional(),
    Precedence: Precedence.optional(),
  }),
  async handle(deps: Deps, req): Promise<CreateGroupResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const group = await deps.groups.create(pool, req.GroupName, {
      description: req.Description,
      roleArn: req.RoleArn,
      precedence: req.Precedence,
    });
    return { Group: deps.groups.toGroupType(group) };
  },
});

import type { ListUsersInGroupRequest, ListUsersInGroupResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { PaginationKey, UserPoolId } from "../protocol/fields.js";
import { GroupName } from "../protocol/groupFields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "groups">;

export const listUsersInGroup = defineTarget<ListUsersInGroupRequest>()({
  name: "ListUsersInGroup",
  access: "admin",
  input: z.object({
    UserPoolId,
    GroupName,
    Limit: z.number().int().min(0).max(60).optional(),
    NextToken: PaginationKey.optional(),
  }),
  async handle(deps: Deps, req): Promise<ListUsersInGroupResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const page = await deps.groups.members(pool, req.GroupName, req.Limit || 60, req.NextToken);
    return {
      Users: page.users.map((u) => deps.users.toUserType(u)),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
});

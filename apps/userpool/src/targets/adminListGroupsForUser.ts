import type {
  AdminListGroupsForUserRequest,
  AdminListGroupsForUserResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { PaginationKey, UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "groups">;

export const adminListGroupsForUser = defineTarget<AdminListGroupsForUserRequest>()({
  name: "AdminListGroupsForUser",
  access: "admin",
  input: z.object({
    Username,
    UserPoolId,
    Limit: z.number().int().min(0).max(60).optional(),
    NextToken: PaginationKey.optional(),
  }),
  async handle(deps: Deps, req): Promise<AdminListGroupsForUserResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    const page = await deps.groups.groupsOf(pool, user, req.Limit || 60, req.NextToken);
    return {
      Groups: page.groups.map((g) => deps.groups.toGroupType(g)),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
});

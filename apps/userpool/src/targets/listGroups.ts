import type { ListGroupsRequest, ListGroupsResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { PaginationKey, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "groups">;

export const listGroups = defineTarget<ListGroupsRequest>()({
  name: "ListGroups",
  access: "admin",
  input: z.object({
    UserPoolId,
    Limit: z.number().int().min(0).max(60).optional(),
    NextToken: PaginationKey.optional(),
  }),
  async handle(deps: Deps, req): Promise<ListGroupsResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const page = await deps.groups.list(pool, req.Limit || 60, req.NextToken);
    return {
      Groups: page.groups.map((g) => deps.groups.toGroupType(g)),
      ...(page.nextToken ? { NextToken: page.nextToken } : {}),
    };
  },
});

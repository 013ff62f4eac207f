import type {
  ListResourceServersRequest,
  ListResourceServersResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { PaginationKey, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "resourceServers">;

export const listResourceServers = defineTarget<ListResourceServersRequest>()({
  name: "ListResourceServers",
  access: "admin",
  input: z.object({
    UserPoolId,
    MaxResults: z.number().int().min(1).max(50).optional(),
    NextToken: PaginationKey.optional(),
  }),
  async handle(deps: Deps, req): Promise<ListResourceServersResponse> {
    await deps.pools.getPool(req.UserPoolId);
    const { servers, nextToken } = await deps.resourceServers.list(req.UserPoolId, req.MaxResults ?? 50, req.NextToken);
    return {
      ResourceServers: servers.map((s) => deps.resourceServers.describe(s)),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  },
});

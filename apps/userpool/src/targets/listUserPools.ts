import type { ListUserPoolsRequest, ListUserPoolsResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { PaginationKey } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools">;

export const listUserPools = defineTarget<ListUserPoolsRequest>()({
  name: "ListUserPools",
  access: "admin",
  input: z.object({ MaxResults: z.number().int().min(1).max(60), NextToken: PaginationKey.optional() }),
  async handle(deps: Deps, req): Promise<ListUserPoolsResponse> {
    const { pools, nextToken } = await deps.pools.listPools(req.MaxResults, req.NextToken);
    return {
      UserPools: pools.map((p) => ({
        Id: p.id,
        Name: p.name,
        LambdaConfig: p.settings.LambdaConfig ?? {},
        Status: "Enabled",
        CreationDate: p.createdAt,
        LastModifiedDate: p.updatedAt,
      })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  },
});

import type { ListCIMDPoliciesRequest, ListCIMDPoliciesResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { PaginationKey, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { MaxResults } from "./cimdShapes.js";

type Deps = Pick<Services, "pools" | "cimdPolicies">;

export const listCIMDPolicies = defineTarget<ListCIMDPoliciesRequest>()({
  name: "ListCIMDPolicies",
  access: "admin",
  input: z.object({ UserPoolId, MaxResults: MaxResults.optional(), NextToken: PaginationKey.optional() }),
  async handle(deps: Deps, req): Promise<ListCIMDPoliciesResponse> {
    await deps.pools.getPool(req.UserPoolId);
    const { policies, next } = await deps.cimdPolicies.list(req.UserPoolId, req.MaxResults ?? 60, req.NextToken);
    return {
      CIMDPolicies: await Promise.all(policies.map((p) => deps.cimdPolicies.summary(p))),
      ...(next ? { NextToken: next } : {}),
    };
  },
});

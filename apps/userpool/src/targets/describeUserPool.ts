import type { DescribeUserPoolRequest, DescribeUserPoolResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "domains">;

export const describeUserPool = defineTarget<DescribeUserPoolRequest>()({
  name: "DescribeUserPool",
  access: "admin",
  input: z.object({ UserPoolId }),
  async handle(deps: Deps, req): Promise<DescribeUserPoolResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const [estimatedUsers, domain] = await Promise.all([deps.users.count(pool), deps.domains.forPool(pool.id)]);
    return { UserPool: deps.pools.describePool(pool, { estimatedUsers, domain }) };
  },
});

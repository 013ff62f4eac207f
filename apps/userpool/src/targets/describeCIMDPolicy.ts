import type { DescribeCIMDPolicyRequest, DescribeCIMDPolicyResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { CIMDPolicyId } from "./cimdShapes.js";

type Deps = Pick<Services, "pools" | "cimdPolicies">;

export const describeCIMDPolicy = defineTarget<DescribeCIMDPolicyRequest>()({
  name: "DescribeCIMDPolicy",
  access: "admin",
  input: z.object({ UserPoolId, CIMDPolicyId }),
  async handle(deps: Deps, req): Promise<DescribeCIMDPolicyResponse> {
    await deps.pools.getPool(req.UserPoolId);
    const row = await deps.cimdPolicies.get(req.UserPoolId, req.CIMDPolicyId);
    return { CIMDPolicy: await deps.cimdPolicies.describe(row) };
  },
});

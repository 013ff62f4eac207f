import type { UpdateCIMDPolicyRequest, UpdateCIMDPolicyResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { CacheDuration, CIMDPolicyId, PolicyName, URLPatterns } from "./cimdShapes.js";

type Deps = Pick<Services, "pools" | "cimdPolicies">;

export const updateCIMDPolicy = defineTarget<UpdateCIMDPolicyRequest>()({
  name: "UpdateCIMDPolicy",
  access: "admin",
  input: z.object({
    UserPoolId,
    CIMDPolicyId,
    ClientId,
    PolicyName: PolicyName.optional(),
    CacheDuration: CacheDuration.optional(),
    URLPatterns,
  }),
  async handle(deps: Deps, req): Promise<UpdateCIMDPolicyResponse> {
    await deps.pools.getPool(req.UserPoolId);
    const row = await deps.cimdPolicies.update({
      poolId: req.UserPoolId,
      id: req.CIMDPolicyId,
      clientId: req.ClientId,
      ...(req.PolicyName !== undefined ? { name: req.PolicyName } : {}),
      ...(req.CacheDuration !== undefined ? { cacheDuration: req.CacheDuration } : {}),
      urlPatterns: req.URLPatterns,
    });
    return { CIMDPolicy: await deps.cimdPolicies.describe(row) };
  },
});

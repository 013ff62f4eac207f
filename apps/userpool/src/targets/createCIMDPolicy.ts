import type { CreateCIMDPolicyRequest, CreateCIMDPolicyResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { CacheDuration, PolicyName, URLPatterns } from "./cimdShapes.js";

type Deps = Pick<Services, "pools" | "cimdPolicies">;

export const createCIMDPolicy = defineTarget<CreateCIMDPolicyRequest>()({
  name: "CreateCIMDPolicy",
  access: "admin",
  input: z.object({
    UserPoolId,
    ClientId,
    PolicyName,
    CacheDuration: CacheDuration.optional(),
    URLPatterns,
  }),
  async handle(deps: Deps, req): Promise<CreateCIMDPolicyResponse> {
    await deps.pools.getPool(req.UserPoolId);
    const row = await deps.cimdPolicies.create({
      poolId: req.UserPoolId,
      clientId: req.ClientId,
      name: req.PolicyName,
      ...(req.CacheDuration !== undefined ? { cacheDuration: req.CacheDuration } : {}),
      urlPatterns: req.URLPatterns,
    });
    return { CIMDPolicy: await deps.cimdPolicies.describe(row) };
  },
});

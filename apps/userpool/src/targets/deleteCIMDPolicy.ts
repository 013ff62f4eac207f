import type { DeleteCIMDPolicyRequest, DeleteCIMDPolicyResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { CIMDPolicyId } from "./cimdShapes.js";

type Deps = Pick<Services, "pools" | "cimdPolicies">;

export const deleteCIMDPolicy = defineTarget<DeleteCIMDPolicyRequest>()({
  name: "DeleteCIMDPolicy",
  access: "admin",
  input: z.object({ UserPoolId, CIMDPolicyId }),
  async handle(deps: Deps, req): Promise<DeleteCIMDPolicyResponse> {
    await deps.pools.getPool(req.UserPoolId);
    await deps.cimdPolicies.delete(req.UserPoolId, req.CIMDPolicyId);
    return {};
  },
});

import type {
  UpdateClientMetadataURLStateRequest,
  UpdateClientMetadataURLStateResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { CIMDPolicyId, MetadataURL } from "./cimdShapes.js";

type Deps = Pick<Services, "pools" | "cimdPolicies">;

export const updateClientMetadataURLState = defineTarget<UpdateClientMetadataURLStateRequest>()({
  name: "UpdateClientMetadataURLState",
  access: "admin",
  input: z.object({ UserPoolId, CIMDPolicyId, URL: MetadataURL, Action: z.enum(["REFRESH", "INVALIDATE"]) }),
  async handle(deps: Deps, req): Promise<UpdateClientMetadataURLStateResponse> {
    await deps.pools.getPool(req.UserPoolId);
    await deps.cimdPolicies.updateUrlState(req.UserPoolId, req.CIMDPolicyId, req.URL, req.Action);
    return {};
  },
});

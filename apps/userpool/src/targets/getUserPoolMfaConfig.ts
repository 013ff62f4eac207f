import type {
  GetUserPoolMfaConfigRequest,
  GetUserPoolMfaConfigResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { describeMfaConfig } from "../services/mfa/poolConfig.js";

type Deps = Pick<Services, "pools">;

export const getUserPoolMfaConfig = defineTarget<GetUserPoolMfaConfigRequest>()({
  name: "GetUserPoolMfaConfig",
  access: "admin",
  input: z.object({ UserPoolId }),
  async handle(deps: Deps, req): Promise<GetUserPoolMfaConfigResponse> {
    return describeMfaConfig((await deps.pools.getPool(req.UserPoolId)).settings);
  },
});

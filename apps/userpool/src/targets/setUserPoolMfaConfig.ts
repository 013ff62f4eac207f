import type {
  SetUserPoolMfaConfigRequest,
  SetUserPoolMfaConfigResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { MfaFactorMembers } from "../protocol/poolShapes.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { applyMfaConfig, describeMfaConfig } from "../services/mfa/poolConfig.js";

type Deps = Pick<Services, "pools">;

export const setUserPoolMfaConfig = defineTarget<SetUserPoolMfaConfigRequest>()({
  name: "SetUserPoolMfaConfig",
  access: "admin",
  input: z.object({
    UserPoolId,
    MfaConfiguration: z.enum(["OFF", "ON", "OPTIONAL"]).optional(),
    ...MfaFactorMembers,
    WebAuthnConfiguration: z
      .object({
        RelyingPartyId: z.string().min(1).max(127).optional(),
        UserVerification: z.enum(["required", "preferred"]).optional(),
        FactorConfiguration: z.enum(["SINGLE_FACTOR", "MULTI_FACTOR_WITH_USER_VERIFICATION"]).optional(),
      })
      .optional(),
  }),
  async handle(deps: Deps, req): Promise<SetUserPoolMfaConfigResponse> {
    const { UserPoolId: id, ...config } = req;
    const pool = await deps.pools.getPool(id);
    const saved = await deps.pools.replaceSettings(pool, applyMfaConfig(pool.settings, config));
    return describeMfaConfig(saved.settings);
  },
});

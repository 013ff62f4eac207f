import type {
  SetRiskConfigurationRequest,
  SetRiskConfigurationResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import {
  AccountTakeoverRiskConfiguration,
  CompromisedCredentialsRiskConfiguration,
  RiskExceptionConfiguration,
} from "./riskShapes.js";

type Deps = Pick<Services, "pools" | "riskConfig">;

/** The threat protection settings of a pool, or of one app client (which then stops inheriting the pool's). */
export const setRiskConfiguration = defineTarget<SetRiskConfigurationRequest>()({
  name: "SetRiskConfiguration",
  access: "admin",
  input: z.object({
    UserPoolId,
    ClientId: ClientId.optional(),
    CompromisedCredentialsRiskConfiguration: CompromisedCredentialsRiskConfiguration.optional(),
    AccountTakeoverRiskConfiguration: AccountTakeoverRiskConfiguration.optional(),
    RiskExceptionConfiguration: RiskExceptionConfiguration.optional(),
  }),
  async handle(deps: Deps, req): Promise<SetRiskConfigurationResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    if (req.ClientId) await deps.pools.getClientOfPool(pool.id, req.ClientId);
    const { UserPoolId: _p, ClientId: clientId, ...settings } = req;
    return { RiskConfiguration: await deps.riskConfig.set(pool, clientId, settings) };
  },
});

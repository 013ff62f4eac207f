import type {
  DescribeRiskConfigurationRequest,
  DescribeRiskConfigurationResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "riskConfig">;

/** The stored risk configuration of a pool or client (IDs only when none was set). */
export const describeRiskConfiguration = defineTarget<DescribeRiskConfigurationRequest>()({
  name: "DescribeRiskConfiguration",
  access: "admin",
  input: z.object({ UserPoolId, ClientId: ClientId.optional() }),
  async handle(deps: Deps, req): Promise<DescribeRiskConfigurationResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    if (req.ClientId) await deps.pools.getClientOfPool(pool.id, req.ClientId);
    return { RiskConfiguration: await deps.riskConfig.describe(pool, req.ClientId) };
  },
});

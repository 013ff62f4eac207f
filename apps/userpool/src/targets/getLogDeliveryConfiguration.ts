import type {
  GetLogDeliveryConfigurationRequest,
  GetLogDeliveryConfigurationResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "logDelivery">;

/** API reference, GetLogDeliveryConfiguration: the configurations as SetLogDeliveryConfiguration stored them. */
export const getLogDeliveryConfiguration = defineTarget<GetLogDeliveryConfigurationRequest>()({
  name: "GetLogDeliveryConfiguration",
  access: "admin",
  input: z.object({ UserPoolId }),
  async handle(deps: Deps, req): Promise<GetLogDeliveryConfigurationResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    return {
      LogDeliveryConfiguration: { UserPoolId: pool.id, LogConfigurations: await deps.logDelivery.configuration(pool) },
    };
  },
});

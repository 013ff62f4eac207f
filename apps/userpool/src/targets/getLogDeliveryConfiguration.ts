import type {
  GetLogDeliveryConfigurationRequest,
  GetLogDeliveryConfigurationResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools">;

/** API reference, GetLogDeliveryConfiguration: no pool delivers logs here (see SetLogDeliveryConfiguration). */
export const getLogDeliveryConfiguration = defineTarget<GetLogDeliveryConfigurationRequest>()({
  name: "GetLogDeliveryConfiguration",
  access: "admin",
  input: z.object({ UserPoolId }),
  async handle(deps: Deps, req): Promise<GetLogDeliveryConfigurationResponse> {
    await deps.pools.getPool(req.UserPoolId);
    return { LogDeliveryConfiguration: { UserPoolId: req.UserPoolId, LogConfigurations: [] } };
  },
});

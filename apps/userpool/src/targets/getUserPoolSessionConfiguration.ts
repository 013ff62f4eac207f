import type {
  GetUserPoolSessionConfigurationRequest,
  GetUserPoolSessionConfigurationResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "sessionConfiguration">;

/** API reference, GetUserPoolSessionConfiguration: Cognito's defaults until SetUserPoolSessionConfiguration. */
export const getUserPoolSessionConfiguration = defineTarget<GetUserPoolSessionConfigurationRequest>()({
  name: "GetUserPoolSessionConfiguration",
  access: "admin",
  input: z.object({ UserPoolId }),
  async handle(deps: Deps, req): Promise<GetUserPoolSessionConfigurationResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    return { UserPoolId: pool.id, ...(await deps.sessionConfiguration.poolConfiguration(pool)) };
  },
});

import type {
  GetUserPoolClientSessionConfigurationRequest,
  GetUserPoolClientSessionConfigurationResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "sessionConfiguration">;

/** API reference, GetUserPoolClientSessionConfiguration: MaxValidityMinutes 60 until it is set. */
export const getUserPoolClientSessionConfiguration = defineTarget<GetUserPoolClientSessionConfigurationRequest>()({
  name: "GetUserPoolClientSessionConfiguration",
  access: "admin",
  input: z.object({ UserPoolId, ClientId }),
  async handle(deps: Deps, req): Promise<GetUserPoolClientSessionConfigurationResponse> {
    const client = await deps.pools.getClientOfPool(req.UserPoolId, req.ClientId);
    return {
      UserPoolId: req.UserPoolId,
      ClientId: client.id,
      SSOSession: await deps.sessionConfiguration.clientConfiguration(client),
    };
  },
});

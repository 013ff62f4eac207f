import type {
  SetUserPoolClientSessionConfigurationRequest,
  SetUserPoolClientSessionConfigurationResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "sessionConfiguration">;

/**
 * API reference, SetUserPoolClientSessionConfiguration: how long /oauth2/authorize answers this client from the
 * hosted UI's session, counted from the user's sign-in (0 = always sign in again). Cognito allows up to 129600
 * minutes; beyond the session's own 60 minutes this server refuses the value by name (ADR 0032).
 */
export const setUserPoolClientSessionConfiguration = defineTarget<SetUserPoolClientSessionConfigurationRequest>()({
  name: "SetUserPoolClientSessionConfiguration",
  access: "admin",
  input: z.object({
    UserPoolId,
    ClientId,
    SSOSession: z.object({ MaxValidityMinutes: z.number().int().min(0).max(129600) }),
  }),
  async handle(deps: Deps, req): Promise<SetUserPoolClientSessionConfigurationResponse> {
    const client = await deps.pools.getClientOfPool(req.UserPoolId, req.ClientId);
    return {
      UserPoolId: req.UserPoolId,
      ClientId: client.id,
      SSOSession: await deps.sessionConfiguration.setClientConfiguration(client, req.SSOSession.MaxValidityMinutes),
    };
  },
});

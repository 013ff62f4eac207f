import type { AdminInitiateAuthRequest, AdminInitiateAuthResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import {
  AnalyticsMetadata,
  AuthFlow,
  ClientId,
  ContextData,
  Session,
  StringMap,
  UserPoolId,
} from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import { assertFlowAllowed } from "../services/authFlows.js";
import type { Services } from "../services/index.js";
import { refreshFromAuthParameters } from "../services/refresh.js";

type Deps = Pick<Services, "pools" | "signIn" | "refresh">;

export const adminInitiateAuth = defineTarget<AdminInitiateAuthRequest>()({
  name: "AdminInitiateAuth",
  access: "admin",
  input: z.object({
    UserPoolId,
    ClientId,
    AuthFlow,
    AuthParameters: StringMap.optional(),
    ClientMetadata: StringMap.optional(),
    AnalyticsMetadata: AnalyticsMetadata.optional(),
    ContextData: ContextData.optional(),
    Session: Session.optional(),
  }),
  async handle(deps: Deps, req): Promise<AdminInitiateAuthResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const client = await deps.pools.getClientOfPool(pool.id, req.ClientId);
    const flow = req.AuthFlow;
    if (flow === "USER_PASSWORD_AUTH") throw new InvalidParameterException("Initiate Auth method not supported.");
    assertFlowAllowed(client, flow);
    const ctx = { pool, client, ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}) };
    // Session is ConfirmSignUp's, for signing in after sign-up with USER_AUTH only (ADR 0027).
    if (req.Session !== undefined && flow !== "USER_AUTH")
      throw new InvalidParameterException("Session is only accepted with AuthFlow USER_AUTH.");
    switch (flow) {
      case "ADMIN_USER_PASSWORD_AUTH":
      case "ADMIN_NO_SRP_AUTH":
        return deps.signIn.passwordSignIn(ctx, req.AuthParameters);
      case "USER_SRP_AUTH":
        return deps.signIn.startSrp(ctx, req.AuthParameters);
      case "CUSTOM_AUTH":
        return deps.signIn.startCustom(ctx, req.AuthParameters);
      case "USER_AUTH":
        return deps.signIn.startUserAuth(ctx, req.AuthParameters, req.Session);
      case "REFRESH_TOKEN_AUTH":
      case "REFRESH_TOKEN":
        return {
          ChallengeParameters: {},
          AuthenticationResult: await refreshFromAuthParameters(
            deps,
            pool,
            client,
            req.AuthParameters,
            req.ClientMetadata,
          ),
        };
      default:
        throw new InvalidParameterException(`${flow} is not supported by this server.`);
    }
  },
});

import type { InitiateAuthRequest, InitiateAuthResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { AnalyticsMetadata, AuthFlow, ClientId, Session, StringMap, UserContextData } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import { assertFlowAllowed } from "../services/authFlows.js";
import type { Services } from "../services/index.js";
import { refreshFromAuthParameters } from "../services/refresh.js";

type Deps = Pick<Services, "pools" | "signIn" | "refresh">;

export const initiateAuth = defineTarget<InitiateAuthRequest>()({
  name: "InitiateAuth",
  access: "public",
  input: z.object({
    AuthFlow,
    AuthParameters: StringMap.optional(),
    ClientMetadata: StringMap.optional(),
    ClientId,
    AnalyticsMetadata: AnalyticsMetadata.optional(),
    UserContextData: UserContextData.optional(),
    Session: Session.optional(),
  }),
  async handle(deps: Deps, req): Promise<InitiateAuthResponse> {
    const client = await deps.pools.getClient(req.ClientId);
    const pool = await deps.pools.getPool(client.poolId);
    const flow = req.AuthFlow;
    // Admin flows belong to AdminInitiateAuth (IAM-authorised); Cognito refuses them here.
    if (flow === "ADMIN_NO_SRP_AUTH" || flow === "ADMIN_USER_PASSWORD_AUTH")
      throw new InvalidParameterException("Initiate Auth method not supported.");
    assertFlowAllowed(client, flow);
    const ctx = { pool, client, ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}) };
    // Session is ConfirmSignUp's, for signing in after sign-up with USER_AUTH only (ADR 0027).
    if (req.Session !== undefined && flow !== "USER_AUTH")
      throw new InvalidParameterException("Session is only accepted with AuthFlow USER_AUTH.");
    switch (flow) {
      case "USER_SRP_AUTH":
        return deps.signIn.startSrp(ctx, req.AuthParameters);
      case "USER_PASSWORD_AUTH":
        return deps.signIn.passwordSignIn(ctx, req.AuthParameters);
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

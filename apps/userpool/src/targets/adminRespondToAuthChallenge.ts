import type { AdminRespondToAuthChallengeRequest, AdminRespondToAuthChallengeResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { InvalidParameterException } from "../errors/cognitoErrors.js";
import { AnalyticsMetadata, ChallengeName, ClientId, ContextData, Session, StringMap, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "signIn">;

export const adminRespondToAuthChallenge = defineTarget({
  name: "AdminRespondToAuthChallenge",
  access: "admin",
  input: z.object({
    UserPoolId,
    ClientId,
    ChallengeName,
    ChallengeResponses: StringMap.optional(),
    Session: Session.optional(),
    AnalyticsMetadata: AnalyticsMetadata.optional(),
    ContextData: ContextData.optional(),
    ClientMetadata: StringMap.optional(),
  }),
  async handle(deps: Deps, req: AdminRespondToAuthChallengeRequest): Promise<AdminRespondToAuthChallengeResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId!);
    const client = await deps.pools.getClientOfPool(pool.id, req.ClientId!);
    const ctx = { pool, client, ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}) };
    switch (req.ChallengeName) {
      case "PASSWORD_VERIFIER":
        return deps.signIn.answerPasswordVerifier(ctx, req.ChallengeResponses);
      case "NEW_PASSWORD_REQUIRED":
        return deps.signIn.answerNewPassword(ctx, req.Session, req.ChallengeResponses);
      default:
        throw new InvalidParameterException(`Challenge ${req.ChallengeName} is not supported by this server.`);
    }
  },
});

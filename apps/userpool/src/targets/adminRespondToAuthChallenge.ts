import type {
  AdminRespondToAuthChallengeRequest,
  AdminRespondToAuthChallengeResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import {
  AnalyticsMetadata,
  ChallengeName,
  ClientId,
  ContextData,
  Session,
  StringMap,
  UserPoolId,
} from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { signalsOf } from "../services/risk/riskScore.js";

type Deps = Pick<Services, "pools" | "signIn">;

export const adminRespondToAuthChallenge = defineTarget<AdminRespondToAuthChallengeRequest>()({
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
  async handle(deps: Deps, req, rc): Promise<AdminRespondToAuthChallengeResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const client = await deps.pools.getClientOfPool(pool.id, req.ClientId);
    const ctx = {
      pool,
      client,
      ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
      signals: signalsOf(rc, req.ContextData),
    };
    return deps.signIn.answerChallenge(ctx, req.ChallengeName, req.Session, req.ChallengeResponses);
  },
});

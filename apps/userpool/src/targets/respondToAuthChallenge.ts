import type {
  RespondToAuthChallengeRequest,
  RespondToAuthChallengeResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { AnalyticsMetadata, ChallengeName, ClientId, Session, StringMap, UserContextData } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { signalsOf } from "../services/risk/riskScore.js";

type Deps = Pick<Services, "pools" | "signIn">;

export const respondToAuthChallenge = defineTarget<RespondToAuthChallengeRequest>()({
  name: "RespondToAuthChallenge",
  access: "public",
  input: z.object({
    ClientId,
    ChallengeName,
    Session: Session.optional(),
    ChallengeResponses: StringMap.optional(),
    AnalyticsMetadata: AnalyticsMetadata.optional(),
    UserContextData: UserContextData.optional(),
    ClientMetadata: StringMap.optional(),
  }),
  async handle(deps: Deps, req, rc): Promise<RespondToAuthChallengeResponse> {
    const client = await deps.pools.getClient(req.ClientId);
    const pool = await deps.pools.getPool(client.poolId);
    const ctx = {
      pool,
      client,
      ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
      signals: signalsOf(rc),
    };
    return deps.signIn.answerChallenge(ctx, req.ChallengeName, req.Session, req.ChallengeResponses);
  },
});

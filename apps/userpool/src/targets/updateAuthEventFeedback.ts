import type {
  UpdateAuthEventFeedbackRequest,
  UpdateAuthEventFeedbackResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { EventId, FeedbackValue } from "./riskShapes.js";

type Deps = Pick<Services, "pools" | "users" | "threats">;

/**
 * The user's feedback from the notification e-mail's one-click links: the FeedbackToken the server put in
 * that message proves it, so the operation needs no credentials (Provider "User").
 */
export const updateAuthEventFeedback = defineTarget<UpdateAuthEventFeedbackRequest>()({
  name: "UpdateAuthEventFeedback",
  access: "public",
  input: z.object({
    UserPoolId,
    Username,
    EventId,
    FeedbackToken: z.string().min(1).max(2048),
    FeedbackValue,
  }),
  async handle(deps: Deps, req): Promise<UpdateAuthEventFeedbackResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    await deps.threats.feedback(pool, user, req.EventId, req.FeedbackValue, {
      provider: "User",
      token: req.FeedbackToken,
    });
    return {};
  },
});

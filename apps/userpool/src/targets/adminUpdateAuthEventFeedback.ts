import type {
  AdminUpdateAuthEventFeedbackRequest,
  AdminUpdateAuthEventFeedbackResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { EventId, FeedbackValue } from "./riskShapes.js";

type Deps = Pick<Services, "pools" | "users" | "threats">;

/** An administrator's feedback on an event (Provider "Admin"); the risk score reads it from then on. */
export const adminUpdateAuthEventFeedback = defineTarget<AdminUpdateAuthEventFeedbackRequest>()({
  name: "AdminUpdateAuthEventFeedback",
  access: "admin",
  input: z.object({ UserPoolId, Username, EventId, FeedbackValue }),
  async handle(deps: Deps, req): Promise<AdminUpdateAuthEventFeedbackResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    await deps.threats.feedback(pool, user, req.EventId, req.FeedbackValue, { provider: "Admin" });
    return {};
  },
});

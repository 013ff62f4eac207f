import type {
  AdminListUserAuthEventsRequest,
  AdminListUserAuthEventsResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { AuthEventsMaxResults, AuthEventsNextToken } from "./riskShapes.js";

type Deps = Pick<Services, "pools" | "users" | "threats">;

/** A user's event history (threat protection), newest first. */
export const adminListUserAuthEvents = defineTarget<AdminListUserAuthEventsRequest>()({
  name: "AdminListUserAuthEvents",
  access: "admin",
  input: z.object({
    UserPoolId,
    Username,
    MaxResults: AuthEventsMaxResults.optional(),
    NextToken: AuthEventsNextToken.optional(),
  }),
  async handle(deps: Deps, req): Promise<AdminListUserAuthEventsResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    return deps.threats.list(pool, user, req.MaxResults, req.NextToken);
  },
});

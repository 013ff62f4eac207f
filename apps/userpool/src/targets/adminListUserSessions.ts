import type {
  AdminListUserSessionsRequest,
  AdminListUserSessionsResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { SessionsNextToken } from "./sessionShapes.js";

type Deps = Pick<Services, "pools" | "users" | "sessions">;

/** ListUserSessions on an administrator's behalf; IsCurrentSession is always false. */
export const adminListUserSessions = defineTarget<AdminListUserSessionsRequest>()({
  name: "AdminListUserSessions",
  access: "admin",
  input: z.object({ UserPoolId, Username, NextToken: SessionsNextToken.optional() }),
  async handle(deps: Deps, req): Promise<AdminListUserSessionsResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    return deps.sessions.list(pool, user, req.NextToken);
  },
});

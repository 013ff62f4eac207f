import type {
  AdminRevokeUserSessionRequest,
  AdminRevokeUserSessionResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { RevokeAssociatedSessions, SessionId } from "./sessionShapes.js";

type Deps = Pick<Services, "pools" | "users" | "sessions">;

/** Ends one session of the user; the Username must own the SessionId (API reference, AdminRevokeUserSession). */
export const adminRevokeUserSession = defineTarget<AdminRevokeUserSessionRequest>()({
  name: "AdminRevokeUserSession",
  access: "admin",
  input: z.object({ UserPoolId, Username, SessionId, RevokeAssociatedSessions }),
  async handle(deps: Deps, req): Promise<AdminRevokeUserSessionResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    await deps.sessions.revoke(pool, user, req.SessionId, {
      ...(req.RevokeAssociatedSessions ? { revokeAssociated: req.RevokeAssociatedSessions } : {}),
    });
    return {};
  },
});

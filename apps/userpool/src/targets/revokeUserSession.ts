import type { RevokeUserSessionRequest, RevokeUserSessionResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";
import { RevokeAssociatedSessions, SessionId } from "./sessionShapes.js";

type Deps = Pick<Services, "accessTokens" | "sessions">;

/** Ends another of the signed-in user's sessions (not the caller's own), as RevokeToken would. */
export const revokeUserSession = defineTarget<RevokeUserSessionRequest>()({
  name: "RevokeUserSession",
  access: "public",
  input: z.object({ AccessToken: Token, SessionId, RevokeAssociatedSessions }),
  async handle(deps: Deps, req): Promise<RevokeUserSessionResponse> {
    const { pool, user, claims } = await authenticateUser(deps, req.AccessToken);
    await deps.sessions.revoke(pool, user, req.SessionId, {
      ...(req.RevokeAssociatedSessions ? { revokeAssociated: req.RevokeAssociatedSessions } : {}),
      // A token without an origin belongs to no listed session, so it can revoke any of them.
      ...(claims.origin_jti ? { currentOrigin: claims.origin_jti } : {}),
    });
    return {};
  },
});

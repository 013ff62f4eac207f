import type { ListUserSessionsRequest, ListUserSessionsResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";
import { SessionsNextToken } from "./sessionShapes.js";

type Deps = Pick<Services, "accessTokens" | "sessions">;

/** The signed-in user's live sessions; IsCurrentSession marks the one the access token belongs to. */
export const listUserSessions = defineTarget<ListUserSessionsRequest>()({
  name: "ListUserSessions",
  access: "public",
  input: z.object({ AccessToken: Token, NextToken: SessionsNextToken.optional() }),
  async handle(deps: Deps, req): Promise<ListUserSessionsResponse> {
    const { pool, user, claims } = await authenticateUser(deps, req.AccessToken);
    return deps.sessions.list(pool, user, req.NextToken, claims.origin_jti);
  },
});

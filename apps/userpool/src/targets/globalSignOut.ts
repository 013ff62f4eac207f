import type { GlobalSignOutRequest, GlobalSignOutResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "revocation">;

/** Signs the user out everywhere: every refresh token dies and the userpool's APIs refuse the user's access tokens. */
export const globalSignOut = defineTarget<GlobalSignOutRequest>()({
  name: "GlobalSignOut",
  access: "public",
  input: z.object({ AccessToken: Token }),
  async handle(deps: Deps, req): Promise<GlobalSignOutResponse> {
    const { pool, user } = await authenticateUser(deps, req.AccessToken);
    await deps.revocation.signOutEverywhere(pool, user);
    return {};
  },
});

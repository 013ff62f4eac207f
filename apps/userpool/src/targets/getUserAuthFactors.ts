import type { GetUserAuthFactorsRequest, GetUserAuthFactorsResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import { userAuthFactors } from "../services/authFactors.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "mfa" | "passwords" | "webAuthn">;

/** The signed-in user's MFA settings and the factors it can sign in with (USER_AUTH). */
export const getUserAuthFactors = defineTarget<GetUserAuthFactorsRequest>()({
  name: "GetUserAuthFactors",
  access: "public",
  input: z.object({ AccessToken: Token }),
  async handle(deps: Deps, req): Promise<GetUserAuthFactorsResponse> {
    const { pool, user } = await authenticateUser(deps, req.AccessToken);
    return userAuthFactors(deps, pool, user);
  },
});

import type {
  AdminGetUserAuthFactorsRequest,
  AdminGetUserAuthFactorsResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import { userAuthFactors } from "../services/authFactors.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "mfa" | "passwords" | "webAuthn">;

/** A user's MFA settings and the factors it can sign in with (USER_AUTH). */
export const adminGetUserAuthFactors = defineTarget<AdminGetUserAuthFactorsRequest>()({
  name: "AdminGetUserAuthFactors",
  access: "admin",
  input: z.object({ UserPoolId, Username }),
  async handle(deps: Deps, req): Promise<AdminGetUserAuthFactorsResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    return userAuthFactors(deps, pool, await deps.users.get(pool, req.Username));
  },
});

import type {
  AdminDeleteSoftwareTokenRequest,
  AdminDeleteSoftwareTokenResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "mfa">;

/**
 * An administrator removes a user's authenticator app (a lost phone): TOTP MFA is off and the user
 * may associate a new app (API reference, AdminDeleteSoftwareToken). A user without one is left as is.
 */
export const adminDeleteSoftwareToken = defineTarget<AdminDeleteSoftwareTokenRequest>()({
  name: "AdminDeleteSoftwareToken",
  access: "admin",
  input: z.object({ UserPoolId, Username }),
  async handle(deps: Deps, req): Promise<AdminDeleteSoftwareTokenResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    await deps.mfa.deleteSoftwareToken(pool, user);
    return {};
  },
});

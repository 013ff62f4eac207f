import type {
  AdminUserGlobalSignOutRequest,
  AdminUserGlobalSignOutResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "revocation">;

/** GlobalSignOut on an administrator's behalf. */
export const adminUserGlobalSignOut = defineTarget<AdminUserGlobalSignOutRequest>()({
  name: "AdminUserGlobalSignOut",
  access: "admin",
  input: z.object({ UserPoolId, Username }),
  async handle(deps: Deps, req): Promise<AdminUserGlobalSignOutResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    await deps.revocation.signOutEverywhere(pool, user);
    return {};
  },
});

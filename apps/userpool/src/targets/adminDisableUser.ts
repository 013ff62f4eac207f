import type { AdminDisableUserRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "revocation">;

export const adminDisableUser = defineTarget<AdminDisableUserRequest>()({
  name: "AdminDisableUser",
  access: "admin",
  input: z.object({ UserPoolId, Username }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    // Sign-in, refresh and access-token checks all read `enabled`; Cognito also revokes the user's
    // access tokens (API reference, AdminDisableUser), so those stay dead when the user is enabled again.
    await deps.users.update(pool, user, { enabled: false });
    await deps.revocation.revokeAccessTokens(pool, user);
    return {};
  },
});

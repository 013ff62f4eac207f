import type {
  AdminResetUserPasswordRequest,
  AdminResetUserPasswordResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { StringMap, UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "passwordReset" | "revocation">;

export const adminResetUserPassword = defineTarget<AdminResetUserPasswordRequest>()({
  name: "AdminResetUserPassword",
  access: "admin",
  input: z.object({ UserPoolId, Username, ClientMetadata: StringMap.optional() }),
  async handle(deps: Deps, req): Promise<AdminResetUserPasswordResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    await deps.passwordReset.adminResetUserPassword({
      pool,
      user,
      ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
    });
    if (pool.settings.RevokeSessionsOnPasswordChange) await deps.revocation.endOtherSessions(pool, user);
    return {};
  },
});

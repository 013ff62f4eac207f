import type { AdminSetUserPasswordRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { Password, UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "passwords" | "accountPasswords">;

export const adminSetUserPassword = defineTarget<AdminSetUserPasswordRequest>()({
  name: "AdminSetUserPassword",
  access: "admin",
  input: z.object({ UserPoolId, Username, Password, Permanent: z.boolean().optional() }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    deps.passwords.checkPolicy(pool.settings.Policies.PasswordPolicy, req.Password, "other");
    // Permanent: the user signs in normally; otherwise the password is temporary and NEW_PASSWORD_REQUIRED follows.
    // (accountPasswords also clears the lockout and applies RevokeSessionsOnPasswordChange.)
    await deps.accountPasswords.replace(pool, user, req.Password, {
      status: req.Permanent ? "CONFIRMED" : "FORCE_CHANGE_PASSWORD",
    });
    return {};
  },
});

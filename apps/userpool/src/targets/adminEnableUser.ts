import type { AdminEnableUserRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users">;

export const adminEnableUser = defineTarget<AdminEnableUserRequest>()({
  name: "AdminEnableUser",
  access: "admin",
  input: z.object({ UserPoolId, Username }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    await deps.users.update(pool, user, { enabled: true });
    return {};
  },
});

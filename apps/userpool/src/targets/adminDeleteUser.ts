import type { AdminDeleteUserRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users">;

export const adminDeleteUser = defineTarget<AdminDeleteUserRequest>()({
  name: "AdminDeleteUser",
  access: "admin",
  input: z.object({ UserPoolId, Username }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    // Refresh tokens, codes, aliases and sessions go with the user (cascade), so nothing of it still works.
    await deps.users.delete(pool, user);
    return {};
  },
});

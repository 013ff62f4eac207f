import type { DeleteUserRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { Token } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { authenticateUser } from "../services/userApi.js";

type Deps = Pick<Services, "accessTokens" | "users">;

/** The signed-in user deletes itself: refresh tokens, codes, groups and aliases go with it (cascade). */
export const deleteUser = defineTarget<DeleteUserRequest>()({
  name: "DeleteUser",
  access: "public",
  input: z.object({ AccessToken: Token }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    const { pool, user } = await authenticateUser(deps, req.AccessToken);
    await deps.users.delete(pool, user);
    return {};
  },
});

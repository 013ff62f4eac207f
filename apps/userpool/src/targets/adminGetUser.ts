import type { AdminGetUserRequest, AdminGetUserResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId, Username } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import { toAttributeList } from "../services/attributes.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "users" | "mfa">;

export const adminGetUser = defineTarget<AdminGetUserRequest>()({
  name: "AdminGetUser",
  access: "admin",
  input: z.object({ UserPoolId, Username }),
  async handle(deps: Deps, req): Promise<AdminGetUserResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const user = await deps.users.get(pool, req.Username);
    const mfaOptions = await deps.mfa.legacyOptions(pool, user);
    return {
      Username: user.username,
      UserAttributes: toAttributeList(user.attributes),
      UserCreateDate: new Date(user.createdAt),
      UserLastModifiedDate: new Date(user.updatedAt),
      Enabled: user.enabled,
      UserStatus: user.status,
      ...(await deps.mfa.describe(pool, user)),
      ...(mfaOptions.length ? { MFAOptions: mfaOptions } : {}),
    };
  },
});

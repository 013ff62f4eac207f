import type { DeleteUserPoolRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "keys">;

export const deleteUserPool = defineTarget<DeleteUserPoolRequest>()({
  name: "DeleteUserPool",
  access: "admin",
  input: z.object({ UserPoolId }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    await deps.pools.deletePool(req.UserPoolId);
    deps.keys.forget(req.UserPoolId);
    return {};
  },
});

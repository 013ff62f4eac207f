import type {
  AdminDisableProviderForUserRequest,
  AdminDisableProviderForUserResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { ProviderUserIdentifier } from "./providerUserShapes.js";

type Deps = Pick<Services, "pools" | "providerLinks">;

export const adminDisableProviderForUser = defineTarget<AdminDisableProviderForUserRequest>()({
  name: "AdminDisableProviderForUser",
  access: "admin",
  input: z.object({ UserPoolId, User: ProviderUserIdentifier }),
  async handle(deps: Deps, req): Promise<AdminDisableProviderForUserResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    await deps.providerLinks.disable(pool, req.User);
    return {};
  },
});

import type { DeleteIdentityProviderRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ProviderName, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "identityProviders">;

export const deleteIdentityProvider = defineTarget<DeleteIdentityProviderRequest>()({
  name: "DeleteIdentityProvider",
  access: "admin",
  input: z.object({ UserPoolId, ProviderName }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    await deps.pools.getPool(req.UserPoolId);
    await deps.identityProviders.delete(req.UserPoolId, req.ProviderName);
    return {};
  },
});

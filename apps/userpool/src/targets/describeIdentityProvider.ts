import type {
  DescribeIdentityProviderRequest,
  DescribeIdentityProviderResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ProviderName, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "identityProviders">;

export const describeIdentityProvider = defineTarget<DescribeIdentityProviderRequest>()({
  name: "DescribeIdentityProvider",
  access: "admin",
  input: z.object({ UserPoolId, ProviderName }),
  async handle(deps: Deps, req): Promise<DescribeIdentityProviderResponse> {
    await deps.pools.getPool(req.UserPoolId);
    return {
      IdentityProvider: deps.identityProviders.describe(
        await deps.identityProviders.get(req.UserPoolId, req.ProviderName),
      ),
    };
  },
});

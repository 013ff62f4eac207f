import type {
  ListIdentityProvidersRequest,
  ListIdentityProvidersResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { PaginationKey, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "identityProviders">;

export const listIdentityProviders = defineTarget<ListIdentityProvidersRequest>()({
  name: "ListIdentityProviders",
  access: "admin",
  input: z.object({
    UserPoolId,
    MaxResults: z.number().int().min(1).max(60).optional(),
    NextToken: PaginationKey.optional(),
  }),
  async handle(deps: Deps, req): Promise<ListIdentityProvidersResponse> {
    await deps.pools.getPool(req.UserPoolId);
    const { providers, nextToken } = await deps.identityProviders.list(
      req.UserPoolId,
      req.MaxResults ?? 60,
      req.NextToken,
    );
    return {
      Providers: providers.map((p) => deps.identityProviders.summary(p)),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  },
});

import type {
  CreateIdentityProviderRequest,
  CreateIdentityProviderResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ProviderName, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { IdpIdentifiers, ProviderDetails, AttributeMapping, ProviderType } from "./identityProviderShapes.js";

type Deps = Pick<Services, "pools" | "identityProviders">;

export const createIdentityProvider = defineTarget<CreateIdentityProviderRequest>()({
  name: "CreateIdentityProvider",
  access: "admin",
  input: z.object({
    UserPoolId,
    ProviderName,
    ProviderType,
    ProviderDetails,
    AttributeMapping: AttributeMapping.optional(),
    IdpIdentifiers: IdpIdentifiers.optional(),
  }),
  async handle(deps: Deps, req): Promise<CreateIdentityProviderResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const p = await deps.identityProviders.create(pool, {
      name: req.ProviderName,
      type: req.ProviderType,
      details: req.ProviderDetails,
      ...(req.AttributeMapping ? { attributeMapping: req.AttributeMapping } : {}),
      ...(req.IdpIdentifiers ? { idpIdentifiers: req.IdpIdentifiers } : {}),
    });
    return { IdentityProvider: deps.identityProviders.describe(p) };
  },
});

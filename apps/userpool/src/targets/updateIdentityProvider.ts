import type {
  UpdateIdentityProviderRequest,
  UpdateIdentityProviderResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ProviderName, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { AttributeMapping, IdpIdentifiers, ProviderDetails } from "./identityProviderShapes.js";

type Deps = Pick<Services, "pools" | "identityProviders">;

export const updateIdentityProvider = defineTarget<UpdateIdentityProviderRequest>()({
  name: "UpdateIdentityProvider",
  access: "admin",
  input: z.object({
    UserPoolId,
    ProviderName,
    ProviderDetails: ProviderDetails.optional(),
    AttributeMapping: AttributeMapping.optional(),
    IdpIdentifiers: IdpIdentifiers.optional(),
  }),
  async handle(deps: Deps, req): Promise<UpdateIdentityProviderResponse> {
    const pool = await deps.pools.getPool(req.UserPoolId);
    const p = await deps.identityProviders.update(pool, req.ProviderName, {
      ...(req.ProviderDetails ? { details: req.ProviderDetails } : {}),
      ...(req.AttributeMapping ? { attributeMapping: req.AttributeMapping } : {}),
      ...(req.IdpIdentifiers ? { idpIdentifiers: req.IdpIdentifiers } : {}),
    });
    return { IdentityProvider: deps.identityProviders.describe(p) };
  },
});

import type {
  GetIdentityProviderByIdentifierRequest,
  GetIdentityProviderByIdentifierResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ResourceNotFoundException } from "../errors/cognitoErrors.js";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools" | "identityProviders">;

/** The provider whose IdpIdentifiers hold the identifier (API reference: 1 to 40 characters, [\w\s+=.@-]+). */
export const getIdentityProviderByIdentifier = defineTarget<GetIdentityProviderByIdentifierRequest>()({
  name: "GetIdentityProviderByIdentifier",
  access: "admin",
  input: z.object({
    UserPoolId,
    IdpIdentifier: z
      .string()
      .min(1)
      .max(40)
      .regex(/^[\w\s+=.@-]+$/u),
  }),
  async handle(deps: Deps, req): Promise<GetIdentityProviderByIdentifierResponse> {
    await deps.pools.getPool(req.UserPoolId);
    const p = await deps.identityProviders.findByIdentifier(req.UserPoolId, req.IdpIdentifier);
    if (!p) throw new ResourceNotFoundException(`No identity provider has the identifier ${req.IdpIdentifier}.`);
    return { IdentityProvider: deps.identityProviders.describe(p) };
  },
});

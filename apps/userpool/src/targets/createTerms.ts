import type { CreateTermsRequest, CreateTermsResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { Links, TermsEnforcement, TermsName, TermsSource } from "./brandingShapes.js";

type Deps = Pick<Services, "terms">;

/** API reference, CreateTerms: one document per TermsName and app client (TermsExistsException). */
export const createTerms = defineTarget<CreateTermsRequest>()({
  name: "CreateTerms",
  access: "admin",
  input: z.object({
    UserPoolId,
    ClientId,
    TermsName,
    TermsSource,
    Enforcement: TermsEnforcement,
    Links: Links.optional(),
  }),
  async handle(deps: Deps, req): Promise<CreateTermsResponse> {
    return { Terms: await deps.terms.create(req.UserPoolId, req.ClientId, req) };
  },
});

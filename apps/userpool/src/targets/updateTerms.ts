import type { UpdateTermsRequest, UpdateTermsResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { Links, TermsEnforcement, TermsName, TermsSource, UuidV4 } from "./brandingShapes.js";

type Deps = Pick<Services, "terms">;

/** API reference, UpdateTerms: the members given replace the stored ones. */
export const updateTerms = defineTarget<UpdateTermsRequest>()({
  name: "UpdateTerms",
  access: "admin",
  input: z.object({
    TermsId: UuidV4,
    UserPoolId,
    TermsName: TermsName.optional(),
    TermsSource: TermsSource.optional(),
    Enforcement: TermsEnforcement.optional(),
    Links: Links.optional(),
  }),
  async handle(deps: Deps, req): Promise<UpdateTermsResponse> {
    return { Terms: await deps.terms.update(req.UserPoolId, req.TermsId, req) };
  },
});

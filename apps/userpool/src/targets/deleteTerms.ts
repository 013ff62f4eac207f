import type { DeleteTermsRequest } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { UuidV4 } from "./brandingShapes.js";

type Deps = Pick<Services, "terms">;

/** API reference, DeleteTerms. */
export const deleteTerms = defineTarget<DeleteTermsRequest>()({
  name: "DeleteTerms",
  access: "admin",
  input: z.object({ TermsId: UuidV4, UserPoolId }),
  async handle(deps: Deps, req): Promise<Record<string, never>> {
    await deps.terms.delete(req.UserPoolId, req.TermsId);
    return {};
  },
});

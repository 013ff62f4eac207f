import type { DescribeTermsRequest, DescribeTermsResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { UuidV4 } from "./brandingShapes.js";

type Deps = Pick<Services, "terms">;

/** API reference, DescribeTerms. */
export const describeTerms = defineTarget<DescribeTermsRequest>()({
  name: "DescribeTerms",
  access: "admin",
  input: z.object({ TermsId: UuidV4, UserPoolId }),
  async handle(deps: Deps, req): Promise<DescribeTermsResponse> {
    return { Terms: await deps.terms.describe(req.UserPoolId, req.TermsId) };
  },
});

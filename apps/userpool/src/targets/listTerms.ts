import type { ListTermsRequest, ListTermsResponse } from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "terms">;

/** API reference, ListTerms: MaxResults 1–60 (default 60 here), paged by NextToken. */
export const listTerms = defineTarget<ListTermsRequest>()({
  name: "ListTerms",
  access: "admin",
  input: z.object({
    UserPoolId,
    MaxResults: z.number().int().min(1).max(60).optional(),
    NextToken: z.string().min(1).max(131072).optional(),
  }),
  async handle(deps: Deps, req): Promise<ListTermsResponse> {
    return deps.terms.list(req.UserPoolId, req.MaxResults ?? 60, req.NextToken);
  },
});

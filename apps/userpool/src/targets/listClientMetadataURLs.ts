import type {
  ListClientMetadataURLsRequest,
  ListClientMetadataURLsResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { PaginationKey, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { CIMDPolicyId, MaxResults } from "./cimdShapes.js";

type Deps = Pick<Services, "pools" | "cimdPolicies">;

export const listClientMetadataURLs = defineTarget<ListClientMetadataURLsRequest>()({
  name: "ListClientMetadataURLs",
  access: "admin",
  input: z.object({ UserPoolId, CIMDPolicyId, MaxResults: MaxResults.optional(), NextToken: PaginationKey.optional() }),
  async handle(deps: Deps, req): Promise<ListClientMetadataURLsResponse> {
    await deps.pools.getPool(req.UserPoolId);
    const { urls, next } = await deps.cimdPolicies.listUrls(
      req.UserPoolId,
      req.CIMDPolicyId,
      req.MaxResults ?? 60,
      req.NextToken,
    );
    return { ClientMetadataURLs: urls, ...(next ? { NextToken: next } : {}) };
  },
});

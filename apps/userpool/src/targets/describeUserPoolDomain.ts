import type {
  DescribeUserPoolDomainRequest,
  DescribeUserPoolDomainResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { DomainName } from "./createUserPoolDomain.js";

type Deps = Pick<Services, "domains">;

export const describeUserPoolDomain = defineTarget<DescribeUserPoolDomainRequest>()({
  name: "DescribeUserPoolDomain",
  access: "admin",
  input: z.object({ Domain: DomainName }),
  async handle(deps: Deps, req): Promise<DescribeUserPoolDomainResponse> {
    const row = await deps.domains.get(req.Domain);
    // Cognito answers an unknown domain with an empty description, not an error.
    return { DomainDescription: row ? deps.domains.describe(row) : {} };
  },
});

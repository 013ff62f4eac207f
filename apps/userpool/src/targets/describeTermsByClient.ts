import type {
  DescribeTermsByClientRequest,
  DescribeTermsByClientResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { TermsName } from "./brandingShapes.js";

type Deps = Pick<Services, "terms">;

/** The app client's terms document of that name (in the SDK since 3.1169; not yet in the published reference). */
export const describeTermsByClient = defineTarget<DescribeTermsByClientRequest>()({
  name: "DescribeTermsByClient",
  access: "admin",
  input: z.object({ ClientId, UserPoolId, TermsName }),
  async handle(deps: Deps, req): Promise<DescribeTermsByClientResponse> {
    return { Terms: await deps.terms.describeByClient(req.UserPoolId, req.ClientId, req.TermsName) };
  },
});

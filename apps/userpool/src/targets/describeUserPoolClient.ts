import type {
  DescribeUserPoolClientRequest,
  DescribeUserPoolClientResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { ClientId, UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";

type Deps = Pick<Services, "pools">;

export const describeUserPoolClient = defineTarget<DescribeUserPoolClientRequest>()({
  name: "DescribeUserPoolClient",
  access: "admin",
  input: z.object({ UserPoolId, ClientId }),
  async handle(deps: Deps, req): Promise<DescribeUserPoolClientResponse> {
    const client = await deps.pools.getClientOfPool(req.UserPoolId, req.ClientId);
    return { UserPoolClient: deps.pools.describeClient(client) };
  },
});

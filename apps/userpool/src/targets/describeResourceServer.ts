import type {
  DescribeResourceServerRequest,
  DescribeResourceServerResponse,
} from "@aws-sdk/client-cognito-identity-provider";
import { z } from "zod";
import { UserPoolId } from "../protocol/fields.js";
import { defineTarget } from "../protocol/target.js";
import type { Services } from "../services/index.js";
import { Identifier } from "./resourceServerShapes.js";

type Deps = Pick<Services, "pools" | "resourceServers">;

export const describeResourceServer = defineTarget<DescribeResourceServerRequest>()({
  name: "DescribeResourceServer",
  access: "admin",
  input: z.object({ UserPoolId, Identifier }),
  async handle(deps: Deps, req): Promise<DescribeResourceServerResponse> {
    await deps.pools.getPool(req.UserPoolId);
    return {
      ResourceServer: deps.resourceServers.describe(await deps.resourceServers.get(req.UserPoolId, req.Identifier)),
    };
  },
});
